// Shared by the reliability tests: throw-away workspaces, a spawned language server that records
// everything it says, and the command line run as a child process. Every wait has a time limit,
// so a hung server fails a test instead of hanging the suite.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const REPO = path.resolve(__dirname, '../..');
export const SERVER = path.join(REPO, 'dist/server.js');
export const CLI = path.join(REPO, 'dist/cli.js');

/** A promise that fails with a message naming what was awaited when it takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`)), ms);
    }),
  ]);
}

/** A fresh folder holding `files` (relative path → text or bytes). */
export function workspace(files: Record<string, string | Buffer> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'annalist-rel-'));
  // Readable by an unprivileged user too (the permission test runs the server as one).
  chmodSync(root, 0o755);
  for (const [rel, content] of Object.entries(files)) writeFile(root, rel, content);
  return root;
}

export function writeFile(root: string, rel: string, content: string | Buffer): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

export function removeWorkspace(root: string): void {
  try {
    rmSync(root, { recursive: true, force: true });
  } catch {
    // A folder left unreadable on purpose is made readable by its test; nothing else to do.
  }
}

export const uriOf = (root: string, rel: string) => pathToFileURL(path.join(root, rel)).href;

/** A small knowledge-base entry. */
export function entity(id: string, name: string, extra: string = '', biography = `${name} is a test entry.`): string {
  return `---\nid: ${id}\ntype: person\nname: ${name}\n${extra}---\n${biography}\n`;
}

export interface Message {
  type: number;
  message: string;
}

export interface Session {
  connection: ProtocolConnection;
  process: ChildProcess;
  root: string;
  /** window/logMessage, in order. */
  logs: Message[];
  /** window/showMessage and window/showMessageRequest, in order. */
  shown: Message[];
  progress: { kind: string; message?: string; percentage?: number }[];
  diagnostics: Map<string, PublishDiagnosticsParams>;
  stderr: () => string;
  /** Resolves with the next diagnostics for a URI that pass `accept` (the current ones count). */
  nextDiagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, ms?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves when a log or shown message matches. */
  waitForMessage(pattern: RegExp, ms?: number): Promise<Message>;
  /** Resolves when the n-th indexing pass (1-based) has ended. */
  indexed(n?: number, ms?: number): Promise<void>;
  open(rel: string, text: string, version?: number, languageId?: string): string;
  hover(uri: string, line: number, character: number, ms?: number): Promise<Hover | null>;
  hoverText(uri: string, line: number, character: number, ms?: number): Promise<string>;
  /** True while the process runs and answers a request. */
  alive(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface SessionOptions {
  settings?: Record<string, unknown>;
  /** Extra arguments for node, before the server script. */
  nodeArgs?: string[];
  spawn?: SpawnOptions;
  /** Wait for the first indexing pass before returning (default true). */
  waitForIndex?: boolean;
  indexTimeoutMs?: number;
}

/** Starts the built server over stdio on `root`, initializes it and (by default) waits for the first reading. */
export async function startSession(root: string, options: SessionOptions = {}): Promise<Session> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...options.spawn });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const logs: Message[] = [];
  const shown: Message[] = [];
  const progress: Session['progress'] = [];
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const listeners = new Set<() => void>();
  const changed = () => [...listeners].forEach((l) => l());
  const until = <T>(probe: () => T | undefined, ms: number, what: () => string): Promise<T> => {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    let listener!: () => void;
    const found = new Promise<T>((resolve) => {
      listener = () => {
        const v = probe();
        if (v !== undefined) resolve(v);
      };
      listeners.add(listener);
    });
    return within(found, ms, what).finally(() => listeners.delete(listener));
  };

  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    changed();
  });
  connection.onNotification('$/progress', (p: { value: { kind: string; message?: string; percentage?: number } }) => {
    progress.push(p.value);
    changed();
  });
  connection.onNotification('window/logMessage', (p: Message) => {
    logs.push(p);
    changed();
  });
  connection.onNotification('window/showMessage', (p: Message) => {
    shown.push(p);
    changed();
  });
  connection.onRequest('window/showMessageRequest', (p: Message) => {
    shown.push(p);
    changed();
    return null;
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => options.settings ?? {}));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/semanticTokens/refresh', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();

  const session: Session = {
    connection,
    process: child,
    root,
    logs,
    shown,
    progress,
    diagnostics,
    stderr: () => stderr,
    nextDiagnostics: (uri, accept = () => true, ms = 10_000) =>
      until(
        () => {
          const d = diagnostics.get(uri);
          return d && accept(d) ? d : undefined;
        },
        ms,
        () => `diagnostics for ${uri} (last published: ${JSON.stringify(diagnostics.get(uri) ?? null).slice(0, 500)})`,
      ),
    waitForMessage: (pattern, ms = 10_000) =>
      until(
        () => [...logs, ...shown].find((m) => pattern.test(m.message)),
        ms,
        () => `a message matching ${pattern} (messages so far: ${[...logs, ...shown].map((m) => m.message).join(' | ').slice(0, 800)})`,
      ),
    indexed: (n = 1, ms = options.indexTimeoutMs ?? 20_000) =>
      until(() => (progress.filter((p) => p.kind === 'end').length >= n ? true : undefined), ms, () => `indexing pass ${n} (stderr: ${stderr.slice(0, 500)})`).then(() => undefined),
    open(rel, text, version = 1, languageId = 'plaintext') {
      const uri = rel.includes(':') ? rel : uriOf(root, rel);
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
      return uri;
    },
    hover: (uri, line, character, ms = 10_000) =>
      within(connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }) as Promise<Hover | null>, ms, `hover at ${line}:${character}`),
    async hoverText(uri, line, character, ms) {
      const h = await session.hover(uri, line, character, ms);
      return h ? (h.contents as { value: string }).value : '';
    },
    async alive() {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      const symbols = await within(connection.sendRequest('workspace/symbol', { query: 'zzz' }), 10_000, 'a workspace/symbol answer');
      return Array.isArray(symbols);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        try {
          await within(connection.sendRequest('shutdown'), 5_000, 'shutdown');
          connection.sendNotification('exit');
          await within(exited, 5_000, 'exit');
        } catch {
          child.kill('SIGKILL');
          await exited;
        }
      }
      connection.dispose();
    },
  };

  await within(
    connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } },
        window: { workDoneProgress: true, showMessage: {} },
        textDocument: { hover: { contentFormat: ['markdown'] }, publishDiagnostics: { versionSupport: true } },
      },
    }),
    10_000,
    'initialize',
  );
  connection.sendNotification('initialized', {});
  if (options.waitForIndex ?? true) await session.indexed();
  return session;
}

/** Line and UTF-16 character of the n-th occurrence of `word` in `text`, splitting lines as LSP does (\r\n, \r, \n). */
export function positionOf(text: string, word: string, nth = 0): { line: number; character: number } {
  let from = -1;
  for (let i = 0; i <= nth; i++) {
    from = text.indexOf(word, from + 1);
    if (from < 0) throw new Error(`'${word}' #${nth} not in the text`);
  }
  const before = text.slice(0, from);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line: breaks.length, character: from - (lastBreak + 1) };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs dist/cli.js in `cwd`; only a hung process is ended, after `ms`. */
export function runCli(args: string[], cwd: string, ms = 30_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function showRun(r: CliRun): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout ---\n${r.stdout.slice(0, 1500)}\n--- stderr ---\n${r.stderr.slice(0, 1500)}`;
}
