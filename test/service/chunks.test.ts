// Paragraph starts found again after an edit, from the old ones, must be those a fresh reading
// of the whole text finds, including the cuts in paragraphs too long to read whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { chunking, rechunk } from '../../server/src/service/text/chunks';
import { params, runs } from '../reliability/arbitraries';

const LINE = fc.constantFrom('Stalin came.', 'and then', 'Kame-', 'nev', '', ' ', '\t', '\r', 'The end!', '“So.”', 'x'.repeat(700) + '.', 'y'.repeat(900));
const BREAK = fc.constantFrom('\n', '\n', '\n\n', '\n \n', '\r\n', '\r\n\r\n', '\n\n\n', ' ');
const text = fc.array(fc.tuple(LINE, BREAK), { maxLength: 120 }).map((parts) => parts.map(([l, b]) => l + b).join(''));
/** A long paragraph: sentences on lines, no blank line, well past the 32 KB a paragraph may have. */
const longParagraph = fc.integer({ min: 40_000, max: 90_000 }).map((n) => 'A sentence of the memoir.\nand a line running on\n'.repeat(Math.ceil(n / 47)));

const edit = fc.tuple(fc.nat(), fc.nat(60), fc.constantFrom('', 'x', '\n', '\n\n', ' \n', 'Stalin.\n', '\r\n\r\n', '.\n'));

function applied(t: string, [at, length, insert]: [number, number, string]): string {
  const start = t.length ? at % (t.length + 1) : 0;
  return t.slice(0, start) + insert + t.slice(Math.min(t.length, start + length));
}

test(`random edits: the starts found again equal a fresh chunking [${runs(400)} cases]`, () => {
  fc.assert(
    fc.property(fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.tuple(text, longParagraph, text).map((p) => p.join('\n\n')) }), fc.array(edit, { minLength: 1, maxLength: 4 }), (start, edits) => {
      let old = { text: start, ...chunking(start) };
      for (const e of edits) {
        const next = applied(old.text, e);
        const again = rechunk(next, old);
        const fresh = chunking(next);
        assert.deepEqual(again.starts, fresh.starts);
        assert.deepEqual([...again.cuts].sort((a, b) => a - b), [...fresh.cuts].sort((a, b) => a - b));
        // What it reuses is old paragraphs, unchanged.
        const end = (s: number[], i: number, length: number) => s[i + 1] ?? length;
        for (let i = 0; i < again.head; i++) assert.equal(next.slice(again.starts[i], end(again.starts, i, next.length)), old.text.slice(old.starts[i], end(old.starts, i, old.text.length)));
        for (let k = 1; k <= again.tail; k++) {
          const i = again.starts.length - k;
          const j = old.starts.length - k;
          assert.equal(next.slice(again.starts[i], end(again.starts, i, next.length)), old.text.slice(old.starts[j], end(old.starts, j, old.text.length)));
        }
        old = { text: next, ...fresh };
      }
    }),
    params(runs(400)),
  );
});

test('a long paragraph is cut, and an edit that shortens it below the limit removes the cut', () => {
  const long = 'A sentence.\n'.repeat(3000);
  const before = chunking(long);
  assert.ok(before.cuts.size > 0);
  const shorter = long.slice(0, 20_000);
  assert.deepEqual(rechunk(shorter, { text: long, ...before }).starts, chunking(shorter).starts);
  assert.equal(chunking(shorter).cuts.size, 0);
});
