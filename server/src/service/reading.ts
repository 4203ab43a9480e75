// The document-wide reading of a document's paragraphs: which matches are common words, what
// shared names mean, which candidates are garbled names. It is kept with each version so that
// the next version, after a small edit, is read again only near the edit (rebase).
//
// Why a rebase gives exactly what a fresh reading would: every decision depends on the document
// as a whole only through counts (mentions per entity and form, repeated spellings, the lower-case
// words, the document's length class), and otherwise on what stands within a fixed distance of
// the place decided (CONTEXT_WINDOW for shared names; LOCAL, and 60 characters for an OCR digit,
// for garbles). So when the edited paragraphs hold the same matches and candidates as before and
// the counts stand, only decisions within those distances of the edit can change; they are made
// again, and if any comes out otherwise the whole reading is redone.
import type { KnowledgeBase } from './kb/knowledgeBase';
import { CONTEXT_WINDOW, dropCommonWords, resolveKept, resolveOne, type Mention, type RawMatch } from './recognition/mentions';
import { gather, shiftRaw, type LayoutChange, type ParagraphLayout } from './paragraphs';
import type { Candidate } from './variants/candidates';
import { documentContext, withGarbledSupport } from './variants/documentContext';
import { LOCAL, salienceLimit } from './variants/evidence';
import { judgeRange, readGarbles, type GarbleOptions, type GarbleReading } from './variants/garbled';

export interface DocumentReading {
  layout: ParagraphLayout;
  lowerCase: Set<string>;
  /** Matches left when common words are dropped, and what each means. */
  kept: RawMatch[];
  known: Mention[];
  candidates: Candidate[][];
  garbles: GarbleReading;
}

/** Where offsets of the previous version stand in this one, for spans clear of the edit. */
export type SpanMap = <T extends { start: number; end: number }>(span: T) => T;

export function readDocument(layout: ParagraphLayout, kb: KnowledgeBase, options: GarbleOptions): DocumentReading {
  const { raws, candidates, lowerCase } = gather(layout);
  const kept = dropCommonWords(raws, lowerCase);
  const known = resolveKept(layout.text, kept);
  const garbles = readGarbles(documentContext(layout.text, known, candidates, kb, options), candidates);
  return { layout, lowerCase, kept, known, candidates, garbles };
}

/** The mentions of a reading, known ones and garbles, by offset (a known one first at the same offset). */
export function mentionsOf(reading: DocumentReading): Mention[] {
  const { known } = reading;
  const garbles = reading.garbles.final.filter((m): m is Mention => !!m);
  if (!garbles.length) return known;
  const out: Mention[] = [];
  let g = 0;
  for (const m of known) {
    while (g < garbles.length && garbles[g]!.start < m.start) out.push(garbles[g++]!);
    out.push(m);
  }
  while (g < garbles.length) out.push(garbles[g++]!);
  return out;
}

/**
 * The reading of a new version from the previous one's, redoing only what stands near the edit;
 * undefined when the edit changed what the document holds (then read it afresh).
 */
export function rebase(previous: DocumentReading, layout: ParagraphLayout, change: LayoutChange): { reading: DocumentReading; map: SpanMap } | undefined {
  const before = previous.layout;
  if (change.previous !== before) return undefined;
  const { head, tail } = change;
  const oldText = before.text;
  const text = layout.text;
  const shift = text.length - oldText.length;
  if (salienceLimit(oldText.length) !== salienceLimit(text.length)) return undefined;

  // The characters that differ: [lo, oldHi) of the old text became [lo, newHi) of the new.
  const oldCount = before.starts.length;
  const newCount = layout.starts.length;
  let lo = head < newCount ? layout.starts[head]! : text.length;
  let oldHi = tail > 0 ? before.starts[oldCount - tail]! : oldText.length;
  let newHi = tail > 0 ? layout.starts[newCount - tail]! : text.length;
  while (lo < oldHi && lo < newHi && oldText.charCodeAt(lo) === text.charCodeAt(lo)) lo++;
  while (oldHi > lo && newHi > lo && oldText.charCodeAt(oldHi - 1) === text.charCodeAt(newHi - 1)) {
    oldHi--;
    newHi--;
  }
  const clear = (s: { start: number; end: number }) => s.end <= lo || s.start >= oldHi;
  const map: SpanMap = (s) => (s.end <= lo ? s : { ...s, start: s.start + shift, end: s.end + shift });

  // The edited paragraphs must hold the same matches, candidates and lower-case words, clear of the edit.
  const was = gather(before, head, oldCount - tail);
  const now = gather(layout, head, newCount - tail);
  if (!sameSet(was.lowerCase, now.lowerCase)) return undefined;
  if (was.raws.length !== now.raws.length || was.candidates.length !== now.candidates.length) return undefined;
  for (let k = 0; k < was.raws.length; k++) {
    const a = was.raws[k]!;
    const b = now.raws[k]!;
    if (!clear(a) || !sameRaw(mapRaw(a, lo, shift), b)) return undefined;
  }
  for (let k = 0; k < was.candidates.length; k++) {
    const a = was.candidates[k]!;
    const b = now.candidates[k]!;
    if (a.length !== b.length || !a.every((c, i) => clear(c) && sameCandidate(map(c), b[i]!))) return undefined;
  }

  const kept = previous.kept.map((r) => mapRaw(r, lo, shift));
  const known = previous.known.map((m) => mapMention(m, lo, shift));
  const window = CONTEXT_WINDOW + Math.abs(shift) + 2;
  for (let k = 0; k < kept.length; k++) {
    const r = kept[k]!;
    if (r.ids.length < 2 || r.end < lo - window || r.start > newHi + window) continue;
    if (!sameMention(resolveOne(text, kept, k), known[k]!)) return undefined;
  }

  const candidates = previous.candidates.map((alts) => (alts[0]!.end <= lo ? alts : alts.map(map)));
  const g = previous.garbles;
  const first = g.first.map((m) => m && mapMention(m, lo, shift));
  const final = g.first === g.final ? first : g.final.map((m) => m && mapMention(m, lo, shift));
  const ctx = { ...g.ctx, text, known, garbles: undefined, garbleForms: undefined };
  const reach = LOCAL + Math.abs(shift) + 64;
  let from = 0;
  while (from < candidates.length && candidates[from]![0]!.end < lo - reach) from++;
  let to = from;
  while (to < candidates.length && candidates[to]![0]!.start <= newHi + reach) to++;
  if (!sameFindings(judgeRange(ctx, candidates, from, to, undefined, endOfLast(first, from)), first, from)) return undefined;
  if (first.some((m) => m)) {
    const again = judgeRange(withGarbledSupport(ctx, first), candidates, from, to, first, endOfLast(final, from));
    if (!sameFindings(again, final, from)) return undefined;
  }
  const reading = { layout, lowerCase: previous.lowerCase, kept, known, candidates, garbles: { ctx, first, final } };
  return { reading, map };
}

function mapRaw(r: RawMatch, lo: number, shift: number): RawMatch {
  return r.end <= lo || shift === 0 ? r : shiftRaw(r, shift);
}

function mapMention(m: Mention, lo: number, shift: number): Mention {
  if (shift === 0 || (m.end <= lo && (!m.resolvedBy || m.resolvedBy.end <= lo))) return m;
  const moved = Object.assign({}, m);
  if (m.end > lo) {
    moved.start += shift;
    moved.end += shift;
  }
  if (m.resolvedBy && m.resolvedBy.end > lo) moved.resolvedBy = { start: m.resolvedBy.start + shift, end: m.resolvedBy.end + shift };
  return moved;
}

/** Where the last garble found before candidate `k` ends, which hides the candidates it covers. */
function endOfLast(found: (Mention | undefined)[], k: number): number {
  for (let j = k - 1; j >= 0; j--) if (found[j]) return found[j]!.end;
  return -1;
}

function sameFindings(band: (Mention | undefined)[], all: (Mention | undefined)[], from: number): boolean {
  return band.every((m, i) => (m && all[from + i] ? sameMention(m, all[from + i]!) : !m && !all[from + i]));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameRaw(a: RawMatch, b: RawMatch): boolean {
  return a.start === b.start && a.end === b.end && a.weak === b.weak && a.word === b.word && sameList(a.ids, b.ids) && sameList(a.entries, b.entries);
}

function sameCandidate(a: Candidate, b: Candidate): boolean {
  return a.start === b.start && a.end === b.end && a.written === b.written && a.shape === b.shape && a.tokens === b.tokens && a.hyphenatedTo === b.hyphenatedTo;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Every field, nested ones too: the mention a fresh reading would make. */
function sameMention(a: Mention, b: Mention): boolean {
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
