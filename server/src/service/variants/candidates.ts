// Where a garbled name may stand: capitalized words no known form covers, with the readings to
// try there (two words joined, a hyphen healed, an OCR digit). Depends only on the text itself,
// so it is computed once per paragraph and kept while the paragraph is unchanged.
import type { Tokens } from '../text/tokenize';

export type Shape = 'word' | 'hyphen' | 'two-words' | 'ocr';

export interface Candidate {
  start: number;
  end: number;
  /** The words read, joined by a space when there are two. */
  written: string;
  shape: Shape;
  /** Tokens the reading covers, counted from the first. */
  tokens: number;
  /** The word joined to this one by a hyphen before it ("Mogilev" in "Mogilev-Podolsky"). */
  hyphenatedTo?: string;
}

/**
 * A reading placed by its tokens only. A book has some fifteen thousand capitalized words no
 * known form covers; a reading's text is cut from the document only once it is kept.
 */
export interface Place {
  shape: Shape;
  first: number;
  /** The second token of a two-token reading, else -1. */
  second: number;
  /** The words are written apart, with a space ("Paul Kerr", "Kri- vitsky"). */
  apart: boolean;
}

/** Whether the first `count` readings at a position are worth keeping (the garbled-name finder's first sieve). */
export type Keep = (tokens: Tokens, places: readonly Place[], count: number) => boolean;

/** The words a reading joins: with a space between them when written apart. */
export function writtenAt(tokens: Tokens, p: Place): string {
  const first = tokens.text(p.first);
  if (p.second < 0) return first;
  return p.apart ? `${first} ${tokens.text(p.second)}` : first + tokens.text(p.second);
}

/** For each uncovered position, the readings to try there, the longest first. */
export function findCandidates(tokens: Tokens, covered: (i: number) => boolean, keep: Keep = () => true): Candidate[][] {
  const out: Candidate[][] = [];
  // At most three readings per position; the same three objects serve every position, since
  // most positions are sieved out and a kept one is copied into candidates.
  const places: Place[] = [0, 1, 2].map(() => ({ shape: 'word', first: 0, second: -1, apart: false }));
  for (let i = 0; i < tokens.count; i++) {
    if (covered(i)) continue;
    if (!tokens.capitalized(i)) {
      const ocr = ocrAt(tokens, i);
      if (ocr) out.push([ocr]);
      continue;
    }
    const count = placesAt(tokens, i, covered, places);
    if (count && keep(tokens, places, count)) {
      const here: Candidate[] = [];
      for (let k = 0; k < count; k++) here.push(candidateOf(tokens, places[k]!));
      out.push(here);
    }
  }
  return out;
}

/** An OCR digit for a capital I or O: "1gnace", "0rlov". */
function ocrAt(tokens: Tokens, i: number): Candidate | undefined {
  const text = tokens.source;
  const start = tokens.start[i]!;
  const before = text.charCodeAt(start - 1);
  if (!(before === 49 /* 1 */ || before === 124 /* | */ || before === 48) /* 0 */ || /[\p{L}\d]/u.test(text[start - 2] ?? ' ')) return undefined;
  const word = tokens.text(i);
  return word.length >= 3 ? { start: start - 1, end: tokens.end[i]!, written: `${text[start - 1]}${word}`, shape: 'ocr', tokens: 1 } : undefined;
}

function put(places: Place[], k: number, shape: Shape, first: number, second: number, apart: boolean): number {
  const p = places[k]!;
  p.shape = shape;
  p.first = first;
  p.second = second;
  p.apart = apart;
  return k + 1;
}

/** Fills `places` with the readings at token i and says how many there are. */
function placesAt(tokens: Tokens, i: number, covered: (i: number) => boolean, places: Place[]): number {
  if (tokens.isAcronym(i)) return 0;
  const text = tokens.source;
  const end = tokens.end[i]!;
  const next = i + 1;
  let k = 0;
  if (next < tokens.count && !covered(next)) {
    const afterStart = tokens.start[next]!;
    // A hyphen left inside a word from an old line break: "Kame-nev".
    if (text.charCodeAt(end) === 45 /* - */ && afterStart === end + 1 && !tokens.capitalized(next)) k = put(places, k, 'hyphen', i, next, false);
    // A name split into two words: "Paul Kerr", "Bukha rin", "Kri- vitsky".
    const space = afterStart - end === 1 && text.charCodeAt(end) === 32;
    const hyphenSpace = !space && afterStart - end === 2 && text.startsWith('- ', end);
    if ((space || hyphenSpace) && !tokens.isAcronym(next)) k = put(places, k, space ? 'two-words' : 'hyphen', i, next, true);
  }
  return put(places, k, 'word', i, -1, false);
}

function candidateOf(tokens: Tokens, p: Place): Candidate {
  const start = tokens.start[p.first]!;
  const c: Candidate = { start, end: tokens.end[p.second < 0 ? p.first : p.second]!, written: writtenAt(tokens, p), shape: p.shape, tokens: p.second < 0 ? 1 : 2 };
  const i = p.first;
  if (p.shape === 'word' && i > 0 && tokens.end[i - 1] === start - 1 && tokens.source.charCodeAt(start - 1) === 45) c.hyphenatedTo = tokens.text(i - 1);
  return c;
}

export function shiftCandidates(list: Candidate[][], by: number): Candidate[][] {
  if (by === 0) return list;
  return list.map((alts) => alts.map((c) => ({ ...c, start: c.start + by, end: c.end + by })));
}
