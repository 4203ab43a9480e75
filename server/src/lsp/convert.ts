// Service shapes to LSP shapes. Positions and ranges already agree; only enums differ.
import {
  DiagnosticSeverity,
  SymbolKind,
  type CodeAction,
  type Diagnostic,
  type WorkspaceEdit,
  type DocumentSymbol,
  type SymbolInformation,
} from 'vscode-languageserver/node';
import type { CodeActionInfo, DocumentSymbolInfo, ServiceDiagnostic, Severity, WorkspaceSymbolInfo } from '../service';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

const SEVERITY_NAME: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** A diagnostic as the client sends it back with a code-action request. */
export function fromDiagnostic(d: Diagnostic): ServiceDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY_NAME[d.severity ?? 1] ?? 'error',
    code: String(d.code ?? ''),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    ...(d.data && typeof d.data === 'object' ? { data: d.data as Record<string, unknown> } : {}),
  };
}

/** Document changes when the client takes them (needed to create a file), plain changes otherwise. */
export function toCodeAction(a: CodeActionInfo, documentChanges: boolean): CodeAction {
  let edit: WorkspaceEdit;
  if (documentChanges) {
    edit = {
      documentChanges: a.edit.changes.flatMap((c) => [
        ...(c.create ? [{ kind: 'create' as const, uri: c.uri, options: { ignoreIfExists: true } }] : []),
        { textDocument: { uri: c.uri, version: null }, edits: c.edits },
      ]),
    };
  } else {
    edit = { changes: Object.fromEntries(a.edit.changes.map((c) => [c.uri, c.edits])) };
  }
  return { title: a.title, kind: a.kind, diagnostics: a.diagnostics.map(toDiagnostic), edit, ...(a.isPreferred ? { isPreferred: true } : {}) };
}

export function toDiagnostic(d: ServiceDiagnostic): Diagnostic {
  return { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'annalist', message: d.message, data: d.data };
}

// Outline icons: a person reads best as an object, a body of people as a namespace.
const KIND = { person: SymbolKind.Object, organization: SymbolKind.Namespace, ambiguous: SymbolKind.Null } as const;

export function toDocumentSymbol(s: DocumentSymbolInfo): DocumentSymbol {
  return { name: s.name, detail: s.detail, kind: KIND[s.kind], range: s.range, selectionRange: s.range };
}

export function toSymbolInformation(s: WorkspaceSymbolInfo): SymbolInformation {
  return { name: s.name, kind: KIND[s.kind], containerName: s.detail, location: s.location };
}
