#!/usr/bin/env node
// Soak test of the language server (run by .ci/run after the tests; needs `npm run build`):
// thousands of rapid edits to an open book (the Bazhanov memoir, 785 kB) with hovers and code
// actions in flight, some cancelled as soon as sent. It checks that answers stay correct, that
// cancelled requests are answered as cancelled, that no stale diagnostics are published (the
// last published version is the latest), that the edited document ends up analysed exactly as
// a fresh copy of its text, and that memory stays bounded: the server runs with its heap capped
// (a leak would end it with an out-of-memory crash) and its RSS is sampled. It ends with the line
// `N passed, N failed`.
//
// Without the cap (--heap-mb 0) V8 collects lazily: RSS climbs past 700 MB in 50 s of this load,
// while a 200 MB heap carries the same load at under 300 MB RSS — the growth is garbage, not a leak.
//
//   node test/reliability/soak.mjs [--seconds 40] [--edits 8000] [--seed 7] [--heap-mb 256]
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: opts } = parseArgs({
  options: { seconds: { type: 'string', default: '40' }, edits: { type: 'string', default: '8000' }, seed: { type: 'string', default: '7' }, 'heap-mb': { type: 'string', default: '256' } },
});
const SECONDS = Number(opts.seconds);
const MAX_EDITS = Number(opts.edits);
const HEAP_MB = Number(opts['heap-mb']);
// Bounds: the server's memory may grow while it warms up, not without end.
const RSS_LIMIT_MB = HEAP_MB ? HEAP_MB + 350 : 1500;
const GROWTH_LIMIT_MB = HEAP_MB ? 200 : 400;

// ------------------------------------------------------------------------------------------
// A seeded random source, so that a failure can be replayed with --seed.
let seed = Number(opts.seed) >>> 0 || 1;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const pick = (list) => list[Math.floor(random() * list.length)];

// ------------------------------------------------------------------------------------------
// The checks, counted for the closing line.
const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? '✔' : '✖'} ${name}${detail ? ` — ${detail}` : ''}`);
}

// ------------------------------------------------------------------------------------------
// A minimal JSON-RPC client over the server's stdio: raw frames, so that a request and its
// cancellation can travel in one write.
const ws = mkdtempSync(path.join(tmpdir(), 'annalist-soak-'));
cpSync(path.join(REPO, 'corpus/sources/bazhanov-damnation-of-stalin.txt'), path.join(ws, 'sources/book.txt'));
cpSync(path.join(REPO, 'corpus/sources/orlov-secret-history-001.txt'), path.join(ws, 'sources/orlov.txt'));
const heapArgs = HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : [];
const server = spawn(process.execPath, [...heapArgs, path.join(REPO, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
let serverErrors = '';
server.stderr.setEncoding('utf8').on('data', (d) => (serverErrors += d));
let exited = null;
server.on('exit', (code, signal) => (exited = { code, signal }));

let nextId = 1;
const waiting = new Map();
const notificationHandlers = new Map();
const frame = (message) => {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
};
const send = (...messages) => server.stdin.write(Buffer.concat(messages.map(frame)));
function request(method, params, { cancel = false } = {}) {
  const id = nextId++;
  const answer = new Promise((resolve) => waiting.set(id, resolve));
  const sent = { id, method, params };
  if (cancel) send(sent, { method: '$/cancelRequest', params: { id } });
  else send(sent);
  return answer;
}
const notify = (method, params) => send({ method, params });

let buffer = Buffer.alloc(0);
server.stdout.on('data', (chunk) => {
  buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
  for (;;) {
    const header = buffer.indexOf('\r\n\r\n');
    if (header < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString('ascii'))[1]);
    if (buffer.length < header + 4 + length) return;
    const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString('utf8'));
    buffer = buffer.subarray(header + 4 + length);
    if (message.method && message.id !== undefined) {
      // A request from the server: configuration, progress tokens, refreshes.
      const result = message.method === 'workspace/configuration' ? message.params.items.map(() => ({})) : null;
      send({ id: message.id, result });
    } else if (message.method) notificationHandlers.get(message.method)?.(message.params);
    else waiting.get(message.id)?.(message), waiting.delete(message.id);
  }
});

// ------------------------------------------------------------------------------------------
// Memory: the server's resident set, from /proc (Linux) or ps.
const rss = [];
function sampleRss() {
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    if (kb) rss.push({ at: Date.now(), mb: kb / 1024 });
  } catch {
    // Not Linux, or the process is gone; the check below reports too few samples.
  }
}

// ------------------------------------------------------------------------------------------
const diagnosticsByUri = new Map();
const published = [];
notificationHandlers.set('textDocument/publishDiagnostics', (p) => {
  diagnosticsByUri.set(p.uri, p);
  published.push({ uri: p.uri, version: p.version, latest: latestVersion });
});
let indexEnded;
const indexed = new Promise((r) => (indexEnded = r));
notificationHandlers.set('$/progress', (p) => p.value.kind === 'end' && indexEnded());

const within = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms).unref())]);

const bookUri = pathToFileURL(path.join(ws, 'sources/book.txt')).href;
let latestVersion = 1;

async function main() {
  await within(
    request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ws).href,
      workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'soak' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    }),
    30_000,
    'initialize',
  );
  notify('initialized', {});
  await within(indexed, 60_000, 'the first indexing');
  const sampler = setInterval(sampleRss, 250);
  sampleRss();

  let doc = TextDocument.create(bookUri, 'plaintext', 1, readFileSync(path.join(ws, 'sources/book.txt'), 'utf8'));
  notify('textDocument/didOpen', { textDocument: { uri: bookUri, languageId: 'plaintext', version: 1, text: doc.getText() } });

  const WORDS = ['the', 'and', 'quietly', 'of', 'later', 'a', 'very', 'long', 'meeting', 'then', 'in', 'winter', 'it', 'was', 'said'];
  const stats = { fixesChecked: 0, pauses: 0, pausesFresh: 0, pausesWithoutDiagnostics: 0, edits: 0, hovers: 0, hoverWrong: [], actions: 0, actionsWrong: [], cancelSent: 0, cancelledAnswered: 0, cancelledCompleted: 0, cancelledWrong: [], otherErrors: [] };
  const inFlight = new Set();
  const track = (promise) => {
    inFlight.add(promise);
    promise.finally(() => inFlight.delete(promise));
  };

  /** A random edit that keeps every name intact: words and line breaks put in or taken out between words. */
  function randomEdit(text) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const at = Math.floor(random() * text.length);
      const kind = random();
      if (kind < 0.45) {
        const space = text.indexOf(' ', at);
        if (space < 0) continue;
        return { start: space, end: space, text: ` ${pick(WORDS)}` };
      }
      if (kind < 0.85) {
        const m = /(?<=[ \n])[a-z]+ /g;
        m.lastIndex = at;
        const found = m.exec(text);
        if (!found || found.index - at > 2000) continue;
        return { start: found.index, end: found.index + found[0].length, text: '' };
      }
      if (kind < 0.93) {
        const space = text.indexOf(' ', at);
        if (space < 0) continue;
        return { start: space, end: space + 1, text: pick(['\n', '\n\n', '\r\n']) };
      }
      // Typing a word letter by letter, each letter its own change.
      const space = text.indexOf(' ', at);
      if (space < 0) continue;
      return { start: space, end: space, text: ' ', typing: pick(WORDS) };
    }
    return { start: 0, end: 0, text: '' };
  }

  function applyEdit(change) {
    const range = { start: doc.positionAt(change.start), end: doc.positionAt(change.end) };
    latestVersion++;
    doc = TextDocument.update(doc, [{ range, text: change.text }], latestVersion);
    notify('textDocument/didChange', { textDocument: { uri: bookUri, version: latestVersion }, contentChanges: [{ range, text: change.text }] });
    stats.edits++;
  }

  /** A random standalone "Stalin" of the current text, and its position. */
  function stalinNear(text) {
    const re = /(?<![\p{L}\p{M}'’-])Stalin(?![\p{L}\p{M}-])/gu;
    re.lastIndex = Math.floor(random() * text.length);
    const found = re.exec(text) ?? ((re.lastIndex = 0), re.exec(text));
    return found.index;
  }

  /** A spelling as titles show it: a name broken at a line end is one word, runs of space are one. */
  const same = (text) => text.replace(/-[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '').replace(/\s+/g, ' ');

  function inBounds(snapshot, range) {
    const lines = snapshot.lineCount;
    const ok = (p) => p.line >= 0 && p.line < lines && p.character >= 0 && p.character <= lineLength(snapshot, p.line);
    return ok(range.start) && ok(range.end) && snapshot.offsetAt(range.start) <= snapshot.offsetAt(range.end);
  }
  function lineLength(snapshot, line) {
    const start = snapshot.offsetAt({ line, character: 0 });
    const end = line + 1 < snapshot.lineCount ? snapshot.offsetAt({ line: line + 1, character: 0 }) : snapshot.getText().length;
    return snapshot.getText().slice(start, end).replace(/\r?\n$|\r$/, '').length;
  }

  // TextDocument.update changes a document in place: a request remembers a copy of what it asked about.
  const snapshotOf = (d) => TextDocument.create(d.uri, d.languageId, d.version, d.getText());

  /** A hover over Stalin: the card must be Stalin's and its range the word, in the text it was asked of. */
  function hoverStalin({ cancel = false } = {}) {
    const snapshot = snapshotOf(doc);
    const text = snapshot.getText();
    const offset = stalinNear(text);
    const position = snapshot.positionAt(offset + 2);
    const sent = request('textDocument/hover', { textDocument: { uri: bookUri }, position }, { cancel });
    if (cancel) stats.cancelSent++;
    else stats.hovers++;
    track(
      sent.then((answer) => {
        if (answer.error) {
          if (cancel && answer.error.code === -32800) stats.cancelledAnswered++;
          else (cancel ? stats.cancelledWrong : stats.otherErrors).push(answer.error);
          return;
        }
        const h = answer.result;
        const value = h?.contents?.value ?? '';
        const covered = h && snapshot.offsetAt(h.range.start) <= offset && snapshot.offsetAt(h.range.end) >= offset + 6;
        const right = /\*\*Joseph Stalin\*\*/.test(value) && covered && text.slice(snapshot.offsetAt(h.range.start), snapshot.offsetAt(h.range.end)).includes('Stalin');
        if (cancel) {
          stats.cancelledCompleted++;
          if (!right) stats.cancelledWrong.push({ version: snapshot.version, position, value: value.slice(0, 80) });
        } else if (!right) stats.hoverWrong.push({ version: snapshot.version, position, value: value.slice(0, 80), range: h?.range });
      }),
    );
  }

  /** Code actions at a diagnostic of the current version, or at a random line: well-formed edits inside the text. */
  function codeActions() {
    const snapshot = snapshotOf(doc);
    const current = diagnosticsByUri.get(bookUri);
    const diagnostic = current?.version === snapshot.version && current.diagnostics.length ? pick(current.diagnostics) : undefined;
    const line = Math.floor(random() * snapshot.lineCount);
    const range = diagnostic?.range ?? { start: { line, character: 0 }, end: { line, character: 0 } };
    stats.actions++;
    track(
      request('textDocument/codeAction', { textDocument: { uri: bookUri }, range, context: { diagnostics: diagnostic ? [diagnostic] : [] } }).then((answer) => {
        if (answer.error) return void stats.otherErrors.push(answer.error);
        for (const action of answer.result ?? []) {
          const edits = action.edit?.changes?.[bookUri] ?? [];
          for (const e of edits) {
            if (!inBounds(snapshot, e.range)) stats.actionsWrong.push({ title: action.title, range: e.range, version: snapshot.version });
          }
          // A replacement changes exactly the spelling its title names, wherever it says so.
          const named = /^Replace (?:all \d+ )?‘(.+?)’/.exec(action.title)?.[1];
          if (named) {
            for (const e of edits) {
              stats.fixesChecked++;
              const replaced = snapshot.getText(e.range);
              if (same(replaced) !== same(named)) stats.actionsWrong.push({ title: action.title, replaced, version: snapshot.version });
            }
          }
        }
      }),
    );
  }

  /** Typing pauses: the diagnostics of the latest version come, and their fixes are asked for. */
  async function pause() {
    stats.pauses++;
    const d = await within(
      new Promise((resolve) => {
        const poll = setInterval(() => {
          const current = diagnosticsByUri.get(bookUri);
          if (current?.version === latestVersion) resolve((clearInterval(poll), current));
        }, 20);
      }),
      20_000,
      `diagnostics for version ${latestVersion} after a pause`,
    ).catch(() => undefined);
    if (!d) return void stats.pausesWithoutDiagnostics++;
    stats.pausesFresh++;
    for (let i = 0; i < 5; i++) codeActions();
    hoverStalin();
    await within(Promise.all([...inFlight]), 60_000, 'requests after a pause');
  }

  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  let nextPause = started + 2000;
  while (stats.edits < MAX_EDITS && Date.now() < deadline && !exited) {
    if (Date.now() >= nextPause) {
      await pause();
      nextPause = Date.now() + 1500 + random() * 2000;
    }
    const change = randomEdit(doc.getText());
    if (change.typing) {
      applyEdit(change);
      let at = change.start + 1;
      for (const letter of change.typing) applyEdit({ start: at, end: at++, text: letter });
    } else applyEdit(change);
    const r = random();
    if (r < 0.1) hoverStalin();
    else if (r < 0.15) hoverStalin({ cancel: true });
    else if (r < 0.2) codeActions();
    // Let answers in now and then, and keep what is in flight bounded.
    if (stats.edits % 25 === 0 || inFlight.size > 40) await within(Promise.all([...inFlight]), 60_000, 'requests in flight');
    if (stats.edits % 5 === 0) await new Promise((r) => setImmediate(r));
  }
  await within(Promise.all([...inFlight]), 60_000, 'the last requests');
  const editSeconds = (Date.now() - started) / 1000;

  // The last published diagnostics are for the latest version, and none older came after a newer one.
  const final = await within(
    new Promise((resolve) => {
      const poll = setInterval(() => {
        const d = diagnosticsByUri.get(bookUri);
        if (d?.version === latestVersion) resolve((clearInterval(poll), d));
      }, 50);
    }),
    30_000,
    `diagnostics for version ${latestVersion}`,
  ).catch(() => diagnosticsByUri.get(bookUri));
  const ours = published.filter((p) => p.uri === bookUri && p.version !== undefined);
  const backwards = ours.filter((p, i) => i > 0 && p.version < ours[i - 1].version);
  const ahead = ours.filter((p) => p.version > p.latest);

  // The edited document is analysed exactly as a fresh copy of its final text.
  const freshUri = pathToFileURL(path.join(ws, 'sources/fresh-copy.txt')).href;
  notify('textDocument/didOpen', { textDocument: { uri: freshUri, languageId: 'plaintext', version: 1, text: doc.getText() } });
  const fresh = await within(
    new Promise((resolve) => {
      const poll = setInterval(() => {
        const d = diagnosticsByUri.get(freshUri);
        if (d?.version === 1) resolve((clearInterval(poll), d));
      }, 50);
    }),
    30_000,
    'diagnostics of the fresh copy',
  ).catch(() => undefined);
  const shape = (d) => JSON.stringify((d?.diagnostics ?? []).map((x) => [x.range, x.code, x.message]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  const [symbolsEdited, symbolsFresh, tokensEdited, tokensFresh] = await Promise.all([
    request('textDocument/documentSymbol', { textDocument: { uri: bookUri } }),
    request('textDocument/documentSymbol', { textDocument: { uri: freshUri } }),
    request('textDocument/semanticTokens/full', { textDocument: { uri: bookUri } }),
    request('textDocument/semanticTokens/full', { textDocument: { uri: freshUri } }),
  ]);
  const alive = await within(request('workspace/symbol', { query: 'Stalin' }), 10_000, 'a last answer').then((a) => Array.isArray(a.result) && a.result.length > 0).catch(() => false);
  clearInterval(sampler);
  sampleRss();

  // ----------------------------------------------------------------------------------------
  console.log(`${stats.edits} edits in ${editSeconds.toFixed(1)} s to a document of ${(doc.getText().length / 1000).toFixed(0)} k characters (version ${latestVersion}); ${stats.hovers} hovers, ${stats.actions} code-action requests, ${stats.cancelSent} cancelled requests`);
  check('the server stays up and answers to the end', !exited && alive, exited ? `exited ${JSON.stringify(exited)}` : '');
  check('every hover is over Stalin and shows his card, for the version it was asked of', stats.hoverWrong.length === 0 && stats.hovers > 0, stats.hoverWrong.length ? JSON.stringify(stats.hoverWrong.slice(0, 3)) : `${stats.hovers} hovers`);
  check(
    'every code action edits inside the text it was asked of, and each replacement changes exactly the spelling its title names',
    stats.actionsWrong.length === 0 && stats.actions > 0 && stats.fixesChecked > 0,
    stats.actionsWrong.length ? JSON.stringify(stats.actionsWrong.slice(0, 3)) : `${stats.actions} requests, ${stats.fixesChecked} replacement edits checked`,
  );
  check(
    'cancelled requests are answered as cancelled (or, when done before the cancellation arrived, correctly)',
    stats.cancelledWrong.length === 0 && stats.cancelledAnswered + stats.cancelledCompleted === stats.cancelSent && stats.cancelledAnswered > 0,
    `${stats.cancelledAnswered} answered as cancelled, ${stats.cancelledCompleted} completed first${stats.cancelledWrong.length ? `; wrong: ${JSON.stringify(stats.cancelledWrong.slice(0, 3))}` : ''}`,
  );
  check('no request fails otherwise', stats.otherErrors.length === 0, stats.otherErrors.length ? JSON.stringify(stats.otherErrors.slice(0, 3)) : '');
  check(
    'no stale diagnostics: whenever typing pauses, and at the end, the published version is the latest; versions never go back',
    final?.version === latestVersion && backwards.length === 0 && ahead.length === 0 && stats.pausesWithoutDiagnostics === 0 && stats.pausesFresh > 0,
    `${ours.length} publications; ${stats.pausesFresh} of ${stats.pauses} pauses found the latest version published; last for version ${final?.version} of ${latestVersion}`,
  );
  check(
    'the edited document is analysed exactly as a fresh copy of its text',
    !!fresh && shape(final) === shape(fresh) && JSON.stringify(symbolsEdited.result) === JSON.stringify(symbolsFresh.result) && JSON.stringify(tokensEdited.result?.data) === JSON.stringify(tokensFresh.result?.data),
    `${final?.diagnostics.length ?? '?'} diagnostics, ${symbolsEdited.result?.length ?? '?'} symbols, ${(tokensEdited.result?.data.length ?? 0) / 5} tokens`,
  );
  const mbs = rss.map((s) => s.mb);
  const quarter = (q) => Math.max(...mbs.slice(Math.floor((q * mbs.length) / 4), Math.floor(((q + 1) * mbs.length) / 4)));
  console.log(`RSS peak by quarter of the run: ${[0, 1, 2, 3].map((q) => `${quarter(q).toFixed(0)} MB`).join(', ')}`);
  const min = Math.min(...mbs);
  const max = Math.max(...mbs);
  const third = Math.max(1, Math.floor(rss.length / 3));
  const early = Math.max(...mbs.slice(0, third));
  const late = Math.max(...mbs.slice(-third));
  check(
    `memory stays bounded (${HEAP_MB ? `heap capped at ${HEAP_MB} MB; ` : ''}RSS under ${RSS_LIMIT_MB} MB; the last third at most ${GROWTH_LIMIT_MB} MB above the first)`,
    rss.length >= 10 && max < RSS_LIMIT_MB && late - early <= GROWTH_LIMIT_MB,
    `RSS min ${min.toFixed(0)} MB, max ${max.toFixed(0)} MB (first third up to ${early.toFixed(0)}, last third up to ${late.toFixed(0)}) over ${rss.length} samples`,
  );
  check('the server writes nothing to standard error', serverErrors.trim() === '', serverErrors.slice(0, 300));
}

try {
  await main();
} catch (err) {
  check('the soak run completes', false, String(err?.stack ?? err));
} finally {
  if (!exited) {
    try {
      await within(request('shutdown'), 5000, 'shutdown');
      notify('exit');
    } catch {
      server.kill('SIGKILL');
    }
  }
  rmSync(ws, { recursive: true, force: true });
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
