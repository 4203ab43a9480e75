// A distance between spellings that knows what garbling does to names: it is cheap to swap
// voiced and unvoiced consonants, l and r, zh and r, one vowel for another, to double or drop a
// letter, and to confuse the shapes OCR confuses; it is dear to change a consonant at random.

/**
 * Letters from outside the Latin alphabet. Cyrillic letters that look like Latin ones stand for
 * what they look like (OCR and mixed keyboards put them there); the others for their sound.
 */
const FOREIGN: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', к: 'k', м: 'm', т: 't', н: 'h', в: 'b', і: 'i', ј: 'j',
  б: 'b', г: 'g', д: 'd', ж: 'zh', з: 'z', и: 'i', й: 'y', л: 'l', п: 'p', ф: 'f', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ё: 'yo',
  '1': '1', '0': 'o', '|': '1',
};

// Digraphs of the usual romanizations of Russian, each to one symbol, longest first.
const DIGRAPHS: [RegExp, string][] = [
  [/shch|sch/g, 'š'],
  [/ck/g, 'k'],
  [/zh/g, 'ž'],
  [/kh/g, 'x'],
  [/sh/g, 'š'],
  [/ch|tch|tsch/g, 'č'],
  [/ts|tz/g, 'c'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/rn/g, 'm'],
  [/cl(?=[aeiouy])/g, 'd'],
  [/ou|oo/g, 'u'],
  [/w/g, 'v'],
  [/q/g, 'k'],
  [/x/g, 'x'],
  [/([^aeiouy])[iyj]([aeiou])/g, '$1$2'],
  [/^[yj]([aeiou])/g, '$1'],
];

export interface Spelling {
  /** The word as one symbol per sound, doubled letters collapsed. */
  sounds: string;
  /** Letters that were not Latin (a Cyrillic letter, a digit) before the mapping. */
  foreign: boolean;
}

const spelled = new Map<string, Spelling>();

/** The sounds of a word, remembered: the same words recur through a document and a corpus. */
export function spell(word: string): Spelling {
  let known = spelled.get(word);
  if (!known) {
    if (spelled.size > 100_000) spelled.clear();
    spelled.set(word, (known = computeSpelling(word)));
  }
  return known;
}

function computeSpelling(word: string): Spelling {
  let foreign = false;
  let s = '';
  for (const ch of word.normalize('NFD').toLowerCase()) {
    if (/\p{M}/u.test(ch) || ch === "'" || ch === '’' || ch === '-' || ch === ' ' || ch === '.') continue;
    const mapped = FOREIGN[ch];
    if (mapped !== undefined) {
      foreign = true;
      s += mapped;
    } else s += ch;
  }
  // A doubled consonant is one sound even where a digraph follows or precedes it ("Syrtssov").
  s = s.replace(/([^aeiouy])\1+/g, '$1');
  for (const [re, to] of DIGRAPHS) s = s.replace(re, to);
  s = s.replace(/(.)\1+/g, '$1');
  // French and German renderings close a name with a silent e: Staline, Trotzke.
  if (s.length > 4 && /[^aeiouy]e$/.test(s)) s = s.slice(0, -1);
  return { sounds: s, foreign };
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/** Substitutions garbling makes cheaply, and what to call them when explaining a match. */
const CHEAP: [string, string, number, string][] = [
  ['b', 'p', 0.3, 'voiced and unvoiced'],
  ['d', 't', 0.3, 'voiced and unvoiced'],
  ['g', 'k', 0.3, 'voiced and unvoiced'],
  ['v', 'f', 0.3, 'voiced and unvoiced'],
  ['z', 's', 0.3, 'voiced and unvoiced'],
  ['ž', 'š', 0.3, 'voiced and unvoiced'],
  ['l', 'r', 0.3, 'l and r'],
  ['ž', 'r', 0.35, 'zh and r'],
  ['ž', 'z', 0.3, 'zh and z'],
  ['ž', 'j', 0.3, 'zh and j'],
  ['j', 'y', 0.2, 'j and y'],
  ['š', 's', 0.3, 'sh and s'],
  ['č', 'c', 0.3, 'ch and ts'],
  ['č', 'š', 0.35, 'ch and sh'],
  ['c', 's', 0.35, 'ts and s'],
  ['c', 'z', 0.35, 'ts and z'],
  ['c', 'k', 0.4, 'c and k'],
  ['c', 't', 0.4, 'ts and t'],
  ['x', 'k', 0.3, 'kh and k'],
  ['x', 'h', 0.2, 'kh and h'],
  ['h', 'g', 0.35, 'h and g'],
  ['v', 'b', 0.45, 'v and b'],
  ['m', 'n', 0.5, 'm and n'],
  ['i', 'l', 0.4, 'letters OCR confuses'],
  ['1', 'i', 0.05, 'a digit OCR read for a letter'],
  ['1', 'l', 0.05, 'a digit OCR read for a letter'],
  ['v', 'y', 0.4, 'letters OCR confuses'],
  ['c', 'e', 0.4, 'letters OCR confuses'],
  ['h', 'b', 0.4, 'letters OCR confuses'],
  ['n', 'u', 0.4, 'letters OCR confuses'],
];
const cheap = new Map<string, { cost: number; why: string }>();
for (const [a, b, cost, why] of CHEAP) {
  cheap.set(a + b, { cost, why });
  cheap.set(b + a, { cost, why });
}

export type Edit =
  | { op: 'same' }
  | { op: 'sub'; from: string; to: string; why: string }
  | { op: 'ins'; ch: string }
  | { op: 'del'; ch: string }
  | { op: 'swap'; pair: string };

function subCost(a: string, b: string): { cost: number; why: string } {
  if (a === b) return { cost: 0, why: '' };
  if (VOWELS.has(a) && VOWELS.has(b)) return { cost: (a === 'i' && b === 'y') || (a === 'y' && b === 'i') ? 0.1 : 0.3, why: 'vowels' };
  return cheap.get(a + b) ?? { cost: 1, why: 'other' };
}

function indelCost(ch: string): number {
  if (VOWELS.has(ch)) return 0.5;
  if (ch === 'j' || ch === 'h') return 0.4;
  return 0.9;
}

export interface Distance {
  cost: number;
  /** cost divided by the longer length: 0 is the same sounds, 1 nothing in common. */
  normalized: number;
  /** The cheapest edits, worked out only when asked for (most distances are only compared). */
  readonly edits: Edit[];
}

// Costs by symbol index, so that the inner loop reads arrays instead of building strings.
const symbols = new Map<string, number>();
let subTable = new Float64Array(0);
let indelTable = new Float64Array(0);
let tableSize = 0;

function symbolIndex(ch: string): number {
  let i = symbols.get(ch);
  if (i === undefined) {
    i = symbols.size;
    symbols.set(ch, i);
    if (i >= tableSize) growTables(Math.max(64, tableSize * 2));
  }
  return i;
}

function growTables(size: number): void {
  const chars = [...symbols.keys()];
  subTable = new Float64Array(size * size);
  indelTable = new Float64Array(size);
  tableSize = size;
  for (const a of chars) {
    const ia = symbols.get(a)!;
    indelTable[ia] = indelCost(a);
    for (const b of chars) subTable[ia * size + symbols.get(b)!] = subCost(a, b).cost;
  }
}

function fillFor(ch: string): number {
  const i = symbolIndex(ch);
  // A symbol seen for the first time gets its row and column now.
  if (indelTable[i] === 0 && indelCost(ch) !== 0) {
    indelTable[i] = indelCost(ch);
    for (const [b, j] of symbols) {
      subTable[i * tableSize + j] = subCost(ch, b).cost;
      subTable[j * tableSize + i] = subCost(b, ch).cost;
    }
  }
  return i;
}

let buffer = new Float64Array(1024);
const codesA: number[] = [];
const codesB: number[] = [];

/** Weighted Damerau–Levenshtein distance between two sound strings; edits follow on demand. */
export function soundDistance(a: string, b: string, limit = Infinity): Distance | undefined {
  const n = a.length;
  const m = b.length;
  const longer = Math.max(n, m, 1);
  if (Math.abs(n - m) * 0.5 > limit * longer) return undefined;
  for (let i = 0; i < n; i++) codesA[i] = fillFor(a[i]!);
  for (let j = 0; j < m; j++) codesB[j] = fillFor(b[j]!);
  const w = m + 1;
  if (buffer.length < (n + 1) * w) buffer = new Float64Array((n + 1) * w * 2);
  const d = buffer;
  const size = tableSize;
  d[0] = 0;
  for (let i = 1; i <= n; i++) d[i * w] = d[(i - 1) * w]! + indelTable[codesA[i - 1]!]!;
  for (let j = 1; j <= m; j++) d[j] = d[j - 1]! + indelTable[codesB[j - 1]!]!;
  for (let i = 1; i <= n; i++) {
    let rowMin = Infinity;
    const ca = codesA[i - 1]!;
    for (let j = 1; j <= m; j++) {
      const cb = codesB[j - 1]!;
      let best = d[(i - 1) * w + j - 1]! + subTable[ca * size + cb]!;
      const del = d[(i - 1) * w + j]! + indelTable[ca]!;
      const ins = d[i * w + j - 1]! + indelTable[cb]!;
      if (del < best) best = del;
      if (ins < best) best = ins;
      if (i > 1 && j > 1 && ca === codesB[j - 2] && codesA[i - 2] === cb) {
        const swap = d[(i - 2) * w + j - 2]! + 0.6;
        if (swap < best) best = swap;
      }
      d[i * w + j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin / longer > limit) return undefined;
  }
  const cost = d[n * w + m]!;
  if (cost / longer > limit) return undefined;
  let edits: Edit[] | undefined;
  return {
    cost,
    normalized: cost / longer,
    get edits() {
      return (edits ??= editsBetween(a, b));
    },
  };
}

/** The cheapest edits from a to b (a second pass, kept apart from the comparisons). */
function editsBetween(a: string, b: string): Edit[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const d = new Float64Array((n + 1) * w);
  for (let i = 1; i <= n; i++) d[i * w] = d[(i - 1) * w]! + indelCost(a[i - 1]!);
  for (let j = 1; j <= m; j++) d[j] = d[j - 1]! + indelCost(b[j - 1]!);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const ca = a[i - 1]!;
      const cb = b[j - 1]!;
      let best = d[(i - 1) * w + j - 1]! + subCost(ca, cb).cost;
      best = Math.min(best, d[(i - 1) * w + j]! + indelCost(ca), d[i * w + j - 1]! + indelCost(cb));
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) best = Math.min(best, d[(i - 2) * w + j - 2]! + 0.6);
      d[i * w + j] = best;
    }
  }
  return trace(a, b, d, w);
}

function trace(a: string, b: string, d: Float64Array, w: number): Edit[] {
  const edits: Edit[] = [];
  let i = a.length;
  let j = b.length;
  const eq = (x: number, y: number) => Math.abs(x - y) < 1e-9;
  while (i > 0 || j > 0) {
    const here = d[i * w + j]!;
    if (i > 0 && j > 0) {
      const s = subCost(a[i - 1]!, b[j - 1]!);
      if (eq(here, d[(i - 1) * w + j - 1]! + s.cost)) {
        edits.push(s.cost === 0 ? { op: 'same' } : { op: 'sub', from: a[i - 1]!, to: b[j - 1]!, why: s.why });
        i--;
        j--;
        continue;
      }
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] && eq(here, d[(i - 2) * w + j - 2]! + 0.6)) {
        edits.push({ op: 'swap', pair: a.slice(i - 2, i) });
        i -= 2;
        j -= 2;
        continue;
      }
    }
    if (i > 0 && eq(here, d[(i - 1) * w + j]! + indelCost(a[i - 1]!))) {
      edits.push({ op: 'del', ch: a[i - 1]! });
      i--;
    } else {
      edits.push({ op: 'ins', ch: b[j - 1]! });
      j--;
    }
  }
  return edits.reverse();
}

const SOUND_NAMES: Record<string, string> = { ž: 'zh', š: 'sh', č: 'ch', x: 'kh', c: 'ts' };
const show = (ch: string) => SOUND_NAMES[ch] ?? ch;

/** "p/b and l/r exchanged, a vowel changed": the differences in words a reader can check. */
export function explainEdits(edits: Edit[]): string[] {
  const out = new Set<string>();
  let vowelSubs = 0;
  let vowelIndels = 0;
  let consonantIndels = 0;
  for (const e of edits) {
    if (e.op === 'sub') {
      if (e.why === 'vowels') vowelSubs++;
      else if (e.why === 'other') out.add(`${show(e.from)} for ${show(e.to)}`);
      else if (e.why === 'letters OCR confuses') out.add(`${show(e.from)} for ${show(e.to)}, letters OCR confuses`);
      else if (e.why.startsWith('a digit')) out.add('a digit for a letter, as OCR reads it');
      else out.add(`${show(e.from)}/${show(e.to)} exchanged`);
    } else if (e.op === 'swap') out.add(`${e.pair.split('').map(show).join('')} transposed`);
    else if (e.op === 'ins' || e.op === 'del') {
      const ch = e.op === 'ins' ? e.ch : e.ch;
      if (VOWELS.has(ch)) vowelIndels++;
      else consonantIndels++;
    }
  }
  if (vowelSubs) out.add(vowelSubs === 1 ? 'a vowel changed' : 'vowels changed');
  if (vowelIndels) out.add(vowelIndels === 1 ? 'a vowel added or lost' : 'vowels added or lost');
  if (consonantIndels) out.add(consonantIndels === 1 ? 'a letter added or lost' : 'letters added or lost');
  return [...out];
}
