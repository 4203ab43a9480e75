import type { DocumentAnalysis } from './analysis';
import type { ServiceContext } from './features/context';
import { definition } from './features/definition';
import { diagnostics } from './features/diagnostics';
import { hover, type HoverResult } from './features/hover';
import { documentHighlights, references } from './features/references';
import { semanticTokens, type SemanticToken } from './features/semanticTokens';
import { documentSymbols, workspaceSymbols, type DocumentSymbolInfo, type WorkspaceSymbolInfo } from './features/symbols';
import { KnowledgeBase } from './kb/knowledgeBase';
import { rememberingParser, type EntityParser, type ParsedEntityFile } from './kb/parseEntityFile';
import type { CodeActionInfo, Location, Position, Range, ServiceDiagnostic } from './types';
import { codeActions } from './features/codeActions';
import type { EntityFileInput, SourceFile } from './workspace';
import { WorkspaceIndex } from './workspaceIndex';
import { Dismissals } from './variants/dismissals';
import { EMPTY_LEXICON, type Lexicon } from './variants/lexicon';
import type { SpellingPreference } from './variants/inconsistent';

export interface LanguageService {
  readonly kb: KnowledgeBase;
  /** Replaces the knowledge base; every source is analysed again when next asked for. */
  setEntityFiles(files: EntityFileInput[]): void;
  /** The workspace's record of dismissed readings (`.annalist/not-variants.yaml`), or none. */
  setDismissals(file: { uri: string; text: string; exists: boolean } | undefined): void;
  readonly dismissals: Dismissals;
  setPreferredSpelling(preference: SpellingPreference): void;
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
  /** Quick fixes for the given diagnostics (as the client sends them back) at a range. */
  codeActions(uri: string, range: Range, diagnostics: ServiceDiagnostic[]): CodeActionInfo[];
}

export interface LanguageServiceOptions {
  /** Ordinary words, given names and places, which are never taken for garbled names. */
  lexicon?: Lexicon;
  /** Which spelling an inconsistently spelled name should settle on. */
  preferredSpelling?: SpellingPreference;
  /**
   * Keep each paragraph's scan so that the next version of a document rescans only what
   * changed (the editor's case); off for one-off readings of many files (the CLI's).
   */
  keepParagraphScans?: boolean;
  /** Entity files another service already parsed (its `kb.parsed`), to skip parsing them again. */
  parsedEntityFiles?: ParsedEntityFile[];
  /** How to read an entity file not seen before (the server's is backed by a prebuilt snapshot). */
  parseEntityFile?: EntityParser;
}

export function createLanguageService(entityFiles: EntityFileInput[] = [], options: LanguageServiceOptions = {}): LanguageService {
  const parse = rememberingParser(options.parseEntityFile);
  let kb = new KnowledgeBase(entityFiles, options.parsedEntityFiles, parse);
  let dismissals = new Dismissals();
  const lexicon = options.lexicon ?? EMPTY_LEXICON;
  const index = new WorkspaceIndex(kb, (uri) => ({ lexicon, dismissed: (written, entityId) => dismissals.covers(uri, written, entityId) }), options.keepParagraphScans ?? true);
  let preferredSpelling: SpellingPreference = options.preferredSpelling ?? 'majority';
  const ctx: ServiceContext = {
    get kb() {
      return kb;
    },
    index,
    get preferredSpelling() {
      return preferredSpelling;
    },
  };
  return {
    get kb() {
      return kb;
    },
    setEntityFiles(files) {
      kb = new KnowledgeBase(files, undefined, parse);
      index.setKnowledgeBase(kb);
    },
    setDismissals(file) {
      dismissals = new Dismissals(file?.uri, file?.text ?? '', file?.exists ?? false);
      index.invalidate();
    },
    get dismissals() {
      return dismissals;
    },
    setPreferredSpelling(p) {
      preferredSpelling = p;
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
    codeActions: (uri, range, ds) => codeActions(ctx, dismissals, uri, range, ds),
  };
}

export type { DocumentAnalysis, HoverResult, SemanticToken, DocumentSymbolInfo, WorkspaceSymbolInfo };
