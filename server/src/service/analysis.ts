import type { KnowledgeBase } from './kb/knowledgeBase';
import { layOut, type ParagraphLayout } from './paragraphs';
import { mentionsOf, readDocument, rebase, type DocumentReading, type SpanMap } from './reading';
import type { Mention } from './recognition/mentions';
import { LineIndex } from './text/lineIndex';
import type { Position, Range } from './types';
import type { GarbleOptions } from './variants/garbled';
import { inconsistentSpellings, type SpellingFinding, type SpellingPreference } from './variants/inconsistent';

/** What a new version starts from: the previous version's analysis, or only its paragraph scans. */
export type Previous = DocumentAnalysis | ParagraphLayout;

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
    /**
     * The previous version: its paragraph scans are reused where the text is unchanged, and its
     * analysis (valid for the same knowledge base and options) is redone only near the edit.
     */
    previous?: Previous,
    /** Keep what the next version could reuse; a one-off reading (the CLI) need not, and reads the text as one paragraph. */
    keepScans = true,
  ) {
    const before = previous instanceof DocumentAnalysis ? previous.reading : undefined;
    const scans = previous instanceof DocumentAnalysis ? previous.layout : previous;
    const { layout, change } = layOut(text, kb, options.lexicon, keepScans ? scans : undefined, !keepScans);
    const rebased = before && change ? rebase(before, layout, change) : undefined;
    const reading = rebased?.reading ?? readDocument(layout, kb, options);
    this.mentions = mentionsOf(reading);
    this.rebased = !!rebased;
    if (keepScans) this.reading = reading;
    if (rebased && previous instanceof DocumentAnalysis) this.carrySpellings(previous, rebased.map);
  }

  /** What the next version can reuse; none for a one-off reading. */
  readonly reading?: DocumentReading;
  /** Read from the previous version near its edit only (see reading.ts); told to tests and the benchmark. */
  readonly rebased: boolean;
  private readonly spellings = new Map<SpellingPreference, SpellingFinding[]>();

  get layout(): ParagraphLayout | undefined {
    return this.reading?.layout;
  }

  /** Names spelled more than one way in this document (see inconsistent.ts), worked out once per preference. */
  spellingFindings(kb: KnowledgeBase, preference: SpellingPreference): SpellingFinding[] {
    let found = this.spellings.get(preference);
    if (!found) this.spellings.set(preference, (found = inconsistentSpellings(this, kb, preference)));
    return found;
  }

  /** After a rebase the mentions are the previous version's, moved: so are its findings. */
  private carrySpellings(previous: DocumentAnalysis, map: SpanMap): void {
    for (const [preference, found] of previous.spellings) this.spellings.set(preference, found.map(map));
  }

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
