import { DocumentAnalysis, type Previous } from './analysis';
import type { KnowledgeBase } from './kb/knowledgeBase';
import type { GarbleOptions } from './variants/garbled';
import type { Location } from './types';
import type { SourceFile } from './workspace';

interface Entry {
  file: SourceFile;
  analysis?: DocumentAnalysis;
  /**
   * What the next analysis starts from: the last analysis while it stands, or only its paragraph
   * scans once what it depends on changed (they stand while the knowledge base does).
   */
  previous?: Previous;
}

/**
 * The source files of the workspace and their analyses. A file is analysed when first asked for,
 * and again only when its version or the knowledge base changes.
 */
export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private kb: KnowledgeBase,
    /** What the garbled-name finder needs for one document: word lists and the user's dismissals. */
    private readonly optionsFor: (uri: string) => GarbleOptions,
    private readonly keepScans = true,
  ) {}

  setKnowledgeBase(kb: KnowledgeBase): void {
    this.kb = kb;
    this.invalidate();
    this.forgetScans();
  }

  /** Forgets every analysis, for when what they depend on changed. */
  invalidate(): void {
    for (const e of this.entries.values()) {
      const last = e.analysis ?? e.previous;
      e.previous = last instanceof DocumentAnalysis ? last.layout : last;
      e.analysis = undefined;
    }
  }

  private forgetScans(): void {
    for (const e of this.entries.values()) e.previous = undefined;
  }

  update(file: SourceFile): void {
    const existing = this.entries.get(file.uri);
    if (existing && existing.file.version === file.version && existing.file.text === file.text) return;
    this.entries.set(file.uri, { file, previous: existing?.analysis ?? existing?.previous });
  }

  remove(uri: string): void {
    this.entries.delete(uri);
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  get(uri: string): DocumentAnalysis | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    if (!entry.analysis) {
      entry.analysis = new DocumentAnalysis(entry.file.uri, entry.file.version, entry.file.text, this.kb, this.optionsFor(uri), entry.previous, this.keepScans);
      entry.previous = undefined;
    }
    return entry.analysis;
  }

  *analyses(): Iterable<DocumentAnalysis> {
    for (const uri of this.entries.keys()) yield this.get(uri)!;
  }

  /** Resolved mentions of an entity across the workspace. */
  mentionCount(id: string): { total: number; files: number } {
    let total = 0;
    let files = 0;
    for (const a of this.analyses()) {
      const n = a.resolvedMentionsOf(id).length;
      total += n;
      if (n) files++;
    }
    return { total, files };
  }

  locationsOf(ids: ReadonlySet<string>, includeAmbiguous: boolean): Location[] {
    const out: Location[] = [];
    for (const a of this.analyses()) {
      for (const m of a.mentions) {
        const ambiguous = m.resolution === 'ambiguous';
        const hit = ambiguous ? includeAmbiguous && (m.candidates ?? []).some((c) => ids.has(c)) : ids.has(m.entityId);
        if (hit) out.push({ uri: a.uri, range: a.rangeOf(m) });
      }
    }
    return out;
  }
}
