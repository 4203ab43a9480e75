// LSP glue: routes requests to the language service, keeps it fed with documents and
// publishes diagnostics. Decisions about names live in the service, not here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  SemanticTokensBuilder,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ListEntitiesRequest, ReindexRequest, type EntitySummary, type IndexSummary } from './common/protocol';
import { DEFAULT_SETTINGS, readSettings, SETTINGS_SECTION, type AnnalistSettings } from './common/settings';
import { fromDiagnostic, toCodeAction, toDiagnostic, toDocumentSymbol, toSymbolInformation } from './lsp/convert';
import { snapshotParser } from './node/kbSnapshot';
import { textSizeProblem } from './node/files';
import { loadLexicon } from './node/lexicon';
import { WorkspaceSync } from './lsp/workspaceSync';
import { createLanguageService, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from './service';

const DIAGNOSTICS_DELAY_MS = 150;

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const service = createLanguageService([], { lexicon: loadLexicon((m) => connection.console.warn(m)), parseEntityFile: snapshotParser() });
  const sync = new WorkspaceSync(service, (uri) => documents.get(uri)?.getText());
  let roots: string[] = [];
  let settings: AnnalistSettings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;
  let canCreateFiles = false;
  let followsFolders = false;
  let indexing: Promise<IndexSummary> | undefined;
  let canRefreshTokens = false;
  // Requests wait for the first reading of the workspace: an answer from an empty knowledge base
  // would be wrong, and some clients keep it until the document changes.
  let markReady!: () => void;
  let ready = false;
  const firstIndex = new Promise<void>((resolve) => (markReady = resolve)).then(() => {
    ready = true;
  });
  const pending = new Map<string, NodeJS.Timeout>();
  /** Open documents above annalist.maxFileSize, which are not analysed, and why. */
  const refused = new Map<string, string>();
  /** Entity files that have diagnostics published, to clear those that left the knowledge base. */
  let kbPublished = new Set<string>();

  const log = (message: string) => connection.console.log(message);

  connection.onInitialize((params: InitializeParams) => {
    roots = workspaceRoots(params);
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    followsFolders = !!params.capabilities.workspace?.workspaceFolders;
    canRefreshTokens = !!params.capabilities.workspace?.semanticTokens?.refreshSupport;
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    canCreateFiles = !!workspaceEdit?.documentChanges && !!workspaceEdit.resourceOperations?.includes('create');
    const initial = readSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    settings = initial.settings;
    initial.problems.forEach((p) => connection.console.warn(p));
    sync.configure(roots, settings);
    service.setPreferredSpelling(settings.preferredSpelling);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspaceSymbolProvider: true,
        semanticTokensProvider: {
          legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
          full: true,
        },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'annalist' },
    };
  });

  connection.onInitialized(() => {
    // Only a client that said it sends folder changes may be asked for them; asking earlier throws.
    if (followsFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => fileURLToPath(f.uri)));
        roots = [...roots.filter((r) => !removed.has(r)), ...e.added.map((f) => fileURLToPath(f.uri))];
        sync.configure(roots, settings);
        void reindex();
      });
    }
    void reindex();
  });

  async function pullSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    const reading = readSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION));
    reading.problems.forEach((p) => connection.window.showWarningMessage(`Annalist: ${p}`));
    settings = reading.settings;
    sync.configure(roots, settings);
    service.setPreferredSpelling(settings.preferredSpelling);
  }

  function reindex(): Promise<IndexSummary> {
    indexing = (async () => {
      await pullSettings();
      // The size limit may have changed: open documents are measured against it again.
      for (const doc of documents.all()) if (!sync.isEntityUri(doc.uri) && !sync.isDismissalsUri(doc.uri)) feedSource(doc);
      const progress = await connection.window.createWorkDoneProgress();
      progress.begin('Annalist: reading the corpus', 0, undefined, false);
      const started = Date.now();
      const summary = await sync.reindex({ report: (p, m) => progress.report(p, m), cancelled: false });
      progress.done();
      for (const s of summary.skipped) connection.console.warn(`Skipped ${fileURLToPath(s.uri)}: it ${s.reason}.`);
      log(`Indexed ${summary.sources} sources and ${summary.entities} entities in ${Date.now() - started} ms.`);
      markReady();
      refreshAll();
      return summary;
    })().catch((err: unknown) => {
      connection.console.error(`Indexing failed: ${String((err as Error)?.stack ?? err)}`);
      markReady();
      return { sources: service.sourceUris().length, entities: service.kb.size, skipped: [] };
    });
    return indexing;
  }

  function publishKnowledgeBaseDiagnostics(): void {
    // Only files with problems, and files whose problems are gone, are sent: not an empty list
    // for each of hundreds of sound entries.
    const published = new Set<string>();
    for (const uri of service.kb.fileUris) {
      const diagnostics = service.diagnostics(uri);
      if (diagnostics.length === 0 && !kbPublished.has(uri)) continue;
      connection.sendDiagnostics({ uri, diagnostics: diagnostics.map(toDiagnostic) });
      if (diagnostics.length) published.add(uri);
    }
    // An entity file that could not be read says so in itself, where its author looks.
    for (const { uri, reason } of sync.entitiesSkipped) {
      connection.sendDiagnostics({ uri, diagnostics: [fileProblem(`Annalist cannot use this entity file: it ${reason}.`, DiagnosticSeverity.Error, 'kb-unreadable')] });
      published.add(uri);
    }
    // A file deleted, renamed or closed away keeps no findings.
    for (const uri of kbPublished) if (!published.has(uri)) connection.sendDiagnostics({ uri, diagnostics: [] });
    kbPublished = published;
    const record = service.dismissals;
    if (record.uri) connection.sendDiagnostics({ uri: record.uri, diagnostics: record.problems.map(toDiagnostic) });
  }

  /** After the knowledge base or the dismissals changed: every open document's findings and colours. */
  function refreshAll(): void {
    publishKnowledgeBaseDiagnostics();
    for (const doc of documents.all()) scheduleDiagnostics(doc.uri, 0);
    // Only a client that said it supports the refresh may be asked; some answer with an error.
    if (canRefreshTokens) connection.languages.semanticTokens.refresh().catch((err: unknown) => log(`Semantic token refresh refused: ${String(err)}`));
    warmUp();
  }

  let warming = 0;
  /**
   * Analyses the workspace's sources in the background, one per turn of the event loop, so that
   * the first workspace-wide answer (references, a fix across files, counts on a card) does not
   * wait for all of them. Requests for open documents go in between.
   */
  function warmUp(): void {
    const round = ++warming;
    const uris = service.sourceUris();
    const next = (i: number) => {
      if (round !== warming || i >= uris.length) return;
      guard(() => service.analysis(uris[i]!), undefined);
      setImmediate(() => next(i + 1));
    };
    setTimeout(() => next(0), DIAGNOSTICS_DELAY_MS * 2);
  }

  /** Publishes once typing pauses, and only for the version it was computed for. */
  function scheduleDiagnostics(uri: string, delay = DIAGNOSTICS_DELAY_MS): void {
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        const doc = documents.get(uri);
        // Before the first reading the findings would be wrong; refreshAll schedules them after it.
        if (!doc || sync.isEntityUri(uri) || sync.isDismissalsUri(uri)) return;
        const tooLarge = refused.get(uri);
        if (tooLarge) {
          const message = `Not analysed: this document ${tooLarge}.`;
          connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [fileProblem(message, DiagnosticSeverity.Warning, 'file-too-large')] });
          return;
        }
        if (!ready) return;
        const diagnostics = guard(() => service.diagnostics(uri).map(toDiagnostic), []);
        if (documents.get(uri)?.version === doc.version) connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
      }, delay),
    );
  }

  let kbReload: NodeJS.Timeout | undefined;
  /** Entity files whose edits are held back until the next reading (see unchangedSinceRead). */
  const heldBack = new Set<string>();
  function scheduleKnowledgeBaseReload(): void {
    clearTimeout(kbReload);
    kbReload = setTimeout(() => {
      const before = new Set(sync.entitiesSkipped.map((s) => `${s.uri} ${s.reason}`));
      void sync.reloadKnowledgeBase().then(() => {
        heldBack.clear();
        for (const s of sync.entitiesSkipped) if (!before.has(`${s.uri} ${s.reason}`)) connection.console.warn(`Skipped ${fileURLToPath(s.uri)}: it ${s.reason}.`);
        refreshAll();
      });
    }, DIAGNOSTICS_DELAY_MS);
  }

  /**
   * Hands an open document to the service, unless it is above the size limit: then it is not
   * analysed (a frozen server helps no one), and a message and a diagnostic at its top say why.
   */
  function feedSource(document: TextDocument): void {
    const uri = document.uri;
    const tooLarge = textSizeProblem(document.getText(), settings.maxFileSize);
    if (tooLarge) {
      service.removeSource(uri);
      if (!refused.has(uri)) {
        const name = displayName(uri);
        connection.console.warn(`Not analysing ${name}: it ${tooLarge}.`);
        connection.window.showWarningMessage(`Annalist: ${name} is not analysed: it ${tooLarge}.`);
      }
      refused.set(uri, tooLarge);
    } else {
      refused.delete(uri);
      service.updateSource({ uri, version: document.version, text: document.getText() });
    }
    scheduleDiagnostics(uri);
  }

  documents.onDidChangeContent(({ document }) => {
    if (sync.isDismissalsUri(document.uri)) {
      void sync.reloadDismissals().then(refreshAll);
      return;
    }
    if (sync.isEntityUri(document.uri)) {
      scheduleKnowledgeBaseReload();
      return;
    }
    feedSource(document);
  });

  documents.onDidClose(({ document }) => {
    const uri = document.uri;
    clearTimeout(pending.get(uri));
    refused.delete(uri);
    if (sync.isDismissalsUri(uri)) {
      void sync.reloadDismissals().then(refreshAll);
      return;
    }
    if (sync.isEntityUri(uri)) {
      scheduleKnowledgeBaseReload();
      return;
    }
    connection.sendDiagnostics({ uri, diagnostics: [] });
    if (sync.isSourceUri(uri)) void sync.refreshSource(uri);
    else service.removeSource(uri);
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    let kbChanged = false;
    for (const change of changes) {
      if (sync.isDismissalsUri(change.uri)) await sync.reloadDismissals().then(refreshAll);
      else if (sync.isEntityUri(change.uri)) kbChanged = true;
      else if (sync.isSourceUri(change.uri)) await sync.refreshSource(change.uri);
    }
    if (kbChanged) scheduleKnowledgeBaseReload();
  });

  connection.onDidChangeConfiguration(() => void reindex());

  // Each request answers from the current analysis; a cancelled one is answered as cancelled.
  const handle =
    <P extends { textDocument: { uri: string } }, R>(fn: (p: P) => R, fallback: R) =>
    async (params: P, token: CancellationToken): Promise<R> => {
      if (!ready) await firstIndex;
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      return guard(() => fn(params), fallback);
    };

  connection.onHover(
    handle((p) => {
      const h = service.hover(p.textDocument.uri, p.position);
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
    }, null),
  );
  connection.onDefinition(handle((p) => service.definition(p.textDocument.uri, p.position), []));
  connection.onReferences(handle((p) => service.references(p.textDocument.uri, p.position, p.context.includeDeclaration), []));
  connection.onDocumentHighlight(handle((p) => service.documentHighlights(p.textDocument.uri, p.position).map((range) => ({ range })), []));
  connection.onDocumentSymbol(handle((p) => service.documentSymbols(p.textDocument.uri).map(toDocumentSymbol), []));
  connection.onWorkspaceSymbol(async (p, token) => {
    if (!ready) await firstIndex;
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return guard(() => service.workspaceSymbols(p.query).map(toSymbolInformation), []);
  });
  connection.languages.semanticTokens.on(
    handle((p) => {
      const builder = new SemanticTokensBuilder();
      for (const t of service.semanticTokens(p.textDocument.uri)) {
        const modifiers = t.modifiers.reduce((bits, m) => bits | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(m)), 0);
        builder.push(t.line, t.character, t.length, SEMANTIC_TOKEN_TYPES.indexOf(t.type), modifiers);
      }
      return builder.build();
    }, { data: [] }),
  );

  connection.onCodeAction(
    handle((p) => {
      const diagnostics = p.context.diagnostics.map(fromDiagnostic);
      const checked = new Map<string, boolean>();
      const unchanged = (uri: string) => checked.get(uri) ?? checked.set(uri, unchangedSinceRead(uri)).get(uri)!;
      return service
        .codeActions(p.textDocument.uri, p.range, diagnostics)
        .filter((a) => canCreateFiles || !a.edit.changes.some((c) => c.create))
        .filter((a) => a.edit.changes.every((c) => c.create || !service.kb.isEntityFile(c.uri) || unchanged(c.uri)))
        .map((a) => toCodeAction(a, canCreateFiles));
    }, []),
  );

  /**
   * An edit to an entity file is computed from the text the knowledge base read. If the file has
   * changed since (on disk, before the watcher told us), the edit could land in the wrong place:
   * it is not offered, and the user is told why.
   */
  function unchangedSinceRead(uri: string): boolean {
    const read = service.kb.texts.get(uri);
    const open = documents.get(uri);
    // An open entity file being edited is reread on its own a moment after each change: nothing to say.
    if (open) return open.getText() === read;
    if (read !== undefined && diskText(uri) === read) return true;
    // Code actions come on every cursor move: warn and reread once, not on each (a debounced reload
    // rescheduled on each request would never run).
    if (heldBack.has(uri)) return false;
    heldBack.add(uri);
    void connection.window.showWarningMessage(`Annalist: ${displayName(uri)} changed since it was read; the fix that edits it is held back until the knowledge base is read again.`);
    scheduleKnowledgeBaseReload();
    return false;
  }

  connection.onRequest(ListEntitiesRequest.method, (): EntitySummary[] =>
    service.kb.all().map((e) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      aliases: e.aliases,
      born: e.born ?? e.founded,
      died: e.died ?? e.dissolved,
      wikidata: e.wikidata,
      uri: e.uri,
      line: e.nameRange.start.line,
    })),
  );
  connection.onRequest(ReindexRequest.method, (): Promise<IndexSummary> => reindex());

  /** A fault in one feature must not take the server down; it is logged and an empty answer given. */
  function guard<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      connection.console.error(String((err as Error)?.stack ?? err));
      return fallback;
    }
  }

  // Whatever goes wrong in a promise is logged; the server stays up.
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled: ${String((reason as Error)?.stack ?? reason)}`));

  documents.listen(connection);
  connection.listen();
}

/** A file's path for messages; other URIs as they are. */
function displayName(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

function diskText(uri: string): string | undefined {
  try {
    return readFileSync(fileURLToPath(uri), 'utf8');
  } catch {
    return undefined;
  }
}

/** A finding about a whole file, shown at its first line. */
function fileProblem(message: string, severity: DiagnosticSeverity, code: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity, code, source: 'annalist', message };
}

function workspaceRoots(params: InitializeParams): string[] {
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
}

