// Service shapes to LSP shapes. Positions and ranges already agree; only enums differ.
import {
  DiagnosticSeverity,
  SymbolKind,
  type Diagnostic,
  type DocumentSymbol,
  type SymbolInformation,
} from 'vscode-languageserver/node';
import type { DocumentSymbolInfo, ServiceDiagnostic, WorkspaceSymbolInfo } from '../service';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

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
