// A document as paragraphs, each scanned on its own: no name spans a blank line, so what a
// paragraph holds (name matches, candidate garbles, lower-case name words) depends only on its
// text. A new version of the document reuses the scans of the paragraphs before and after the
// edit, found by comparing the texts in place, and scans only the paragraphs between.
import type { KnowledgeBase } from './kb/knowledgeBase';
import { lowerCaseNameWords, matchNames, type RawMatch } from './recognition/mentions';
import { chunking, rechunk } from './text/chunks';
import { scanTokens, Tokens } from './text/tokenize';
import { findCandidates, shiftCandidates, type Candidate, type Keep } from './variants/candidates';
import { garbleSieve } from './variants/garbled';
import type { Lexicon } from './variants/lexicon';

/** What a paragraph holds regardless of the rest of the document. */
export interface ChunkScan {
  /** Where the paragraph stood when scanned: offsets below are of that document. */
  base: number;
  raws: RawMatch[];
  candidates: Candidate[][];
  lowerCase: readonly string[];
}

/** The paragraphs of one version of a document and their scans. */
export interface ParagraphLayout {
  text: string;
  /** Where each paragraph starts; it runs to the next start or the end of the text. */
  starts: number[];
  /** The starts that cut a long paragraph (see chunks.ts). */
  cuts: Set<number>;
  scans: ChunkScan[];
}

/** How a layout was made from the previous version's: paragraphs reused before and after the edit. */
export interface LayoutChange {
  previous: ParagraphLayout;
  /** Paragraphs at the start reused at the same offsets. */
  head: number;
  /** Paragraphs at the end reused, shifted by the change in length. */
  tail: number;
}

/** Columns reused from one paragraph to the next; a scan keeps nothing of them. */
const scratch = new Tokens();

/** The paragraph of `text` from `from` to `to`, read as if nothing stood around it. */
function scanChunk(text: string, from: number, to: number, kb: KnowledgeBase, keep: Keep): ChunkScan {
  const tokens = scanTokens(text, scratch, from, to);
  const raws = matchNames(tokens, kb);
  let next = 0;
  const covered = (i: number) => {
    const start = tokens.start[i]!;
    while (next < raws.length && raws[next]!.end <= start) next++;
    const r = raws[next];
    return !!r && r.start < tokens.end[i]!;
  };
  const candidates = findCandidates(tokens, covered, keep);
  return { base: from, raws, candidates, lowerCase: lowerCaseNameWords(tokens, kb) };
}

/**
 * The paragraphs of `text`, reusing the scans of `previous` where its paragraphs stand unchanged
 * at the start and at the end. With `whole`, the text is read as one paragraph (a one-off
 * reading, which needs no reuse).
 */
export function layOut(text: string, kb: KnowledgeBase, lexicon: Lexicon, previous: ParagraphLayout | undefined, whole = false): { layout: ParagraphLayout; change?: LayoutChange } {
  const reuse = previous && !whole ? previous : undefined;
  const { starts, cuts, head, tail } = whole ? { starts: [0], cuts: new Set<number>(), head: 0, tail: 0 } : reuse ? rechunk(text, reuse) : { ...chunking(text), head: 0, tail: 0 };
  const n = starts.length;
  const scans: ChunkScan[] = new Array(n);
  for (let i = 0; i < head; i++) scans[i] = reuse!.scans[i]!;
  for (let i = 0; i < tail; i++) scans[n - 1 - i] = reuse!.scans[reuse!.starts.length - 1 - i]!;
  const keep = head < n - tail ? garbleSieve(kb, lexicon) : undefined;
  for (let i = head; i < n - tail; i++) scans[i] = scanChunk(text, starts[i]!, starts[i + 1] ?? text.length, kb, keep!);
  const layout = { text, starts, cuts, scans };
  return reuse ? { layout, change: { previous: reuse, head, tail } } : { layout };
}

/** The matches, candidates and lower-case name words of paragraphs `from` to `to`, at their offsets in the layout's text. */
export function gather(layout: ParagraphLayout, from = 0, to = layout.starts.length): { raws: RawMatch[]; candidates: Candidate[][]; lowerCase: Set<string> } {
  const raws: RawMatch[] = [];
  const candidates: Candidate[][] = [];
  const lowerCase = new Set<string>();
  for (let i = from; i < to; i++) {
    const scan = layout.scans[i]!;
    const by = layout.starts[i]! - scan.base;
    if (by === 0) {
      for (const r of scan.raws) raws.push(r);
      for (const alts of scan.candidates) candidates.push(alts);
    } else {
      for (const r of scan.raws) raws.push(shiftRaw(r, by));
      for (const alts of shiftCandidates(scan.candidates, by)) candidates.push(alts);
    }
    for (const w of scan.lowerCase) lowerCase.add(w);
  }
  return { raws, candidates, lowerCase };
}

/** Written out field by field: object spread is several times slower on a book's matches. */
export function shiftRaw(r: RawMatch, by: number): RawMatch {
  return { start: r.start + by, end: r.end + by, entries: r.entries, ids: r.ids, weak: r.weak, word: r.word };
}
