// Property-based tests of the language service (issue 7): random documents and random edit
// sequences, with the invariants every feature must keep whatever the text holds.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { createLanguageService, type LanguageService, type Range } from '../../server/src/service';
import { entityFiles, lexicon } from '../service/fixtures';
import {
  assertRangeInside,
  documentOf,
  garbledName,
  linesOf,
  longLineDocument,
  params,
  runs,
  piece,
  probePositions,
  withLineEndings,
  type Lines,
} from './arbitraries';

const FILES = entityFiles();
const ENTITY_TEXT = new Map(FILES.map((f) => [f.uri, f.text]));
const BASE = createLanguageService(FILES, { lexicon });
const DOC = 'file:///ws/doc.txt';
const OTHER = 'file:///ws/other.txt';
const OTHER_TEXT = 'Karl Pauker came in. Bokor left. Pauker stayed.\nBliumkin, Bliumkin and Blumkin.\n';
const DISMISSALS = 'file:///ws/.annalist/not-variants.yaml';
const CODES = new Set(['ambiguous-name', 'garbled-name', 'inconsistent-spelling']);

/** A new service over the fixture knowledge base (parsed once), with a second document and a dismissals file. */
function freshService(): LanguageService {
  const service = createLanguageService(FILES, { lexicon, parsedEntityFiles: BASE.kb.parsed });
  service.setDismissals({ uri: DISMISSALS, text: '', exists: false });
  service.updateSource({ uri: OTHER, version: 1, text: OTHER_TEXT });
  return service;
}

const FIXED_LINES = new Map<string, Lines>([[OTHER, linesOf(OTHER_TEXT)], [DISMISSALS, linesOf('')], ...[...ENTITY_TEXT].map(([uri, text]) => [uri, linesOf(text)] as [string, Lines])]);
const linesByUri = (doc: Lines) => (uri: string): Lines | undefined => (uri === DOC ? doc : FIXED_LINES.get(uri));

function assertLocation(lines: (uri: string) => Lines | undefined, loc: { uri: string; range: Range }, what: string): void {
  const l = lines(loc.uri);
  if (!l) assert.fail(`${what}: unknown file ${loc.uri}`);
  assertRangeInside(l, loc.range, what);
}

const counts = { documents: 0, characters: 0, mentions: 0, diagnostics: 0, probes: 0, actions: 0, longLines: 0, editSequences: 0, edits: 0, comparisons: 0 };

/** Every invariant of every feature on one document; throws with the reason when one breaks. */
function checkDocument(text: string, fractions: number[]): void {
  const service = freshService();
  service.updateSource({ uri: DOC, version: 1, text });
  const l = linesOf(text);
  const inFile = linesByUri(l);

  const analysis = service.analysis(DOC);
  assert.ok(analysis, 'no analysis');
  assert.equal(analysis.text, text);
  const ms = analysis.mentions;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    if (!(m.start >= 0 && m.start < m.end && m.end <= text.length)) assert.fail(`mention ${i} has offsets ${m.start}..${m.end} in a text of ${text.length}`);
    if (m.text !== text.slice(m.start, m.end)) assert.fail(`mention ${i}: its text ${JSON.stringify(m.text)} is not the document's slice ${JSON.stringify(text.slice(m.start, m.end))}`);
    if (i > 0 && ms[i - 1]!.end > m.start) assert.fail(`mentions ${i - 1} (${ms[i - 1]!.start}..${ms[i - 1]!.end}) and ${i} (${m.start}..${m.end}) overlap or are out of order`);
    if (!service.kb.get(m.entityId)) assert.fail(`mention ${i} names unknown entity ${m.entityId}`);
    for (const c of m.candidates ?? []) if (!service.kb.get(c)) assert.fail(`mention ${i} has unknown candidate ${c}`);
    const r: Range = analysis.rangeOf(m);
    assertRangeInside(l, r, 'mention range');
    const [sl, sc] = pos(l, m.start);
    const [el, ec] = pos(l, m.end);
    if (r.start.line !== sl || r.start.character !== sc || r.end.line !== el || r.end.character !== ec) assert.fail(`mention ${i}: range ${JSON.stringify(r)} does not match its offsets ${m.start}..${m.end}`);
  }

  const diagnostics = service.diagnostics(DOC);
  for (const d of diagnostics) {
    assert.ok(CODES.has(d.code), `unknown diagnostic code ${d.code}`);
    assertRangeInside(l, d.range, `diagnostic ${d.code}`);
    assert.ok(d.message.length > 0);
  }

  for (const s of service.documentSymbols(DOC)) assertRangeInside(l, s.range, `symbol ${s.name}`);
  let previous = { line: -1, end: 0 };
  for (const t of service.semanticTokens(DOC)) {
    if (t.length <= 0) assert.fail('empty semantic token');
    assertRangeInside(l, { start: { line: t.line, character: t.character }, end: { line: t.line, character: t.character + t.length } }, 'semantic token');
    if (!(t.line > previous.line || t.character >= previous.end)) assert.fail(`semantic tokens out of order or overlapping at ${t.line}:${t.character}`);
    previous = { line: t.line, end: t.character + t.length };
  }

  // An even sample of the mentions (each probe asks four features).
  const probes = probePositions(l, spread(ms, 16), fractions);
  for (const p of probes) {
    const h = service.hover(DOC, p);
    if (h) {
      assertRangeInside(l, h.range, 'hover');
      assert.ok(h.markdown.length > 0, 'empty hover');
    }
    for (const loc of service.definition(DOC, p)) assertLocation(inFile, loc, 'definition');
    for (const loc of service.references(DOC, p, true)) assertLocation(inFile, loc, 'reference');
    for (const r of service.documentHighlights(DOC, p)) assertRangeInside(l, r, 'highlight');
  }
  counts.probes += probes.length;

  const whole: Range = { start: { line: 0, character: 0 }, end: { line: l.lines.length, character: 0 } };
  // The whole document offers every fix; a few diagnostics' own ranges check the range filter.
  // (Asking with all of a long document's diagnostics at once takes time quadratic in their
  // number, since each recounts the document's spellings: a sample of them there.)
  const asked = spread(diagnostics, 60);
  for (const range of [whole, ...spread(diagnostics, 4).map((d) => d.range)]) {
    for (const a of service.codeActions(DOC, range, asked)) {
      counts.actions++;
      for (const change of a.edit.changes) {
        for (const e of change.edits) assertLocation(inFile, { uri: change.uri, range: e.range }, `edit of “${a.title}”`);
      }
    }
  }
  service.workspaceSymbols(text.slice(0, 20));
  counts.documents++;
  counts.characters += text.length;
  counts.mentions += ms.length;
  counts.diagnostics += diagnostics.length;
}

/** At most n items, evenly spread over the list. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

function pos(l: Lines, offset: number): [number, number] {
  let line = 0;
  while (line + 1 < l.starts.length && l.starts[line + 1]! <= offset) line++;
  return [line, offset - l.starts[line]!];
}

const lineEndings = fc.constantFrom('lf', 'crlf', 'cr', 'mixed') as fc.Arbitrary<'lf' | 'crlf' | 'cr' | 'mixed'>;
const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

const DOCUMENTS = runs(400);
test(`random documents: no feature throws, every range lies inside the document, mentions are exact, sorted and disjoint [${DOCUMENTS} cases]`, () => {
  fc.assert(
    fc.property(documentOf(60), lineEndings, fc.nat(2), fractions, (text, style, seed, fs) => {
      checkDocument(withLineEndings(text, style, seed), fs);
    }),
    params(DOCUMENTS),
  );
});

const LONG_DOCUMENTS = runs(4);
test(`random documents with one very long line [${LONG_DOCUMENTS} cases]`, () => {
  const before = counts.documents;
  fc.assert(
    fc.property(longLineDocument, fractions, (text, fs) => {
      checkDocument(text, fs);
    }),
    params(LONG_DOCUMENTS),
  );
  counts.longLines += counts.documents - before;
});

// ---- Edit sequences: the paragraph cache gives what a full analysis gives ----

type Edit =
  | { kind: 'insert'; at: number; anchor: number | null; text: string }
  | { kind: 'delete'; at: number; anchor: number | null; length: number }
  | { kind: 'replace'; at: number; anchor: number | null; length: number; text: string }
  | { kind: 'dismissals' };

const insertion = fc.oneof(
  piece,
  garbledName,
  fc.constantFrom('\n\n', '\r\n\r\n', '\n', '\r', '-\n', ' ', '. ', 'a', 'K', '\u0301', '😀', '\n\nStalin\n\n', 'Bokor ', 'Kamenev', 'Pauker. '),
  fc.array(fc.tuple(piece, fc.constantFrom(' ', '\n', '\n\n', '\r\n', '. ')), { maxLength: 6 }).map((ps) => ps.map(([p, s]) => p + s).join('')),
);
const where = { at: fc.double({ min: 0, max: 1, noNaN: true }), anchor: fc.option(fc.nat(50), { nil: null }) };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), ...where, text: insertion }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), ...where, length: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 200 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), ...where, length: fc.integer({ min: 1, max: 12 }), text: insertion }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'dismissals' as const }) },
);

/** Where an edit lands: a fraction of the text, or inside the anchor-th mention of the current analysis. */
function offsetFor(e: { at: number; anchor: number | null }, text: string, mentions: { start: number; end: number }[]): number {
  if (e.anchor !== null && mentions.length) {
    const m = mentions[e.anchor % mentions.length]!;
    return m.start + Math.floor(e.at * (m.end - m.start + 1));
  }
  return Math.min(text.length, Math.floor(e.at * (text.length + 1)));
}

function applyEdit(text: string, e: Exclude<Edit, { kind: 'dismissals' }>, mentions: { start: number; end: number }[]): string {
  const at = offsetFor(e, text, mentions);
  if (e.kind === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  return text.slice(0, at) + e.text + text.slice(at + e.length);
}

function comparable(service: LanguageService, uri: string) {
  const a = service.analysis(uri)!;
  return { mentions: a.mentions.map((m) => ({ ...m })), diagnostics: service.diagnostics(uri) };
}

const EDIT_SEQUENCES = runs(100);
test(`random edit sequences: after every edit the analysis equals a fresh analysis of the same text [${EDIT_SEQUENCES} cases]`, () => {
  fc.assert(
    fc.property(documentOf(40), fc.array(fc.tuple(edit, fc.boolean()), { minLength: 1, maxLength: 40, size: 'max' }), (start, edits) => {
      const service = freshService();
      let text = start.replace(/\n/g, '\n\n'); // paragraphs, so that the cache has several
      let version = 1;
      service.updateSource({ uri: DOC, version, text });
      let mentions = service.analysis(DOC)!.mentions;
      for (const [e, look] of edits) {
        if (e.kind === 'dismissals') {
          service.setDismissals({ uri: DISMISSALS, text: '', exists: false });
          continue;
        }
        text = applyEdit(text, e, mentions);
        service.updateSource({ uri: DOC, version: ++version, text });
        counts.edits++;
        // Sometimes several edits come before anything asks for the analysis, as when typing fast.
        if (!look) continue;
        const fresh = freshService();
        fresh.updateSource({ uri: DOC, version: 1, text });
        assert.deepEqual(comparable(service, DOC), comparable(fresh, DOC), `after edit ${version - 1} the text is ${JSON.stringify(text)}`);
        counts.comparisons++;
        mentions = service.analysis(DOC)!.mentions;
      }
      const fresh = freshService();
      fresh.updateSource({ uri: DOC, version: 1, text });
      assert.deepEqual(comparable(service, DOC), comparable(fresh, DOC), `at the end the text is ${JSON.stringify(text)}`);
      counts.comparisons++;
      counts.editSequences++;
    }),
    params(EDIT_SEQUENCES),
  );
});

after(() => {
  console.log(
    `service fuzz: ${counts.documents} random documents (${counts.longLines} with a long line; ${counts.characters} characters, ${counts.mentions} mentions, ` +
      `${counts.diagnostics} diagnostics, ${counts.probes} positions probed, ${counts.actions} code actions checked); ` +
      `${counts.editSequences} edit sequences of ${counts.edits} edits, with ${counts.comparisons} comparisons against a fresh analysis`,
  );
});
