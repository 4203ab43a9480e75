import type { KnowledgeBase } from './kb/knowledgeBase';
import { lowerCaseNameWords, matchNames, resolveMentions, type Mention, type RawMatch } from './recognition/mentions';
import { chunkStarts } from './text/chunks';
import { LineIndex } from './text/lineIndex';
import { tokenize } from './text/tokenize';
import { findCandidates, shiftCandidates, type Candidate } from './variants/candidates';
import { judgeCandidates, mayBeGarbled, type GarbleOptions } from './variants/garbled';
import type { Lexicon } from './variants/lexicon';

/** What a paragraph holds regardless of the rest of the document, offsets from its start. */
export interface ChunkScan {
  raws: RawMatch[];
  candidates: Candidate[][];
  lowerCase: string[];
}

/** Paragraph text → its scan, kept from one version of a document to the next. */
export type ChunkCache = Map<string, ChunkScan>;

function scanChunk(text: string, kb: KnowledgeBase, lexicon: Lexicon): ChunkScan {
  const tokens = tokenize(text);
  const raws = matchNames(text, tokens, kb);
  let next = 0;
  const covered = (t: { start: number; end: number }) => {
    while (next < raws.length && raws[next]!.end <= t.start) next++;
    const r = raws[next];
    return !!r && r.start < t.end;
  };
  const candidates = findCandidates(text, tokens, covered).filter((alts) => mayBeGarbled(alts, kb, lexicon));
  return { raws, candidates, lowerCase: lowerCaseNameWords(tokens, kb) };
}
import type { Position, Range } from './types';

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
    // Each paragraph is scanned once and kept while its text is unchanged; only the
    // document-wide reading (shared names, common words, evidence for garbles) is redone.
    const raws: RawMatch[] = [];
    const candidates: Candidate[][] = [];
    const lowerCase = new Set<string>();
    const starts = keepScans ? chunkStarts(text) : [0];
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const chunk = text.slice(start, starts[i + 1] ?? text.length);
      let scan = this.chunks.get(chunk) ?? previous?.get(chunk);
      if (!scan) scan = scanChunk(chunk, kb, options.lexicon);
      if (keepScans) this.chunks.set(chunk, scan);
      if (start === 0) {
        for (const r of scan.raws) raws.push(r);
        for (const alts of scan.candidates) candidates.push(alts);
      } else {
        // Written out field by field: object spread is several times slower on a book's matches.
        for (const r of scan.raws) raws.push({ start: r.start + start, end: r.end + start, entries: r.entries, ids: r.ids, weak: r.weak, word: r.word });
        for (const alts of scan.candidates) candidates.push(shiftCandidates([alts], start)[0]!);
      }
      for (const w of scan.lowerCase) lowerCase.add(w);
    }
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
