import type { DocumentAnalysis } from './analysis';
import type { ServiceContext } from './features/context';
import { definition } from './features/definition';
import { diagnostics } from './features/diagnostics';
import { hover, type HoverResult } from './features/hover';
import { documentHighlights, references } from './features/references';
import { semanticTokens, type SemanticToken } from './features/semanticTokens';
import { documentSymbols, workspaceSymbols, type DocumentSymbolInfo, type WorkspaceSymbolInfo } from './features/symbols';
import { KnowledgeBase } from './kb/knowledgeBase';
import type { Location, Position, Range, ServiceDiagnostic } from './types';
import type { EntityFileInput, SourceFile } from './workspace';
import { WorkspaceIndex } from './workspaceIndex';

export interface LanguageService {
  readonly kb: KnowledgeBase;
  /** Replaces the knowledge base; every source is analysed again when next asked for. */
  setEntityFiles(files: EntityFileInput[]): void;
  /** Adds or refreshes a source document; analysis waits until something asks for it. */
  updateSource(file: SourceFile): void;
  removeSource(uri: string): void;
  sourceUris(): string[];
  analysis(uri: string): DocumentAnalysis | undefined;

  hover(uri: string, position: Position): HoverResult | undefined;
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  documentHighlights(uri: string, position: Position): Range[];
  documentSymbols(uri: string): DocumentSymbolInfo[];
  workspaceSymbols(query: string): WorkspaceSymbolInfo[];
  semanticTokens(uri: string): SemanticToken[];
  diagnostics(uri: string): ServiceDiagnostic[];
}

export function createLanguageService(entityFiles: EntityFileInput[] = []): LanguageService {
  let kb = new KnowledgeBase(entityFiles);
  const index = new WorkspaceIndex(kb);
  const ctx: ServiceContext = {
    get kb() {
      return kb;
    },
    index,
  };
  return {
    get kb() {
      return kb;
    },
    setEntityFiles(files) {
      kb = new KnowledgeBase(files);
      index.setKnowledgeBase(kb);
    },
    updateSource: (file) => index.update(file),
    removeSource: (uri) => index.remove(uri),
    sourceUris: () => index.uris(),
    analysis: (uri) => index.get(uri),
    hover: (uri, pos) => hover(ctx, uri, pos),
    definition: (uri, pos) => definition(ctx, uri, pos),
    references: (uri, pos, decl) => references(ctx, uri, pos, decl),
    documentHighlights: (uri, pos) => documentHighlights(ctx, uri, pos),
    documentSymbols: (uri) => documentSymbols(ctx, uri),
    workspaceSymbols: (q) => workspaceSymbols(ctx, q),
    semanticTokens: (uri) => semanticTokens(ctx, uri),
    diagnostics: (uri) => diagnostics(ctx, uri),
  };
}

export type { DocumentAnalysis, HoverResult, SemanticToken, DocumentSymbolInfo, WorkspaceSymbolInfo };
