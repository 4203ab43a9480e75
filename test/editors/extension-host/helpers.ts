// Shared by the extension-host suites (*.suite.ts): the workspace they run in, waiting for the
// server, and reading what VS Code's providers return. The workspace is a temporary copy made by
// ../extension-host.editor.ts: sources/ (the sample corpus) and entities/broken.md (a faulty entry);
// every other entity comes from the knowledge base built into the extension.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'annalist.annalist';
export const CHAPTER = 'orlov-secret-history-001.txt';
/** Karl Pauker written “Bokor”, “Paokel”, “Paul Kerr”…: the garbled names and their quick fixes. */
export const GARBLED_CHAPTER = 'orlov-secret-history-118.txt';
export const SOURCES = [
  'bazhanov-damnation-of-stalin.txt',
  'myers-krivitsky-chambers.txt',
  'orlov-secret-history-001.txt',
  'orlov-secret-history-067.txt',
  'orlov-secret-history-118.txt',
];

export const workspaceUri = (): vscode.Uri => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder');
  return folder.uri;
};
export const sourceUri = (name: string) => vscode.Uri.joinPath(workspaceUri(), 'sources', name);
export const brokenEntityUri = () => vscode.Uri.joinPath(workspaceUri(), 'entities', 'broken.md');

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext;
}
/** A file of the knowledge base that ships with the extension. */
export const builtInEntityUri = (id: string) => vscode.Uri.joinPath(extension().extensionUri, 'corpus', 'entities', `${id}.md`);

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function openSource(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(sourceUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The position inside the n-th occurrence of a string (one character in, so it is within the word). */
export function positionOf(doc: vscode.TextDocument, word: string, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(word, at + 1);
    if (at < 0) throw new Error(`‘${word}’ occurs fewer than ${nth + 1} times in ${doc.uri.path}`);
  }
  return doc.positionAt(at + 1);
}

export const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

/** Resolves with the diagnostics of a URI once they satisfy a test: on VS Code's change event, never on a timer. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (d: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs = 60_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const done = () => {
      sub.dispose();
      clearTimeout(timer);
    };
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!accept(d)) return;
      done();
      resolve(d);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`diagnostics of ${uri.path} not as expected within ${timeoutMs} ms: ${JSON.stringify(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    check();
  });
}

let ready: Promise<void> | undefined;
/**
 * Opens the chapter (which activates the extension) and waits until the server has read the
 * workspace: it then publishes the knowledge base's diagnostics, so broken.md gets its error.
 */
export function serverReady(): Promise<void> {
  return (ready ??= (async () => {
    await openSource(CHAPTER);
    await waitForDiagnostics(brokenEntityUri());
    if (!extension().isActive) throw new Error('the extension did not activate');
  })());
}

export function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n');
}

export const hover = (uri: vscode.Uri, position: vscode.Position) =>
  vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);

export async function definitions(uri: vscode.Uri, position: vscode.Position): Promise<{ uri: vscode.Uri; range: vscode.Range }[]> {
  const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, position);
  return (found ?? []).map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : { uri: l.uri, range: l.range }));
}

export const references = (uri: vscode.Uri, position: vscode.Position) =>
  vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, position);

export const basename = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/** The quick fixes VS Code gathers for a range: it passes the diagnostics there as the context. */
export const codeActions = async (uri: vscode.Uri, range: vscode.Range) =>
  (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];

/** The text a diagnostic covers, a name broken over lines read as one line. */
export const coveredText = (doc: vscode.TextDocument, d: vscode.Diagnostic) => doc.getText(d.range).replace(/\s+/g, ' ');

/** Puts an open document back to its text on disk (nothing is saved) and closes its editor. */
export async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}
