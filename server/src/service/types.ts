// Plain data shapes shared by every feature. They mirror LSP's shapes so the server can pass
// them through unchanged, but nothing here depends on the protocol.

export interface Position {
  line: number;
  /** UTF-16 code units, as LSP counts them. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  uri: string;
  range: Range;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface ServiceDiagnostic {
  range: Range;
  severity: Severity;
  /** Stable string code; quick fixes and tests key on it. */
  code: string;
  message: string;
  /** Everything a quick fix needs, so no state has to be kept between requests. */
  data?: Record<string, unknown>;
}

export type EntityType = 'person' | 'organization';

export type Resolution = 'exact' | 'alias' | 'variant' | 'ambiguous';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits to several files; `create` makes the file first (it must not exist yet). */
export interface WorkspaceEditInfo {
  changes: { uri: string; edits: TextEdit[]; create?: boolean }[];
}

export interface CodeActionInfo {
  title: string;
  kind: 'quickfix';
  diagnostics: ServiceDiagnostic[];
  edit: WorkspaceEditInfo;
  isPreferred?: boolean;
}
