// Messages between the corpus indexer and its worker threads.
import type { ParsedEntityFile } from '../service';

export interface WorkerSetup {
  /** The knowledge base as the main thread parsed it, so that no worker parses it again. */
  parsed: ParsedEntityFile[];
  maxFileSize: number;
}

export interface FileSummary {
  path: string;
  bytes: number;
  /** Why the file was not read, if it was not. */
  skipped?: string;
  mentions: number;
  /** Resolved mentions per entity id. */
  entities: Record<string, number>;
  /** Diagnostics per code. */
  diagnostics: Record<string, number>;
}
