// Property-based test of the server over stdio (issue 7): random sequences of incremental edits
// to an open corpus chapter, with hovers and code actions in flight. Diagnostics must belong to the
// version they are published for, and the last ones to the final version.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';
import { lexicon } from '../service/fixtures';
import { startServer, type TestClient } from '../protocol/lspClient';
import { KNOWN_GARBLES, NAMES, assertRangeInside, garbledName, linesOf, params, runs, piece } from './arbitraries';

const REPO = path.resolve(__dirname, '../..');
const CHAPTER = 'sources/orlov-secret-history-067.txt';
let ws: string;
let client: TestClient;
let chapterUri: string;
let chapterText: string;
/** What the server should find in a text: the service over the same entity files. */
let reference: ReturnType<typeof createLanguageService>;
/**
 * Every diagnostics notification for the chapter, in order of arrival. (This handler replaces
 * the test client's own, so its `nextDiagnostics` is not used here.)
 */
const published: PublishDiagnosticsParams[] = [];
const counts = { sequences: 0, edits: 0, notifications: 0, reopens: 0, hovers: 0, codeActions: 0, publishes: 0 };

before(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'annalist-fuzz-'));
  cpSync(path.join(REPO, 'corpus/entities'), path.join(ws, 'entities'), { recursive: true });
  cpSync(path.join(REPO, 'corpus', CHAPTER), path.join(ws, CHAPTER));
  chapterUri = pathToFileURL(path.join(ws, CHAPTER)).href;
  chapterText = readFileSync(path.join(ws, CHAPTER), 'utf8');
  const entityDir = path.join(ws, 'entities');
  reference = createLanguageService(
    readdirSync(entityDir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => ({ uri: pathToFileURL(path.join(entityDir, f)).href, text: readFileSync(path.join(entityDir, f), 'utf8'), layer: 'workspace' as const })),
    { lexicon },
  );
  client = startServer(undefined, { builtInKnowledgeBase: false });
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (p.uri === chapterUri) published.push(p);
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(ws).href,
    workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'corpus' }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
  });
  client.connection.sendNotification('initialized', {});
  await client.indexed;
  doc = TextDocument.create(chapterUri, 'plaintext', nextVersion++, chapterText);
  client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: chapterUri, languageId: 'plaintext', version: doc.version, text: chapterText } });
});

after(async () => {
  await client?.stop();
  if (ws) rmSync(ws, { recursive: true, force: true });
  console.log(
    `protocol fuzz: ${counts.sequences} edit sequences, ${counts.edits} edits in ${counts.notifications} didChange notifications, ${counts.reopens} closes and reopens, ` +
      `${counts.hovers} hovers and ${counts.codeActions} code-action requests in flight, ${counts.publishes} diagnostics notifications checked`,
  );
});

type Op =
  | { kind: 'edit'; changes: { at: number; remove: number; insert: string }[] }
  | { kind: 'replaceAll'; insert: string }
  | { kind: 'hover'; at: number }
  | { kind: 'codeAction'; at: number; nth: number }
  | { kind: 'pause'; ms: number }
  | { kind: 'reopen'; text: string };


const insertText = fc.oneof(
  { weight: 4, arbitrary: piece },
  { weight: 2, arbitrary: garbledName },
  { weight: 2, arbitrary: fc.constantFrom(...NAMES, ...KNOWN_GARBLES) },
  { weight: 3, arbitrary: fc.constantFrom('', ' ', '\n', '\r\n', '\n\n', '\r\n\r\n', '\r', '-\n', '. ', 'a', '😀', '𓂀', '\u0301', '\u0000', '\u200F') },
);
const change = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 400 })),
  insert: insertText,
});
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('edit' as const), changes: fc.array(change, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replaceAll' as const), insert: fc.constantFrom('', 'Bokor amused Stalin.\r\nPauker laughed.', 'x') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('hover' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('codeAction' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), nth: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.constantFrom(0, 20, 160) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), text: fc.constantFrom('', 'Nothing here.', 'Bokor amused Stalin.') }) },
);

/**
 * The next version of a document, as a new object: TextDocument.update changes the document it is
 * given, and the requests in flight keep the version they were sent for.
 */
function next(d: TextDocument, changes: TextDocumentContentChangeEvent[], version = nextVersion++): TextDocument {
  let text = d.getText();
  for (const c of changes) {
    if (!('range' in c)) text = c.text;
    else {
      const at = TextDocument.create(d.uri, 'plaintext', 0, text);
      text = text.slice(0, at.offsetAt(c.range.start)) + c.text + text.slice(at.offsetAt(c.range.end));
    }
  }
  return TextDocument.create(d.uri, 'plaintext', version, text);
}

/** An offset that a client could name: not between \r and \n, nor between the halves of a surrogate pair. */
function snap(text: string, offset: number): number {
  let o = Math.max(0, Math.min(offset, text.length));
  const c = text.charCodeAt(o);
  const p = text.charCodeAt(o - 1);
  if ((p === 13 && c === 10) || (p >= 0xd800 && p <= 0xdbff && c >= 0xdc00 && c <= 0xdfff)) o--;
  return o;
}

const fold = (s: string) => s.replace(/-[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '').replace(/\s+/g, ' ').normalize('NFD').replace(/\p{M}/gu, '').replace(/[\u2019\u2018\u02BC`\u00B4]/g, "'").toLowerCase();

let nextVersion = 1;
/** The chapter as the client has it. */
let doc: TextDocument;

const SEQUENCES = runs(8);
test(`random edit sequences over the protocol: diagnostics belong to their version, the last ones to the final text [${SEQUENCES} cases]`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 60, size: 'max' }), async (ops) => {
      // The chapter stays open from one run to the next; each run begins by setting its whole text back.
      doc = next(doc, [{ text: chapterText }]);
      const texts = new Map<number, string>([[doc.version, doc.getText()]]);
      published.length = 0;
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: chapterUri, version: doc.version }, contentChanges: [{ text: chapterText }] });
      const inFlight: Promise<void>[] = [];
      for (const o of ops) {
        if (o.kind === 'edit' || o.kind === 'replaceAll') {
          const changes: TextDocumentContentChangeEvent[] = [];
          if (o.kind === 'replaceAll') changes.push({ text: o.insert });
          else {
            // Several changes in one notification apply in order, each to the text the previous one left.
            let scratch = doc;
            for (const c of o.changes) {
              const text = scratch.getText();
              const start = snap(text, Math.floor(c.at * (text.length + 1)));
              const end = snap(text, start + c.remove);
              const ch = { range: { start: scratch.positionAt(start), end: scratch.positionAt(Math.max(start, end)) }, text: c.insert };
              changes.push(ch);
              scratch = next(scratch, [ch], scratch.version);
            }
          }
          doc = next(doc, changes);
          texts.set(doc.version, doc.getText());
          client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: chapterUri, version: doc.version }, contentChanges: changes });
          counts.notifications++;
          counts.edits += changes.length;
        } else if (o.kind === 'hover') {
          const sent = doc;
          const position = sent.positionAt(snap(sent.getText(), Math.floor(o.at * (sent.getText().length + 1))));
          counts.hovers++;
          inFlight.push(
            client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: chapterUri }, position }).then((h) => {
              if (h?.range) assertRangeInside(linesOf(sent.getText()), h.range, `hover at ${JSON.stringify(position)} of version ${sent.version}`);
            }),
          );
        } else if (o.kind === 'codeAction') {
          const sent = doc;
          // The diagnostics the client has, which may be for an older version, as an editor sends them.
          const diagnostics: Diagnostic[] = published[published.length - 1]?.diagnostics ?? [];
          const d = diagnostics.length ? diagnostics[o.nth % diagnostics.length] : undefined;
          const at = sent.positionAt(snap(sent.getText(), Math.floor(o.at * (sent.getText().length + 1))));
          const range = d?.range ?? { start: at, end: at };
          counts.codeActions++;
          inFlight.push(
            client.connection.sendRequest<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri: chapterUri }, range, context: { diagnostics: d ? [d] : diagnostics } }).then((actions) => {
              const l = linesOf(sent.getText());
              for (const a of actions ?? []) {
                const written = String((a.diagnostics?.[0]?.data as { written?: unknown } | undefined)?.written);
                for (const e of a.edit?.changes?.[chapterUri] ?? []) {
                  assertRangeInside(l, e.range, `edit of “${a.title}” on version ${sent.version}`);
                  const slice = sent.getText().slice(sent.offsetAt(e.range.start), sent.offsetAt(e.range.end));
                  assert.equal(fold(slice), fold(written), `“${a.title}” on version ${sent.version} would replace ${JSON.stringify(slice)}`);
                }
              }
            }),
          );
        } else if (o.kind === 'reopen') {
          // Closed and opened again at once, with other text, as when an editor reverts a file.
          client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: chapterUri } });
          doc = TextDocument.create(chapterUri, 'plaintext', nextVersion++, o.text);
          texts.set(doc.version, o.text);
          client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: chapterUri, languageId: 'plaintext', version: doc.version, text: o.text } });
          counts.reopens++;
        } else if (o.ms) {
          await new Promise((r) => setTimeout(r, o.ms));
        }
      }
      await Promise.all(inFlight);
      const final = doc;
      const last = await diagnosticsFor(final.version, 10_000);
      // Nothing older may come after: wait past the server's debounce and a round trip.
      await new Promise((r) => setTimeout(r, 200));
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: chapterUri }, position: { line: 0, character: 0 } });
      const latest = published[published.length - 1]!;
      assert.equal(latest.version, final.version, `the last diagnostics published are for version ${latest.version}, the document is at ${final.version}`);

      for (const p of published) {
        counts.publishes++;
        if (p.version === undefined) continue;
        const text = texts.get(p.version);
        assert.ok(text !== undefined, `diagnostics published for version ${p.version}, which was never sent`);
        const l = linesOf(text);
        for (const d of p.diagnostics) assertRangeInside(l, d.range, `diagnostic ${d.code} of version ${p.version}`);
      }
      // The server's text is the client's: its findings are what the service finds in the final text.
      reference.updateSource({ uri: chapterUri, version: final.version, text: final.getText() });
      const expected = reference.diagnostics(chapterUri).map((d) => [d.code, d.range, d.message]);
      assert.deepEqual(last.diagnostics.map((d) => [d.code, d.range, d.message]), expected, 'the server’s diagnostics differ from a fresh analysis of the final text');

      counts.sequences++;
    }),
    params(SEQUENCES, { timeout: 30_000 }),
  );
});

// Found by the property above (a `reopen` in the sequence) and fixed since in the server; kept as a
// regression test. Closing and reopening at once used to let the disk read started by the close
// land after the open, so that the open text was analysed as the file on disk.
test('a chapter closed and opened again at once is analysed from the text it was opened with', async () => {
  // A race: the disk read may win or lose; over several rounds it would lose at least once.
  for (let round = 0; round < 5; round++) {
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: chapterUri } });
    doc = TextDocument.create(chapterUri, 'plaintext', nextVersion++, 'Nothing here.');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: chapterUri, languageId: 'plaintext', version: doc.version, text: doc.getText() } });
    const p = await diagnosticsFor(doc.version, 5_000);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: chapterUri } })) as unknown[];
    assert.deepEqual({ diagnostics: p.diagnostics.length, symbols: symbols.length }, { diagnostics: 0, symbols: 0 }, `round ${round}`);
  }
});

/** The diagnostics published for a version of the chapter, waiting for them up to a time limit. */
async function diagnosticsFor(version: number, ms: number): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = published.find((p) => p.version === version);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no diagnostics were published for version ${version} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
