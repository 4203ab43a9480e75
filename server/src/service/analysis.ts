import type { KnowledgeBase } from './kb/knowledgeBase';
import { lowerCaseNameWords, matchNames, resolveMentions, type Mention, type RawMatch } from './recognition/mentions';
import { chunkStarts } from './text/chunks';
import { LineIndex } from './text/lineIndex';
import { scanTokens, Tokens } from './text/tokenize';
import { findCandidates, shiftCandidates, type Candidate } from './variants/candidates';
import { judgeCandidates, mayBeGarbled, type GarbleOptions } from './variants/garbled';
import type { Lexicon } from './variants/lexicon';

/** What a paragraph holds regardless of the rest of the document. */
export interface ChunkScan {
  /** Where the paragraph stood when scanned: offsets below are of that document. */
  base: number;
  raws: RawMatch[];
  candidates: Candidate[][];
  lowerCase: string[];
}

/** Paragraph text → its scan, kept from one version of a document to the next. */
export type ChunkCache = Map<string, ChunkScan>;

/** Columns reused from one paragraph to the next; a scan keeps nothing of them. */
const scratch = new Tokens();

/** The paragraph of `text` from `from` to `to`, read as if nothing stood around it. */
function scanChunk(text: string, from: number, to: number, kb: KnowledgeBase, lexicon: Lexicon): ChunkScan {
  const tokens = scanTokens(text, scratch, from, to);
  const raws = matchNames(tokens, kb);
  let next = 0;
  const covered = (i: number) => {
    const start = tokens.start[i]!;
    while (next < raws.length && raws[next]!.end <= start) next++;
    const r = raws[next];
    return !!r && r.start < tokens.end[i]!;
  };
  const candidates = findCandidates(tokens, covered, (t, places) => mayBeGarbled(t, places, kb, lexicon));
  return { base: from, raws, candidates, lowerCase: lowerCaseNameWords(tokens, kb) };
}
import type { Position, Range } from './types';

/**
 * Each paragraph is scanned once and kept while its text is unchanged; only the document-wide
 * reading (shared names, common words, evidence for garbles) is redone. The matches of every
 * paragraph come back at their offsets in this document.
 */
function readParagraphs(text: string, kb: KnowledgeBase, lexicon: Lexicon, kept: ChunkCache, previous: ChunkCache | undefined, keepScans: boolean) {
  const raws: RawMatch[] = [];
  const candidates: Candidate[][] = [];
  const lowerCase = new Set<string>();
  const starts = keepScans ? chunkStarts(text) : [0];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = starts[i + 1] ?? text.length;
    const chunk = keepScans ? text.slice(start, end) : '';
    let scan = keepScans ? (kept.get(chunk) ?? previous?.get(chunk)) : undefined;
    if (!scan) scan = scanChunk(text, start, end, kb, lexicon);
    if (keepScans) kept.set(chunk, scan);
    const by = start - scan.base;
    if (by === 0) {
      for (const r of scan.raws) raws.push(r);
      for (const alts of scan.candidates) candidates.push(alts);
    } else {
      // Written out field by field: object spread is several times slower on a book's matches.
      for (const r of scan.raws) raws.push({ start: r.start + by, end: r.end + by, entries: r.entries, ids: r.ids, weak: r.weak, word: r.word });
      for (const alts of scan.candidates) candidates.push(shiftCandidates([alts], by)[0]!);
    }
    for (const w of scan.lowerCase) lowerCase.add(w);
  }
  return { raws, candidates, lowerCase };
}

/** One version of one document, analysed once; everything else is derived lazily from it. */
export class DocumentAnalysis {
  readonly mentions: Mention[];
  private lineIndex?: LineIndex;
  private grouped?: Map<string, Mention[]>;

  constructor(
    readonly uri: string,
    readonly version: number | string,
    readonly text: string,
    kb: KnowledgeBase,
    options: GarbleOptions,
    previous?: ChunkCache,
    /** Keep paragraph scans for the next version; a one-off reading (the CLI) need not. */
    keepScans = true,
  ) {
    const { raws, candidates, lowerCase } = readParagraphs(text, kb, options.lexicon, this.chunks, previous, keepScans);
    const known = resolveMentions(text, raws, lowerCase);
    const garbled = judgeCandidates(text, candidates, known, kb, options);
    this.mentions = garbled.length ? [...known, ...garbled].sort((a, b) => a.start - b.start) : known;
  }

  /** The paragraph scans of this version, for the next one to reuse. */
  readonly chunks: ChunkCache = new Map();

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  rangeOf(m: { start: number; end: number }): Range {
    return this.lines.rangeOf(m.start, m.end);
  }

  /** Mentions of each entity, ambiguous ones under every candidate. */
  get byEntity(): Map<string, Mention[]> {
    if (!this.grouped) {
      const grouped = new Map<string, Mention[]>();
      for (const m of this.mentions) {
        for (const id of m.resolution === 'ambiguous' ? m.candidates ?? [m.entityId] : [m.entityId]) {
          const list = grouped.get(id);
          if (list) list.push(m);
          else grouped.set(id, [m]);
        }
      }
      this.grouped = grouped;
    }
    return this.grouped;
  }

  /** Resolved mentions of an entity; ambiguous ones are not counted for anyone. */
  resolvedMentionsOf(id: string): Mention[] {
    return (this.byEntity.get(id) ?? []).filter((m) => m.resolution !== 'ambiguous');
  }

  mentionAt(position: Position): Mention | undefined {
    const offset = this.lines.offsetAt(position);
    const ms = this.mentions;
    let lo = 0;
    let hi = ms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = ms[mid]!;
      if (offset < m.start) hi = mid - 1;
      else if (offset > m.end) lo = mid + 1;
      else return m;
    }
    return undefined;
  }
}
