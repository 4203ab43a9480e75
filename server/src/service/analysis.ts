import type { KnowledgeBase } from './kb/knowledgeBase';
import { findMentions, type Mention } from './recognition/mentions';
import { LineIndex } from './text/lineIndex';
import { tokenize } from './text/tokenize';
import { findGarbled, type GarbleOptions } from './variants/garbled';
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
  ) {
    const tokens = tokenize(text);
    const known = findMentions(text, kb, tokens);
    const garbled = findGarbled(text, tokens, known, kb, options);
    this.mentions = garbled.length ? [...known, ...garbled].sort((a, b) => a.start - b.start) : known;
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
