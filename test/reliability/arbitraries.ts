// Generators and checks shared by the property-based tests (*.fuzz.test.ts). `npm test` runs
// them with a fixed seed and a number of cases sized for CI; for a longer hunt, e.g.
//   FUZZ_SEED=random FUZZ_SCALE=20 node scripts/test.mjs test/reliability/service.fuzz.test.ts
// (fast-check prints the seed and path of any failure, to replay with FUZZ_SEED=<seed>).
//
// Here: random documents built from the fixture knowledge base's names (and garbled forms of
// them) mixed with the text a real corpus, an OCR pass or a hostile file can hold; and position
// arithmetic written apart from the service's own (lines end at \n, \r\n or a lone \r, characters are UTF-16 code units), so the
// checks do not trust what they check.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Position, Range } from '../../server/src/service';

/** Names and aliases of the fixture knowledge base (test/service/fixtures.ts), and forms of them the service should read. */
export const NAMES = [
  'Joseph Stalin', 'Stalin', 'Iosif Vissarionovich Stalin', 'Koba', 'Dzhugashvili', 'I. V. Stalin', 'I.V. Stalin', 'J. Stalin',
  "Stalin's", 'Stalin’s', 'Vyacheslav Molotov', 'Molotov', 'V. M. Molotov', 'Vyacheslav Mikhailovich', 'Skryabin',
  'Lev Kamenev', 'Kamenev', 'Lev Borisovich Kamenev', 'Rosenfeld', 'Sergei Kamenev', 'S. S. Kamenev', 'Sergei Sergeevich Kamenev',
  'Yakov Blumkin', 'Blumkin', 'Bliumkin', 'Whittaker Chambers', 'Chambers', 'Karl Pauker', 'Pauker', 'Pyotr Wrangel', 'Wrangel',
  'Vrangel', 'Vrangél', 'Alexander Kutepov', 'Kutepov', 'Alexander Pavlovich Kutepov', 'OGPU', 'Central Committee',
  'Unified State Political Directorate',
];

/** One-word forms to garble. */
export const SURNAMES = ['Stalin', 'Koba', 'Dzhugashvili', 'Molotov', 'Skryabin', 'Kamenev', 'Rosenfeld', 'Blumkin', 'Bliumkin', 'Chambers', 'Pauker', 'Wrangel', 'Vrangel', 'Kutepov'];

/** Spellings the service is known to take for garbles or other spellings of the fixture's people. */
export const KNOWN_GARBLES = ['Bokor', 'Paokel', 'Paul Kerr', 'Bryumkin', 'Ilyumkin', 'Kame-\nnev', 'Kame-\r\nnev', 'Staline', 'Koutepov', 'Sta1in', 'Molotow', 'Blumkine', 'Kamenyev'];

/** The same names in other scripts, and Latin names with a Cyrillic letter inside. */
export const CYRILLIC = ['Сталин', 'Иосиф Сталин', 'Каменев', 'Молотов', 'Блюмкин', 'Stаlin' /* Cyrillic а */, 'Kаmenev', 'Раukеr'];

export const WORDS = [
  'the', 'of', 'and', 'was', 'in', 'he', 'said', 'chambers', 'party', 'secret', 'police', 'Kremlin', 'Party', 'The', 'He', 'Moscow',
  'Paul', 'Karl', 'Page', '278', '1937', 'Lenin', 'Trotsky', 'General', 'Secretary', 'Committee', 'Central', 'Bolshevik', 'o', 'I',
  'A', 'Mr', 'St', 'x', 'word-', 'up-to-date', 'Kamenev-Zinoviev', 'Stalinist', 'Bukharina', 'Pauk', 'Kam', 'Blum',
];

export const PUNCTUATION = ['.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '—', '–', '-', '…', '*', '_', '/', '§', '&', '#', '1', '0', '. ', '.”'];

export const QUOTES = ['"', "'", '‘', '’', '“', '”', '«', '»', '„', '‚', '`', '´', 'ʼ'];

export const SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\r\r', '\n\r\n', '\n \n', '-\n', '-\r\n', ' -\n', '\u00A0', '\u2028', '\u2029', '\u000B', '\f', ''];

/** Characters that tend to break position arithmetic or word boundaries. */
export const ODD = [
  '\u0000', '\uFEFF', '\u200B', '\u200D', '\u200E', '\u200F', '\u202E', '\u2066', '\u2069', '😀', '👨‍👩‍👧', '🇷🇺', '𓂀', '𐌰𐌱', '𝔖𝔱𝔞𝔩𝔦𝔫', '𝐒',
  '\u0301', '\u0308', '\u20DD', '\uD800' /* lone high surrogate */, '\uDC00' /* lone low surrogate */, 'שלום', 'סטלין', 'ستالين', 'مرحبا',
  '\u0627\u0644\u0633', 'ß', 'İ', 'ﬁ', 'Å', '\u1E9E', 'Ǆ', '\u0130stalin',
];

const COMBINING = ['\u0301', '\u0300', '\u0308', '\u0327', '\u20DD', '\u0336', '\u034F'];

/** Changes one to three letters of a word the way garbling does (or at random). */
export function garble(word: string, ops: [number, number][]): string {
  const swaps: Record<string, string> = { b: 'p', p: 'b', d: 't', t: 'd', g: 'k', k: 'g', v: 'f', f: 'v', z: 's', s: 'z', l: 'r', r: 'l', m: 'rn', i: 'y', a: 'o', o: '0', e: 'i', u: 'ou' };
  let w = word;
  for (const [kind, at] of ops) {
    const i = 1 + (at % Math.max(1, w.length - 1));
    const c = w[i] ?? '';
    switch (kind % 8) {
      case 0:
        w = w.slice(0, i) + (swaps[c.toLowerCase()] ?? 'e') + w.slice(i + 1);
        break;
      case 1:
        w = w.slice(0, i) + c + w.slice(i); // doubled letter
        break;
      case 2:
        if (w.length > 3) w = w.slice(0, i) + w.slice(i + 1); // dropped letter
        break;
      case 3:
        w = w.slice(0, i - 1) + c + (w[i - 1] ?? '') + w.slice(i + 1); // swapped neighbours
        break;
      case 4:
        w = w.slice(0, i) + '1' + w.slice(i + 1); // OCR 1 for l
        break;
      case 5:
        w = w.slice(0, i) + 'а' + w.slice(i + 1); // a Cyrillic letter inside
        break;
      case 6:
        w = w.slice(0, i) + '-\n' + w.slice(i).toLowerCase(); // broken at a line end
        break;
      default:
        w = w.slice(0, i) + String.fromCharCode(97 + (at % 26)) + w.slice(i + 1);
    }
  }
  return w;
}

const garbleOps = fc.array(fc.tuple(fc.nat(7), fc.nat(40)), { minLength: 1, maxLength: 3 });

export const garbledName = fc.tuple(fc.constantFrom(...SURNAMES), garbleOps).map(([w, ops]) => garble(w, ops));

/** A name with combining marks before it or inside it. */
const markedName = fc
  .tuple(fc.constantFrom(...NAMES), fc.constantFrom(...COMBINING), fc.nat(30), fc.boolean())
  .map(([name, mark, at, before]) => (before ? mark + name : name.slice(0, at % (name.length + 1)) + mark + name.slice(at % (name.length + 1))));

export const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 5, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...KNOWN_GARBLES) },
  { weight: 3, arbitrary: garbledName },
  { weight: 1, arbitrary: markedName },
  { weight: 1, arbitrary: fc.constantFrom(...CYRILLIC) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 2, arbitrary: fc.constantFrom(...QUOTES) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
);

/** Pieces joined by separators (sometimes none): a random document of up to a few hundred characters. */
export function documentOf(maxPieces: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom('', '\n', '\r\n', '\r', ' ', '\u0000', '😀', 'Stalin', '-\n', '\n\n\n') },
    {
      weight: 20,
      arbitrary: fc
        .array(fc.tuple(piece, fc.constantFrom(...SEPARATORS)), { maxLength: maxPieces, size: 'max' })
        .map((parts) => parts.map(([p, s]) => p + s).join('')),
    },
  );
}

/** A document with one very long line (tens of thousands of characters) among ordinary ones. */
export const longLineDocument = fc
  .tuple(documentOf(20), fc.array(fc.tuple(piece, fc.constantFrom(' ', '', ', ', '. ')), { minLength: 5, maxLength: 30 }), fc.integer({ min: 40_000, max: 150_000 }), documentOf(20))
  .map(([head, unit, length, tail]) => {
    const one = unit.map(([p, s]) => p.replace(/[\r\n]/g, ' ') + s).join('') || 'x ';
    return `${head}\n${one.repeat(Math.ceil(length / one.length)).slice(0, length)}\n${tail}`;
  });

/** Line ending conventions for whole documents. */
export function withLineEndings(text: string, style: 'lf' | 'crlf' | 'cr' | 'mixed', seed = 0): string {
  if (style === 'lf') return text;
  const lines = text.split(/\r\n|\r|\n/);
  if (style === 'crlf') return lines.join('\r\n');
  if (style === 'cr') return lines.join('\r');
  const ends = ['\n', '\r\n', '\r'];
  return lines.reduce((out, line, i) => (i === 0 ? line : out + ends[(i + seed) % 3] + line), '');
}

// ---- Positions, computed apart from the service ----

export interface Lines {
  text: string;
  /** Offset of each line's start. */
  starts: number[];
  /** Each line's text without its terminator. */
  lines: string[];
}

export function linesOf(text: string): Lines {
  const lines: string[] = [];
  const starts: number[] = [];
  const re = /\r\n|\r|\n/g;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    starts.push(from);
    lines.push(text.slice(from, m.index));
    from = m.index + m[0].length;
  }
  starts.push(from);
  lines.push(text.slice(from));
  return { text, starts, lines };
}

export function offsetOf(l: Lines, p: Position): number {
  return l.starts[p.line]! + p.character;
}

export function positionOf(l: Lines, offset: number): Position {
  let line = 0;
  while (line + 1 < l.starts.length && l.starts[line + 1]! <= offset) line++;
  return { line, character: offset - l.starts[line]! };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Why a position is not inside the document (or splits a surrogate pair), or undefined when it is. */
function positionProblem(l: Lines, p: Position): string | undefined {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `non-integer position ${JSON.stringify(p)}`;
  if (p.line < 0 || p.line >= l.lines.length) return `line ${p.line} outside 0..${l.lines.length - 1}`;
  const line = l.lines[p.line]!;
  if (p.character < 0 || p.character > line.length) return `character ${p.character} outside line ${p.line} of length ${line.length}`;
  if (isHigh(line.charCodeAt(p.character - 1)) && isLow(line.charCodeAt(p.character))) return `position ${JSON.stringify(p)} splits a surrogate pair`;
  return undefined;
}

/** A position inside the document, not between the halves of a surrogate pair. (Messages are built only on failure: these run millions of times.) */
export function assertPositionInside(l: Lines, p: Position, what: string): void {
  const problem = positionProblem(l, p);
  if (problem) assert.fail(`${what}: ${problem}`);
}

export function assertRangeInside(l: Lines, r: Range, what: string): void {
  const problem = positionProblem(l, r.start) ?? positionProblem(l, r.end);
  if (problem) assert.fail(`${what}: ${problem}`);
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) assert.fail(`${what}: start after end ${JSON.stringify(r)}`);
}

/** Positions worth probing: each mention's start and middle, some spread over the text, and some past its end. */
export function probePositions(l: Lines, mentionOffsets: { start: number; end: number }[], fractions: number[]): Position[] {
  const out: Position[] = [];
  for (const m of mentionOffsets) for (const o of [m.start, (m.start + m.end) >> 1]) out.push(positionOf(l, o));
  for (const f of fractions) out.push(positionOf(l, Math.floor(f * l.text.length)));
  const last = l.lines.length - 1;
  out.push({ line: last + 1, character: 0 }, { line: last, character: l.lines[last]!.length + 3 }, { line: 0, character: 1e9 }, { line: 1e6, character: 1e6 });
  return out;
}

/** The number of cases of a property: the given one, or FUZZ_SCALE × it when that is set (for a longer hunt). */
export function runs(n: number): number {
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/**
 * fast-check's parameters for a property of `numRuns` cases (from `runs`): a fixed seed, so that
 * `npm test` runs the same cases every time, unless FUZZ_SEED gives another (a number, or
 * `random` for a fresh hunt; fast-check prints the seed and path of a failure so it can be replayed).
 */
export function params<T>(numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const env = process.env.FUZZ_SEED;
  const seed = env === 'random' ? undefined : env ? Number(env) : 20240607;
  return { numRuns, ...(seed !== undefined ? { seed } : {}), ...extra };
}
