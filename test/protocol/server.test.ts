import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type Hover, type Location, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import { startServer, type TestClient } from './lspClient';

const REPO = path.resolve(__dirname, '../..');
let ws: string;
let client: TestClient;
/** The chapter as the server has it open, edits included. */
let openText: string;
const uriOf = (rel: string) => pathToFileURL(path.join(ws, rel)).href;
const CHAPTER = 'sources/orlov-secret-history-001.txt';

before(async () => {
  // A private copy of the corpus with one broken entry, so the test can check its report.
  ws = mkdtempSync(path.join(tmpdir(), 'annalist-lsp-'));
  cpSync(path.join(REPO, 'corpus/sources'), path.join(ws, 'sources'), { recursive: true });
  cpSync(path.join(REPO, 'corpus/entities'), path.join(ws, 'entities'), { recursive: true });
  writeFileSync(path.join(ws, 'entities/broken.md'), '---\nid: broken\ntype: persn\nname: Broken Entry\n---\n');
  client = startServer(undefined, { builtInKnowledgeBase: false });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(ws).href,
    workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'corpus' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true },
      window: { workDoneProgress: true },
      textDocument: { hover: { contentFormat: ['markdown'] } },
    },
  });
  client.connection.sendNotification('initialized', {});
  openText = readFileSync(path.join(ws, CHAPTER), 'utf8');
  client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(CHAPTER), languageId: 'plaintext', version: 1, text: openText } });
  await client.indexed;
});

after(async () => {
  await client?.stop();
  rmSync(ws, { recursive: true, force: true });
});

/** The position of the n-th occurrence of a word in the open chapter. */
function positionOf(word: string, nth = 0) {
  const lines = openText.split('\n');
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    let at = lines[line]!.indexOf(word);
    while (at >= 0) {
      if (seen++ === nth) return { line, character: at + 1 };
      at = lines[line]!.indexOf(word, at + 1);
    }
  }
  throw new Error(`${word} not found`);
}

const at = (position: { line: number; character: number }) => ({ textDocument: { uri: uriOf(CHAPTER) }, position });

test('indexing reports progress from begin to end', () => {
  assert.equal(client.progress[0]?.kind, 'begin');
  assert.equal(client.progress.at(-1)?.kind, 'end');
});

test('hover over a name shows its card', async () => {
  const hover = (await client.connection.sendRequest('textDocument/hover', at(positionOf('Stalin')))) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /\*\*Joseph Stalin\*\*/);
  assert.match(value, /mentions? in this document, \d+ in the workspace \(5 files\)/);
});

test('definition jumps to the entity file at its name line', async () => {
  const [loc] = (await client.connection.sendRequest('textDocument/definition', at(positionOf('Stalin')))) as Location[];
  assert.equal(loc!.uri, uriOf('entities/stalin.md'));
  const nameLine = readFileSync(path.join(ws, 'entities/stalin.md'), 'utf8').split('\n').findIndex((l) => l.startsWith('name:'));
  assert.equal(loc!.range.start.line, nameLine);
});

test('references list mentions across all five sources', async () => {
  const refs = (await client.connection.sendRequest('textDocument/references', {
    ...at(positionOf('Stalin')),
    context: { includeDeclaration: false },
  })) as Location[];
  const files = new Set(refs.map((r) => path.basename(r.uri)));
  assert.equal(files.size, 5, [...files].join());
  assert.ok(refs.length > 1000, `${refs.length} references`);
});

test('document symbols list the figures of the chapter', async () => {
  const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uriOf(CHAPTER) } })) as { name: string }[];
  const names = symbols.map((s) => s.name);
  assert.ok(names.includes('Joseph Stalin'), names.join());
  assert.ok(names.includes('Vladimir Lenin'), names.join());
});

test('workspace symbols find an entity by alias', async () => {
  const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'Koba' })) as SymbolInformation[];
  assert.equal(symbols[0]?.name, 'Joseph Stalin');
  assert.equal(symbols[0]?.location.uri, uriOf('entities/stalin.md'));
});

test('semantic tokens cover the names of the chapter', async () => {
  const tokens = (await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: uriOf(CHAPTER) } })) as { data: number[] };
  assert.equal(tokens.data.length % 5, 0);
  const count = tokens.data.length / 5;
  const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uriOf(CHAPTER) } })) as { detail: string }[];
  const mentions = symbols.reduce((n, s) => n + Number.parseInt(s.detail, 10), 0);
  assert.equal(count, mentions);
});

test('a broken entity file gets a diagnostic at its faulty line, and the rest loads', async () => {
  const report = await client.nextDiagnostics(uriOf('entities/broken.md'));
  assert.deepEqual(
    report.diagnostics.map((d) => [d.code, d.range.start.line, d.source]),
    [['kb-invalid-field', 2, 'annalist']],
  );
  const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'Broken' })) as SymbolInformation[];
  assert.ok(!symbols.some((s) => s.name === 'Broken Entry'));
  assert.ok(symbols.length > 0, 'other entities still load');
});

test('edits are followed incrementally and diagnostics come for the new version', async () => {
  const uri = uriOf(CHAPTER);
  client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Kamenev. ' }],
  });
  openText = `Kamenev. ${openText}`;
  const report = await client.nextDiagnostics(uri, (p) => p.version === 2);
  assert.ok(report.diagnostics.some((d) => d.code === 'ambiguous-name' && d.range.start.line === 0 && d.range.start.character === 0));
  const hover = (await client.connection.sendRequest('textDocument/hover', at({ line: 0, character: 2 }))) as Hover;
  assert.match((hover.contents as { value: string }).value, /could be any of/);
});

test('an entity file edited in the editor changes recognition without saving', async () => {
  const uri = uriOf('entities/broken.md');
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'markdown', version: 1, text: '---\nid: broken\ntype: person\nname: Secret History\n---\n' },
  });
  const report = await client.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
  assert.deepEqual(report.diagnostics, []);
  const hover = (await client.connection.sendRequest('textDocument/hover', at(positionOf('Secret History')))) as Hover | null;
  assert.match((hover?.contents as { value: string }).value, /\*\*Secret History\*\*/);
});
