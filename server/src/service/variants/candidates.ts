// Where a garbled name may stand: capitalized words no known form covers, with the readings to
// try there (two words joined, a hyphen healed, an OCR digit). Depends only on the text itself,
// so it is computed once per paragraph and kept while the paragraph is unchanged.
import { isAcronym } from '../text/normalize';
import type { Token } from '../text/tokenize';

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

/** For each uncovered position, the readings to try there, the longest first. */
export function findCandidates(text: string, tokens: Token[], covered: (t: Token) => boolean): Candidate[][] {
  const out: Candidate[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (covered(tok)) continue;
    const here = candidatesAt(text, tokens, i, covered);
    if (here.length) out.push(here);
  }
  return out;
}

function candidatesAt(text: string, tokens: Token[], i: number, covered: (t: Token) => boolean): Candidate[] {
  const tok = tokens[i]!;
  // An OCR digit for a capital I or O: "1gnace", "0rlov".
  if (!tok.capitalized) {
    const before = text[tok.start - 1];
    if ((before === '1' || before === '|' || before === '0') && !/[\p{L}\d]/u.test(text[tok.start - 2] ?? ' ') && tok.text.length >= 3) {
      return [{ start: tok.start - 1, end: tok.end, written: `${before}${tok.text}`, shape: 'ocr', tokens: 1 }];
    }
    return [];
  }
  if (isAcronym(tok.text)) return [];
  const out: Candidate[] = [];
  const after = tokens[i + 1];
  if (after && !covered(after)) {
    // A hyphen left inside a word from an old line break: "Kame-nev".
    if (text[tok.end] === '-' && after.start === tok.end + 1 && !after.capitalized) {
      out.push({ start: tok.start, end: after.end, written: tok.text + after.text, shape: 'hyphen', tokens: 2 });
    }
    // A name split into two words: "Paul Kerr", "Bukha rin", "Kri- vitsky".
    const gap = text.slice(tok.end, after.start);
    if ((gap === ' ' || gap === '- ') && !isAcronym(after.text)) {
      out.push({ start: tok.start, end: after.end, written: `${tok.text} ${after.text}`, shape: gap === ' ' ? 'two-words' : 'hyphen', tokens: 2 });
    }
  }
  const before = tokens[i - 1];
  const hyphenatedTo = before && before.end === tok.start - 1 && text[before.end] === '-' ? before.text : undefined;
  out.push({ start: tok.start, end: tok.end, written: tok.text, shape: 'word', tokens: 1, ...(hyphenatedTo ? { hyphenatedTo } : {}) });
  return out;
}

export function shiftCandidates(list: Candidate[][], by: number): Candidate[][] {
  if (by === 0) return list;
  return list.map((alts) => alts.map((c) => ({ ...c, start: c.start + by, end: c.end + by })));
}
