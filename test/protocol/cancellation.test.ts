import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { SERVER } from './lspClient';

/** Frames JSON-RPC messages as LSP does, so that several can travel in one write. */
function frame(...messages: object[]): string {
  return messages
    .map((m) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...m });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    })
    .join('');
}

/** Reads framed messages from the server until one satisfies `done`. */
function readUntil(stream: NodeJS.ReadableStream, done: (m: { id?: unknown; error?: { code: number }; result?: unknown }) => boolean) {
  return new Promise<{ id?: unknown; error?: { code: number }; result?: unknown }>((resolve) => {
    let buffer = Buffer.alloc(0);
    stream.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const header = buffer.indexOf('\r\n\r\n');
        if (header < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())![1]);
        if (buffer.length < header + 4 + length) return;
        const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString());
        buffer = buffer.subarray(header + 4 + length);
        if (done(message)) resolve(message);
      }
    });
  });
}

test('a request cancelled before the server reaches it is answered as cancelled', async () => {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const uri = 'untitled:cancel-test';
  const answer = readUntil(child.stdout, (m) => m.id === 'hover-1');
  child.stdin.write(
    frame(
      { id: 0, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } },
      { method: 'initialized', params: {} },
      { method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'plaintext', version: 1, text: 'Stalin' } } },
      { id: 'hover-1', method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 1 } } },
      { method: '$/cancelRequest', params: { id: 'hover-1' } },
    ),
  );
  const response = await answer;
  child.kill();
  assert.equal(response.error?.code, -32800);
});
