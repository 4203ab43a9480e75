import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ResponseError, type DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { startServer } from './lspClient';

const CORPUS = path.resolve(__dirname, '../../corpus');
const CHAPTER = path.join(CORPUS, 'sources/orlov-secret-history-067.txt');

async function initialize(capabilities: object) {
  const client = startServer();
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(CORPUS).href,
    workspaceFolders: [{ uri: pathToFileURL(CORPUS).href, name: 'corpus' }],
    capabilities,
  });
  return client;
}

test('requests that come before the first reading of the workspace wait for it, instead of answering from nothing', async () => {
  const client = await initialize({ window: { workDoneProgress: true } });
  client.connection.sendNotification('initialized', {});
  const uri = pathToFileURL(CHAPTER).href;
  client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: readFileSync(CHAPTER, 'utf8') } });
  const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  assert.ok(symbols.some((s) => s.name === 'Yakov Blumkin'), symbols.map((s) => s.name).join());
  await client.stop();
});

test('a client that refuses the semantic-token refresh does not bring the server down', async () => {
  const client = await initialize({ workspace: { semanticTokens: { refreshSupport: true } } });
  let asked = 0;
  client.connection.onRequest('workspace/semanticTokens/refresh', () => {
    asked++;
    return new ResponseError(-32601, 'MethodNotFound');
  });
  client.connection.sendNotification('initialized', {});
  await client.indexedOrSettled;
  // Still answering after the refusal.
  const uri = pathToFileURL(CHAPTER).href;
  client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: readFileSync(CHAPTER, 'utf8') } });
  const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 70 } });
  assert.ok(asked >= 1, 'the server asked for a refresh');
  assert.ok(hover, 'the server still answers');
  assert.equal(client.process.exitCode, null);
  await client.stop();
});

test('the refresh is not asked of a client that did not offer it', async () => {
  const client = await initialize({});
  let asked = 0;
  client.connection.onRequest('workspace/semanticTokens/refresh', () => {
    asked++;
    return null;
  });
  client.connection.sendNotification('initialized', {});
  const uri = pathToFileURL(CHAPTER).href;
  client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: readFileSync(CHAPTER, 'utf8') } });
  await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
  assert.equal(asked, 0);
  await client.stop();
});
