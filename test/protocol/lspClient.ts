// A minimal LSP client for protocol tests: spawns the built server over stdio and records
// what it publishes.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  diagnostics: Map<string, PublishDiagnosticsParams>;
  progress: { kind: string; message?: string }[];
  /** Resolves when the first indexing pass has reported its end. */
  indexed: Promise<void>;
  /** Resolves after the server logged that indexing finished (for clients without progress). */
  indexedOrSettled: Promise<void>;
  /** Resolves with the next diagnostics published for a URI that satisfy a test. */
  nextDiagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

export function startServer(args: string[] = [SERVER, '--stdio'], settings: Record<string, unknown> = {}): TestClient {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const progress: { kind: string; message?: string }[] = [];
  let indexedResolve!: () => void;
  const indexed = new Promise<void>((r) => (indexedResolve = r));

  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onNotification('$/progress', (p: { value: { kind: string; message?: string } }) => {
    progress.push(p.value);
    if (p.value.kind === 'end') indexedResolve();
  });
  let settledResolve!: () => void;
  const indexedOrSettled = new Promise<void>((r) => (settledResolve = r));
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    if (/^Indexed /.test(p.message)) settledResolve();
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/semanticTokens/refresh', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/showMessageRequest', () => null);
  connection.listen();

  return {
    connection,
    process: child,
    diagnostics,
    progress,
    indexed,
    indexedOrSettled,
    nextDiagnostics(uri, accept = () => true) {
      const existing = diagnostics.get(uri);
      if (existing && accept(existing)) return Promise.resolve(existing);
      return new Promise((resolve) => waiters.push({ uri, accept, resolve }));
    },
    async stop() {
      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
      await new Promise((r) => child.once('exit', r));
      connection.dispose();
    },
  };
}
