// Keeps the language service in step with the workspace on disk and the editor's open buffers.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnnalistSettings } from '../common/settings';
import type { IndexSummary } from '../common/protocol';
import { findFiles, globMatcher, loadKnowledgeBaseFiles, readTextFile, toUri } from '../node/files';
import { DISMISSALS_PATH, type LanguageService } from '../service';

export interface Progress {
  report(percentage: number, message: string): void;
  readonly cancelled: boolean;
}

export class WorkspaceSync {
  private roots: string[] = [];
  private settings!: AnnalistSettings;
  private isSource: (relative: string) => boolean = () => false;
  private isEntity: (relative: string) => boolean = () => false;
  skipped: { uri: string; reason: string }[] = [];
  /** Entity files the last reading of the knowledge base could not use, and why. */
  entitiesSkipped: { uri: string; reason: string }[] = [];

  constructor(
    private readonly service: LanguageService,
    /** The text of open documents, which wins over the disk. */
    private readonly openText: (uri: string) => string | undefined,
  ) {}

  configure(roots: string[], settings: AnnalistSettings): void {
    this.roots = roots;
    this.settings = settings;
    this.isSource = globMatcher(settings.sources, [...settings.exclude, ...settings.knowledgeBase]);
    this.isEntity = globMatcher(settings.knowledgeBase, [...settings.exclude, '**/README.md']);
  }

  /** Reads every entity and source file; open documents keep their unsaved text. */
  async reindex(progress: Progress): Promise<IndexSummary> {
    this.skipped = [];
    await this.reloadKnowledgeBase();
    await this.reloadDismissals();
    const unreadable = (folder: string, reason: string) => this.skipped.push({ uri: toUri(folder), reason });
    const files = (await Promise.all(this.roots.map((r) => findFiles(r, this.settings.sources, [...this.settings.exclude, ...this.settings.knowledgeBase], unreadable)))).flat();
    const wanted = new Set(files.map(toUri));
    for (const uri of this.service.sourceUris()) if (!wanted.has(uri) && this.openText(uri) === undefined) this.service.removeSource(uri);
    for (let i = 0; i < files.length; i++) {
      if (progress.cancelled) break;
      const file = files[i]!;
      progress.report(Math.round((i / Math.max(files.length, 1)) * 100), path.basename(file));
      await this.refreshSource(toUri(file));
      // Let requests for open documents in between files of a large workspace.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // A folder that cannot be listed is met by the knowledge-base search and the source search alike.
    const skipped = [...new Map(this.skipped.map((s) => [s.uri, s])).values()];
    return { sources: this.service.sourceUris().length, entities: this.service.kb.size, skipped };
  }

  /** `.annalist/not-variants.yaml` in the first workspace folder: open text, or disk, or none yet. */
  dismissalsUri(): string | undefined {
    return this.roots[0] ? toUri(path.join(this.roots[0], DISMISSALS_PATH)) : undefined;
  }

  isDismissalsUri(uri: string): boolean {
    return uri === this.dismissalsUri();
  }

  async reloadDismissals(): Promise<void> {
    const uri = this.dismissalsUri();
    if (!uri) return this.service.setDismissals(undefined);
    const open = this.openText(uri);
    if (open !== undefined) return this.service.setDismissals({ uri, text: open, exists: true });
    const read = await readTextFile(fileURLToPath(uri), this.settings.maxFileSize);
    const opened = this.openText(uri);
    if (opened !== undefined) return this.service.setDismissals({ uri, text: opened, exists: true });
    this.service.setDismissals({ uri, text: read.ok ? read.text : '', exists: read.ok });
  }

  async reloadKnowledgeBase(): Promise<void> {
    const open = new Map<string, string>();
    for (const uri of this.service.kb.fileUris) {
      const text = this.openText(uri);
      if (text !== undefined) open.set(uri, text);
    }
    const kb = await loadKnowledgeBaseFiles(this.roots, this.settings, open);
    const skipped = kb.skipped.map((s) => ({ uri: toUri(s.file), reason: s.reason, folder: s.folder }));
    this.skipped.push(...skipped.map(({ uri, reason }) => ({ uri, reason })));
    this.entitiesSkipped = skipped.filter((s) => !s.folder).map(({ uri, reason }) => ({ uri, reason }));
    const loaded = new Set(kb.files.map((f) => f.uri));
    for (const [uri, text] of open) if (!loaded.has(uri)) kb.files.push({ uri, text, layer: 'workspace' });
    this.service.setEntityFiles(kb.files);
  }

  /** Re-reads one source from disk unless it is open; forgets it when it is gone or unreadable. */
  async refreshSource(uri: string): Promise<void> {
    // The server feeds open documents itself, version by version.
    if (this.openText(uri) !== undefined) return;
    const read = await readTextFile(fileURLToPath(uri), this.settings.maxFileSize);
    // Opened while the file was being read (a close and a reopen at once): the editor's text wins.
    if (this.openText(uri) !== undefined) return;
    if (read.ok) {
      this.service.updateSource({ uri, version: read.mtime, text: read.text });
    } else {
      this.service.removeSource(uri);
      if (!/does not exist/.test(read.reason)) this.skipped.push({ uri, reason: read.reason });
    }
  }

  /** Whether a workspace file is an entity file by the settings, or already loaded as one. */
  isEntityUri(uri: string): boolean {
    return this.service.kb.isEntityFile(uri) || this.matches(uri, this.isEntity);
  }

  isSourceUri(uri: string): boolean {
    return this.matches(uri, this.isSource);
  }

  private matches(uri: string, test: (relative: string) => boolean): boolean {
    if (!uri.startsWith('file:')) return false;
    const file = fileURLToPath(uri);
    return this.roots.some((root) => {
      const rel = path.relative(root, file);
      return !rel.startsWith('..') && !path.isAbsolute(rel) && test(rel);
    });
  }
}
