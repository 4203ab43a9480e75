// The service never touches the file system: callers hand it documents through these interfaces.

export interface TextDocumentLike {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** A source file of the workspace as the caller last read it. */
export interface SourceFile {
  uri: string;
  /** Any value that changes when the content changes: a document version, an mtime, a hash. */
  version: number | string;
  text: string;
}

/** A knowledge-base file; `layer` orders overrides (a workspace entry replaces a built-in one with the same id). */
export interface EntityFileInput {
  uri: string;
  text: string;
  layer: 'builtin' | 'workspace';
}
