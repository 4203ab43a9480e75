// A new version of a document is read again only near its edit when the edit leaves what the
// document holds unchanged (see server/src/service/reading.ts). Whatever the edit, the result must
// be what a fresh reading of the new text gives, also where the edit moves a mention across the
// distance that settles a shared name or supports a garble.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { createLanguageService, type LanguageService } from '../../server/src/service';
import { CONTEXT_WINDOW } from '../../server/src/service/recognition/mentions';
import { LOCAL } from '../../server/src/service/variants/evidence';
import { params, piece, runs } from '../reliability/arbitraries';
import { entityFiles, lexicon } from './fixtures';

const FILES = entityFiles();
const BASE = createLanguageService(FILES, { lexicon });
const service = () => createLanguageService(FILES, { lexicon, parsedEntityFiles: BASE.kb.parsed });
const URI = 'file:///ws/book.txt';

/** Lower-case prose of exactly `n` characters, with no name in it. */
function filler(n: number): string {
  return 'and so the talk went on '.repeat(Math.ceil(n / 24) + 1).slice(0, n);
}

function comparable(s: LanguageService) {
  return { mentions: s.analysis(URI)!.mentions.map((m) => ({ ...m })), diagnostics: s.diagnostics(URI) };
}

function fresh(text: string) {
  const s = service();
  s.updateSource({ uri: URI, version: 1, text });
  return comparable(s);
}

test('a quiet edit is read near the edit only, and reads as a fresh analysis does', () => {
  const text = `Lev Kamenev spoke. ${filler(6000)} Kamenev agreed. ${filler(6000)} Bryumkin and Blumkin and Blumkin came.`;
  const s = service();
  s.updateSource({ uri: URI, version: 1, text });
  s.diagnostics(URI);
  const edited = text.replace('talk went', 'talk wentx');
  s.updateSource({ uri: URI, version: 2, text: edited });
  assert.equal(s.analysis(URI)!.rebased, true);
  assert.deepEqual(comparable(s), fresh(edited));
});

/**
 * Moves `tail` one character across `gap` characters of prose after `head`, both ways, and checks
 * that what `reads` says changes, that the edit is read afresh, and that it reads as a fresh analysis.
 */
function crossing(head: string, gap: number, tail: string, reads: (s: LanguageService) => boolean): void {
  for (const [from, to] of [
    [gap, gap + 1],
    [gap + 1, gap],
  ] as const) {
    const s = service();
    s.updateSource({ uri: URI, version: 1, text: `${head}${filler(from)} ${tail}` });
    const before = reads(s);
    const edited = `${head}${filler(to)} ${tail}`;
    s.updateSource({ uri: URI, version: 2, text: edited });
    assert.notEqual(before, reads(s), 'the edit moves the mention across the distance');
    assert.equal(s.analysis(URI)!.rebased, false);
    assert.deepEqual(comparable(s), fresh(edited));
  }
}

test('an edit that moves a shared name out of reach of the mention that settled it is read afresh', () => {
  // "Kamenev" is Lev's while "Lev Kamenev" stands within CONTEXT_WINDOW characters before it:
  // from the end of "Lev Kamenev" to the start of "Kamenev" are " spoke. ", the prose and a space.
  crossing('Lev Kamenev spoke. ', CONTEXT_WINDOW - ' spoke. '.length - 1, 'Kamenev agreed.', (s) => s.analysis(URI)!.mentions.at(-1)!.resolution === 'ambiguous');
});

test('an edit that moves a garble out of reach of the mention that supports it is read afresh', () => {
  // "Ilyumkin" is read as Blumkin only with "Blumkin" written within LOCAL characters of it.
  const head = 'Blumkin said. ';
  crossing(head, LOCAL - head.length - 1, 'Ilyumkin left.', (s) => s.analysis(URI)!.mentions.some((m) => m.garbled));
});

const counts = { edits: 0, rebased: 0 };

/** Names and garbles apart by stretches of prose close to the distances that matter. */
const longDocument = fc
  .array(fc.tuple(piece, fc.constantFrom(CONTEXT_WINDOW, LOCAL, 60, 300), fc.integer({ min: -12, max: 12 }), fc.constantFrom(' ', '\n', '\n\n', '. ')), { minLength: 2, maxLength: 12 })
  .map((parts) => parts.map(([p, distance, off, sep]) => p + sep + filler(Math.max(0, distance + off)) + sep).join(''));
const smallEdit = fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('', 'x', 'ab', ' ', '\n', 'Stalin ', '\n\n'));

test(`random edits near the distances that matter read as a fresh analysis does [${runs(60)} cases]`, () => {
  fc.assert(
    fc.property(longDocument, fc.array(smallEdit, { minLength: 1, maxLength: 6 }), (start, edits) => {
      const s = service();
      let text = start;
      s.updateSource({ uri: URI, version: 1, text });
      s.diagnostics(URI);
      let version = 1;
      for (const [at, length, insert] of edits) {
        const p = at % (text.length + 1);
        text = text.slice(0, p) + insert + text.slice(p + length);
        s.updateSource({ uri: URI, version: ++version, text });
        assert.deepEqual(comparable(s), fresh(text));
        counts.edits++;
        if (s.analysis(URI)!.rebased) counts.rebased++;
      }
    }),
    params(runs(60)),
  );
  assert.ok(counts.rebased > 0, 'some edits were read near the edit only');
  assert.ok(counts.rebased < counts.edits, 'some edits were read afresh');
});

after(() => console.log(`rebase: ${counts.edits} random edits, ${counts.rebased} of them read near the edit only`));
