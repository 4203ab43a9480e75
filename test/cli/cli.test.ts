// End-to-end tests of the bundled command line, dist/cli.js (run `npm run build` first).
// Run: node scripts/test.mjs test/cli/cli.test.ts
//
// Every invocation is a real child process with a deliberate cwd. The processes are started
// all at once when the file loads (each takes ~0.3 s) and the tests then assert on their results.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// ANNALIST_CLI runs the suite against another build (e.g. a deliberately broken copy).
const CLI = process.env.ANNALIST_CLI ?? path.join(ROOT, 'dist', 'cli.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// ---------------------------------------------------------------------------------------------
// Running the CLI

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// The runs start together when the file loads; two at a time keeps a busy two-core machine from
// starving them. The timeout only ends a hung process; no assertion is about time.
const slots = { free: 2, waiting: [] as (() => void)[] };

async function run(args: string[], cwd: string, timeoutMs = 60_000): Promise<Run> {
  if (slots.free === 0) await new Promise<void>((go) => slots.waiting.push(go));
  slots.free--;
  try {
    return await runNow(args, cwd, timeoutMs);
  } finally {
    slots.free++;
    slots.waiting.shift()?.();
  }
}

function runNow(args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: stderr + String(err) });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function lines(s: string): string[] {
  return s.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
}

/** The exit status and the streams, shown when an assertion fails. */
function show(r: Run): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout ---\n${r.stdout.slice(0, 2000)}\n--- stderr ---\n${r.stderr.slice(0, 2000)}`;
}

function parseJson<T>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch (err) {
    assert.fail(`stdout is not JSON (${String(err)})\n${show(r)}`);
  }
}

/** A one-line error on stderr that names `what`. */
function assertOneLineError(r: Run, what: string | RegExp): void {
  const err = lines(r.stderr.trimEnd());
  assert.equal(err.length, 1, `expected exactly one line on stderr\n${show(r)}`);
  if (typeof what === 'string') assert.ok(err[0]!.includes(what), `stderr should name ${what}\n${show(r)}`);
  else assert.match(err[0]!, what, show(r));
}

// ---------------------------------------------------------------------------------------------
// Fixtures, written into a fresh temporary folder that is the cwd of most runs

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'annalist-cli-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

function write(rel: string, content: string | Buffer): string {
  const file = path.join(TMP, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

// The knowledge base: the `name:` line deliberately sits at a different line in each file.
const KB_FILES: Record<string, string> = {
  // name: line 4. A person with aliases (one with a patronymic), a recorded variant spelling,
  // an unquoted year (YAML reads it as a number) and a Wikidata id.
  'volkov.md': `---
id: volkov
type: person
name: Pyotr Volkov
aliases:
  - Pyotr Ivanovich Volkov
  - Petya
variants:
  - Wolkow
born: "1890-03-01"
died: 1937
wikidata: Q4242
roles:
  - commissar
---
A fictitious commissar, invented for these tests.
`,
  // name: line 2, before the id.
  'anna-orlova.md': `---
name: Anna Orlova
# the fields may come in any order
id: anna-orlova
type: person
born: "1901"
---
A fictitious typist.
`,
  // name: line 6. Shares the surname Orlova with anna-orlova.
  'boris-orlova.md': `---
type: person
id: boris-orlova

# a blank line and a comment above the name
name: Boris Orlova
---
A fictitious clerk.
`,
  // name: line 3. An organization: founded/dissolved are reported as born/died.
  'tsk.md': `---
id: tsk
name: Central Kommission
type: organization
aliases:
  - TsK
founded: "1919"
dissolved: "1991-12"
---
A fictitious committee.
`,
};
for (const [name, content] of Object.entries(KB_FILES)) write(path.join('kb', name), content);
const KB = 'kb/*.md';
const KB_IDS = ['anna-orlova', 'boris-orlova', 'tsk', 'volkov'];

// The text. Line 1 opens with an astral emoji (two UTF-16 code units, four UTF-8 bytes), line 4
// holds a ZWJ family emoji (eight code units), lines 5–6 split a name with a line-end hyphen.
// Orlova is never written in full, so the shared surname stays ambiguous. Stalin is in the
// built-in knowledge base only, which --kb replaces.
const TEXT_LINES = [
  'On Monday Pyotr Ivanovich Volkov met the TsK delegation.',
  '😀 Volkov said that Orlova had arrived late.',
  '',
  'The Central Kommission thanked P. I. Volkov; Wolkow, as the Germans wrote, signed. Stalin was not told.',
  'Later 👩‍👩‍👧 Petya went home with the long-hyphenated Vol-',
  'kov and nobody else.',
];
const TEXT = `${TEXT_LINES.join('\n')}\n`;
write('text.txt', TEXT);

// A file that is not text (NUL bytes), and a second ordinary text.
write('data.bin.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00, 0x56, 0x6f, 0x6c, 0x6b, 0x6f, 0x76]));
write('other.txt', 'Boris Orlova wrote to Pyotr Volkov.\n');

// A knowledge base with one broken entity file among good ones. `type` (line 4) is not a known
// type, so the entry cannot be used; the others must still load.
for (const [name, content] of Object.entries(KB_FILES)) write(path.join('kb-broken', name), content);
write(
  'kb-broken/brokenov.md',
  `---
id: brokenov
# the type below is misspelt
type: persn
name: Ivan Brokenov
---
`,
);
write('broken.txt', 'Ivan Brokenov shook hands with Pyotr Volkov.\n');

// A project folder with its own entities/ folder, for the default knowledge base.
write(
  'project/entities/people/volkov.md',
  KB_FILES['volkov.md']!,
);
write('project/notes.txt', 'Volkov reported to Stalin.\n');

// A folder to scan, with the --kb entity files inside it.
write('folder/chapter.txt', 'Pyotr Volkov again.\n');
for (const [name, content] of Object.entries(KB_FILES)) write(path.join('folder', 'kb', name), content);

// An unreadable file (only meaningful when not running as root).
const unreadable = write('unreadable.txt', 'Pyotr Volkov\n');
fs.chmodSync(unreadable, 0o000);
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

// ---------------------------------------------------------------------------------------------
// All the runs, started at once

const runs = {
  json: run(['scan', '--kb', KB, '--format', 'json', 'text.txt'], TMP),
  text: run(['scan', '--kb', KB, 'text.txt'], TMP),
  jsonTwo: run(['scan', '--format=json', '--kb', KB, 'text.txt', 'other.txt'], TMP),
  textTwo: run(['scan', '--kb', KB, 'text.txt', 'other.txt'], TMP),
  entitiesJson: run(['entities', '--kb', KB, '--format', 'json'], TMP),
  entitiesText: run(['entities', '--kb', KB], TMP),
  missingPath: run(['scan', '--kb', KB, 'no-such-file.txt', 'text.txt'], TMP),
  missingPathJson: run(['scan', '--kb', KB, '--format', 'json', 'text.txt', 'no-such-file.txt'], TMP),
  binary: run(['scan', '--kb', KB, 'data.bin.txt', 'text.txt'], TMP),
  unreadable: run(['scan', '--kb', KB, 'unreadable.txt', 'text.txt'], TMP),
  formatXml: run(['scan', '--kb', KB, '--format', 'xml', 'text.txt'], TMP),
  unknownFlag: run(['scan', '--kb', KB, '--frobnicate', 'text.txt'], TMP),
  entitiesFormatXml: run(['entities', '--kb', KB, '--format', 'xml'], TMP),
  noCommand: run([], TMP),
  unknownCommand: run(['frobnicate'], TMP),
  lspNoStdio: run(['lsp'], TMP),
  kbNoMatch: run(['scan', '--kb', 'nowhere/*.md', 'text.txt'], TMP),
  brokenScan: run(['scan', '--kb', 'kb-broken/*.md', '--format', 'json', 'broken.txt'], TMP),
  brokenEntities: run(['entities', '--kb', 'kb-broken/*.md', '--format', 'json'], TMP),
  defaultKbRepo: run(['scan', '--format', 'json', 'corpus/sources/orlov-secret-history-001.txt'], ROOT),
  defaultKbProject: run(['scan', '--format', 'json', 'notes.txt'], path.join(TMP, 'project')),
  folder: run(['scan', '--kb', 'folder/kb/*.md', '--format', 'json', 'folder'], TMP),
  version: run(['--version'], TMP),
  help: run(['--help'], TMP),
  index: run(['index', '--kb', KB, '--jobs', '2', '--format', 'json', 'text.txt', 'other.txt', 'no-such-file.txt'], TMP),
  indexScan: run(['scan', '--kb', KB, '--format', 'json', 'text.txt', 'other.txt'], TMP),
  indexBadJobs: run(['index', '--kb', KB, '--jobs', 'many', 'text.txt'], TMP),
};

// ---------------------------------------------------------------------------------------------
// The JSON shapes of the spec, checked strictly

const RESOLUTIONS = ['exact', 'alias', 'variant', 'ambiguous'];
const SEVERITIES = ['error', 'warning', 'information', 'hint'];

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface JsonMention {
  range: Range;
  text: string;
  entityId: string;
  resolution: string;
  candidates?: string[];
}
interface JsonDiagnostic {
  range: Range;
  severity: string;
  code: string;
  message: string;
  entityId?: string;
  replacement?: string;
}
interface JsonFile {
  path: string;
  mentions: JsonMention[];
  diagnostics: JsonDiagnostic[];
}
interface JsonScan {
  files: JsonFile[];
}
interface JsonEntity {
  id: string;
  type: string;
  name: string;
  aliases: string[];
  born?: string;
  died?: string;
  wikidata?: string;
  file: string;
  line: number;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` is an object whose keys are all of `required` and some of `optional`, nothing else. */
function assertKeys(v: unknown, required: string[], optional: string[], where: string): asserts v is Record<string, unknown> {
  assert.ok(isPlainObject(v), `${where} should be an object, got ${JSON.stringify(v)}`);
  const keys = Object.keys(v);
  for (const k of required) assert.ok(keys.includes(k), `${where} lacks "${k}": ${JSON.stringify(v)}`);
  for (const k of keys) assert.ok(required.includes(k) || optional.includes(k), `${where} has an unexpected key "${k}": ${JSON.stringify(v)}`);
  for (const k of optional) if (k in v) assert.notEqual(v[k], undefined, `${where}.${k}`);
}

function assertNonNegInt(v: unknown, where: string): void {
  assert.ok(typeof v === 'number' && Number.isInteger(v) && v >= 0, `${where} should be a 0-based integer, got ${JSON.stringify(v)}`);
}

/** A range of the LSP shape that lies inside `text` (characters in UTF-16 code units). */
function assertRange(v: unknown, text: string, where: string): asserts v is Range {
  assertKeys(v, ['start', 'end'], [], where);
  const docLines = text.split(/\r\n|\r|\n/);
  for (const end of ['start', 'end'] as const) {
    const p = v[end];
    assertKeys(p, ['line', 'character'], [], `${where}.${end}`);
    assertNonNegInt(p.line, `${where}.${end}.line`);
    assertNonNegInt(p.character, `${where}.${end}.character`);
    const lineText = docLines[p.line as number];
    assert.ok(lineText !== undefined, `${where}.${end}.line ${String(p.line)} is past the end of the document`);
    assert.ok((p.character as number) <= lineText.length, `${where}.${end}.character ${String(p.character)} is past the end of line ${String(p.line)}`);
  }
  const r = v as unknown as Range;
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character < r.end.character), `${where} should not be empty or reversed: ${JSON.stringify(r)}`);
}

/** The string offset of an LSP position in `text` (JavaScript strings are UTF-16, like LSP). */
function offsetAt(text: string, pos: Position): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    assert.ok(nl >= 0, `line ${pos.line} is past the end of the text`);
    offset = nl + 1;
  }
  return offset + pos.character;
}

function assertScanShape(v: unknown, texts: Record<string, string>, ids: string[]): asserts v is JsonScan {
  assertKeys(v, ['files'], [], 'output');
  assert.ok(Array.isArray(v.files), 'files should be an array');
  v.files.forEach((f: unknown, i: number) => {
    const w = `files[${i}]`;
    assertKeys(f, ['path', 'mentions', 'diagnostics'], [], w);
    assert.equal(typeof f.path, 'string', `${w}.path`);
    const text = texts[f.path as string];
    assert.ok(text !== undefined, `${w}.path ${String(f.path)} is not one of the scanned files`);
    assert.ok(Array.isArray(f.mentions), `${w}.mentions`);
    assert.ok(Array.isArray(f.diagnostics), `${w}.diagnostics`);
    (f.mentions as unknown[]).forEach((m, j) => {
      const wm = `${w}.mentions[${j}]`;
      assertKeys(m, ['range', 'text', 'entityId', 'resolution'], ['candidates'], wm);
      assertRange(m.range, text, `${wm}.range`);
      assert.equal(typeof m.text, 'string', `${wm}.text`);
      assert.ok((m.text as string).length > 0, `${wm}.text is empty`);
      assert.equal(typeof m.entityId, 'string', `${wm}.entityId`);
      assert.ok(ids.includes(m.entityId as string), `${wm}.entityId ${String(m.entityId)} is not in the knowledge base`);
      assert.ok(RESOLUTIONS.includes(m.resolution as string), `${wm}.resolution ${String(m.resolution)}`);
      if (m.resolution === 'ambiguous') assert.ok('candidates' in m, `${wm} is ambiguous but has no candidates`);
      if ('candidates' in m) {
        const c = m.candidates;
        assert.ok(Array.isArray(c) && c.every((x) => typeof x === 'string' && ids.includes(x)), `${wm}.candidates: ${JSON.stringify(c)}`);
        assert.ok(c.length >= 2, `${wm}.candidates should name at least two entities`);
        assert.equal(new Set(c).size, c.length, `${wm}.candidates has duplicates`);
        assert.ok(c.includes(m.entityId), `${wm}.entityId should be one of its candidates`);
      }
      // The range covers exactly the text, counted in UTF-16 code units.
      const r = m.range as Range;
      assert.equal(text.slice(offsetAt(text, r.start), offsetAt(text, r.end)), m.text, `${wm}: the range does not cover the text`);
    });
    (f.diagnostics as unknown[]).forEach((d, j) => {
      const wd = `${w}.diagnostics[${j}]`;
      assertKeys(d, ['range', 'severity', 'code', 'message'], ['entityId', 'replacement'], wd);
      assertRange(d.range, text, `${wd}.range`);
      assert.ok(SEVERITIES.includes(d.severity as string), `${wd}.severity ${String(d.severity)}`);
      assert.ok(typeof d.code === 'string' && d.code.length > 0, `${wd}.code`);
      assert.ok(typeof d.message === 'string' && d.message.length > 0, `${wd}.message`);
      if ('entityId' in d) assert.ok(typeof d.entityId === 'string' && ids.includes(d.entityId), `${wd}.entityId`);
      if ('replacement' in d) assert.equal(typeof d.replacement, 'string', `${wd}.replacement`);
    });
  });
}

function assertEntitiesShape(v: unknown): asserts v is JsonEntity[] {
  assert.ok(Array.isArray(v), 'entities output should be an array');
  v.forEach((e: unknown, i: number) => {
    const w = `entities[${i}]`;
    assertKeys(e, ['id', 'type', 'name', 'aliases', 'file', 'line'], ['born', 'died', 'wikidata'], w);
    for (const k of ['id', 'type', 'name', 'file', 'born', 'died', 'wikidata']) if (k in e) assert.equal(typeof e[k], 'string', `${w}.${k}`);
    assert.ok(['person', 'organization'].includes(e.type as string), `${w}.type`);
    assert.ok(Array.isArray(e.aliases) && e.aliases.every((a) => typeof a === 'string'), `${w}.aliases`);
    assert.ok(typeof e.line === 'number' && Number.isInteger(e.line) && e.line >= 1, `${w}.line should be 1-based`);
  });
}

function findMention(file: JsonFile, text: string, line: number): JsonMention {
  const m = file.mentions.find((x) => x.text === text && x.range.start.line === line);
  assert.ok(m, `no mention "${text}" on line ${line}; mentions: ${JSON.stringify(file.mentions.map((x) => [x.text, x.range.start.line]))}`);
  return m;
}

// ---------------------------------------------------------------------------------------------
// 1. scan --format json

test('scan --format json: the output has exactly the schema of the spec', async () => {
  const r = await runs.json;
  assert.equal(r.code, 0, show(r));
  assert.equal(r.stderr, '', show(r));
  const out: unknown = parseJson(r);
  assertScanShape(out, { 'text.txt': TEXT }, KB_IDS);
  assert.equal(out.files.length, 1);
  assert.equal(out.files[0]!.path, 'text.txt', 'a path is reported as it was given');
  // One JSON document on one line: nothing else on stdout.
  assert.equal(lines(r.stdout.trimEnd()).length, 1);
});

test('scan --format json: ranges are 0-based and in UTF-16 code units; slicing the line gives the text', async () => {
  const out = parseJson<JsonScan>(await runs.json);
  const file = out.files[0]!;
  for (const m of file.mentions) {
    if (m.range.start.line !== m.range.end.line) continue;
    const lineText = TEXT_LINES[m.range.start.line]!;
    assert.equal(lineText.slice(m.range.start.character, m.range.end.character), m.text, JSON.stringify(m));
  }
  // The very first word of interest: 0-based line 0, character 10.
  assert.deepEqual(findMention(file, 'Pyotr Ivanovich Volkov', 0).range, { start: { line: 0, character: 10 }, end: { line: 0, character: 32 } });
  // After "😀 " (U+1F600 is two UTF-16 code units): character 3, not 2 (code points) or 5 (UTF-8 bytes).
  assert.deepEqual(findMention(file, 'Volkov', 1).range, { start: { line: 1, character: 3 }, end: { line: 1, character: 9 } });
  // After the ZWJ family emoji (eight code units).
  const petya = findMention(file, 'Petya', 4);
  assert.equal(petya.range.start.character, TEXT_LINES[4]!.indexOf('Petya'));
  assert.equal(petya.range.start.character, 15);
  // Mentions come in document order and do not overlap.
  const offsets = file.mentions.map((m) => [offsetAt(TEXT, m.range.start), offsetAt(TEXT, m.range.end)] as const);
  for (let i = 1; i < offsets.length; i++) assert.ok(offsets[i - 1]![1] <= offsets[i]![0], `mentions ${i - 1} and ${i} overlap or are out of order`);
});

test('scan --format json: entities, resolutions and candidates', async () => {
  const out = parseJson<JsonScan>(await runs.json);
  const file = out.files[0]!;
  const expect = (text: string, line: number, entityId: string, resolution?: string) => {
    const m = findMention(file, text, line);
    assert.equal(m.entityId, entityId, `${text}: ${JSON.stringify(m)}`);
    if (resolution) assert.equal(m.resolution, resolution, `${text}: ${JSON.stringify(m)}`);
    return m;
  };
  expect('Pyotr Ivanovich Volkov', 0, 'volkov', 'alias');
  expect('TsK', 0, 'tsk', 'alias');
  expect('Volkov', 1, 'volkov');
  expect('Central Kommission', 3, 'tsk', 'exact');
  expect('P. I. Volkov', 3, 'volkov');
  expect('Wolkow', 3, 'volkov', 'variant');
  expect('Petya', 4, 'volkov', 'alias');
  // The shared surname, with no full name nearby to settle it.
  const orlova = findMention(file, 'Orlova', 1);
  assert.equal(orlova.resolution, 'ambiguous', JSON.stringify(orlova));
  assert.deepEqual([...orlova.candidates!].sort(), ['anna-orlova', 'boris-orlova']);
  // A name split by a line-end hyphen: the range spans two lines and covers the text as written.
  const split = file.mentions.find((m) => m.range.start.line === 4 && m.range.end.line === 5);
  assert.ok(split, `the hyphen-split Vol-/kov is not recognized: ${JSON.stringify(file.mentions)}`);
  assert.equal(split.entityId, 'volkov');
  assert.equal(split.text, 'Vol-\nkov');
  // --kb replaces the default knowledge base: the built-in Stalin is unknown here.
  assert.ok(!file.mentions.some((m) => m.text.includes('Stalin')), 'Stalin is recognized although --kb replaces the built-in knowledge base');
  // The ambiguous mention is reported as a diagnostic at the same range.
  const ambiguous = file.diagnostics.filter((d) => d.range.start.line === 1);
  assert.equal(ambiguous.length, 1, JSON.stringify(file.diagnostics));
  assert.deepEqual(ambiguous[0]!.range, orlova.range);
  assert.ok(ambiguous[0]!.message.includes('Orlova'));
});

test('scan --format json: several files, in the order given', async () => {
  const r = await runs.jsonTwo;
  assert.equal(r.code, 0, show(r));
  const out: unknown = parseJson(r);
  assertScanShape(out, { 'text.txt': TEXT, 'other.txt': 'Boris Orlova wrote to Pyotr Volkov.\n' }, KB_IDS);
  assert.deepEqual(
    out.files.map((f) => f.path),
    ['text.txt', 'other.txt'],
  );
  const other = out.files[1]!;
  assert.deepEqual(
    other.mentions.map((m) => [m.text, m.entityId, m.resolution]),
    [
      ['Boris Orlova', 'boris-orlova', 'exact'],
      ['Pyotr Volkov', 'volkov', 'exact'],
    ],
  );
  // Each file is analysed on its own: the mention of Boris Orlova in other.txt settles nothing in text.txt.
  assert.equal(findMention(out.files[0]!, 'Orlova', 1).resolution, 'ambiguous');
});

// ---------------------------------------------------------------------------------------------
// 2. scan, text format

const MENTION_LINE = /^(.+):(\d+):(\d+): mention: (.+) = ([a-z0-9]+(?:-[a-z0-9]+)*(?: or [a-z0-9]+(?:-[a-z0-9]+)*)*\??) \((exact|alias|variant|ambiguous)\)$/;
const DIAGNOSTIC_LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint): (.+) \[([^\]\s]+)\]$/;
const SUMMARY_LINE = /^(\d+) files?: (\d+) mentions? of (\d+) entit(?:y|ies), (\d+) diagnostics?$/;

/** Checks the text output against the JSON output of the same scan. */
function assertTextAgreesWithJson(text: Run, json: Run): void {
  assert.equal(text.code, json.code, `${show(text)}\n${show(json)}`);
  const out = parseJson<JsonScan>(json);
  const ls = lines(text.stdout);
  assert.ok(ls.length > 0, show(text));
  const summary = ls[ls.length - 1]!;
  const body = ls.slice(0, -1);
  for (const l of body) assert.ok(MENTION_LINE.test(l) || DIAGNOSTIC_LINE.test(l), `not a compiler-like line: ${JSON.stringify(l)}`);

  const mentions = out.files.flatMap((f) => f.mentions.map((m) => ({ path: f.path, m })));
  const diagnostics = out.files.flatMap((f) => f.diagnostics.map((d) => ({ path: f.path, d })));
  assert.equal(body.length, mentions.length + diagnostics.length, `one line per mention and per diagnostic\n${text.stdout}`);

  // Every JSON mention has its line: 1-based line and column, the text on one line, the entity.
  const remaining = [...body];
  for (const { path: p, m } of mentions) {
    const i = remaining.findIndex((l) => {
      const x = MENTION_LINE.exec(l);
      if (!x) return false;
      const [, file, line, col, what, who, resolution] = x;
      if (file !== p || Number(line) !== m.range.start.line + 1 || Number(col) !== m.range.start.character + 1) return false;
      if (what !== m.text.replace(/\s*\r?\n\s*/g, ' ') || resolution !== m.resolution) return false;
      // An ambiguous mention may list its candidates ("a or b?").
      return m.resolution === 'ambiguous' ? who!.replace(/\?$/, '').split(' or ').includes(m.entityId) : who === m.entityId;
    });
    assert.ok(i >= 0, `no text line for the mention ${JSON.stringify({ path: p, ...m })}\n${text.stdout}`);
    remaining.splice(i, 1);
  }
  for (const { path: p, d } of diagnostics) {
    const expected = `${p}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
    const i = remaining.indexOf(expected);
    assert.ok(i >= 0, `no text line ${JSON.stringify(expected)}\n${text.stdout}`);
    remaining.splice(i, 1);
  }
  assert.deepEqual(remaining, []);

  // The summary counts agree with the JSON.
  const s = SUMMARY_LINE.exec(summary);
  assert.ok(s, `not a summary line: ${JSON.stringify(summary)}`);
  assert.equal(Number(s[1]), out.files.length, `files in ${summary}`);
  assert.equal(Number(s[2]), mentions.length, `mentions in ${summary}`);
  assert.equal(Number(s[3]), new Set(mentions.filter(({ m }) => m.resolution !== 'ambiguous').map(({ m }) => m.entityId)).size, `resolved entities in ${summary}`);
  assert.equal(Number(s[4]), diagnostics.length, `diagnostics in ${summary}`);
}

test('scan (text): compiler-like lines with 1-based positions, in agreement with --format json', async () => {
  const [text, json] = await Promise.all([runs.text, runs.json]);
  assert.equal(text.code, 0, show(text));
  assert.equal(text.stderr, '', show(text));
  assertTextAgreesWithJson(text, json);
  const ls = lines(text.stdout);
  // Spot checks with the columns worked out by hand.
  assert.ok(ls.includes('text.txt:1:11: mention: Pyotr Ivanovich Volkov = volkov (alias)'), text.stdout);
  assert.ok(ls.some((l) => l.startsWith('text.txt:2:4: mention: Volkov = volkov ')), `the column after an emoji counts UTF-16 code units\n${text.stdout}`);
  assert.ok(ls.some((l) => /^text\.txt:2:21: hint: .*Orlova.* \[[a-z-]+\]$/.test(l)), `the ambiguity hint\n${text.stdout}`);
  // "Wolkow", a recorded variant, beside "Volkov" is an inconsistent spelling.
  assert.ok(ls.some((l) => /^text\.txt:4:\d+: information: .*‘Wolkow’.* \[inconsistent-spelling\]$/.test(l)), text.stdout);
  assert.match(ls[ls.length - 1]!, /^1 file: \d+ mentions of \d+ entities, 2 diagnostics$/);
});

test('scan (text): two files, in agreement with --format json', async () => {
  const [text, json] = await Promise.all([runs.textTwo, runs.jsonTwo]);
  assert.equal(text.code, 0, show(text));
  assertTextAgreesWithJson(text, json);
  assert.match(lines(text.stdout).at(-1)!, /^2 files: /);
});

// ---------------------------------------------------------------------------------------------
// 3. entities

/** The 1-based line of `name:` in a fixture entity file. */
function nameLine(content: string): number {
  const i = content.split('\n').findIndex((l) => /^name:/.test(l));
  assert.ok(i >= 0);
  return i + 1;
}

test('entities --format json: shape, values, and file/line of the name: line', async () => {
  const r = await runs.entitiesJson;
  assert.equal(r.code, 0, show(r));
  assert.equal(r.stderr, '', show(r));
  const list: unknown = parseJson(r);
  assertEntitiesShape(list);
  const byId = [...list].sort((a, b) => a.id.localeCompare(b.id));
  const at = (file: string) => ({ file: path.join('kb', file), line: nameLine(KB_FILES[file]!) });
  assert.deepEqual(byId, [
    { id: 'anna-orlova', type: 'person', name: 'Anna Orlova', aliases: [], born: '1901', ...at('anna-orlova.md') },
    { id: 'boris-orlova', type: 'person', name: 'Boris Orlova', aliases: [], ...at('boris-orlova.md') },
    { id: 'tsk', type: 'organization', name: 'Central Kommission', aliases: ['TsK'], born: '1919', died: '1991-12', ...at('tsk.md') },
    {
      id: 'volkov',
      type: 'person',
      name: 'Pyotr Volkov',
      aliases: ['Pyotr Ivanovich Volkov', 'Petya'],
      born: '1890-03-01',
      died: '1937',
      wikidata: 'Q4242',
      ...at('volkov.md'),
    },
  ]);
  // The fixture puts name: on four different lines, so a constant would not pass.
  assert.deepEqual(
    byId.map((e) => e.line),
    [2, 6, 3, 4],
  );
  // And the file really has the name at that line.
  for (const e of byId) {
    const content = fs.readFileSync(path.join(TMP, e.file), 'utf8');
    assert.equal(content.split('\n')[e.line - 1], `name: ${e.name}`, `${e.file}:${e.line}`);
  }
});

test('entities (text): one line per entity, then a count', async () => {
  const [r, json] = await Promise.all([runs.entitiesText, runs.entitiesJson]);
  assert.equal(r.code, 0, show(r));
  assert.equal(r.stderr, '', show(r));
  const list = parseJson<JsonEntity[]>(json);
  const ls = lines(r.stdout);
  assert.equal(ls.length, list.length + 1, r.stdout);
  assert.match(ls.at(-1)!, new RegExp(`^${list.length} entit(y|ies)$`));
  for (const e of list) {
    const line = ls.filter((l) => l.split(/\s/)[0] === e.id);
    assert.equal(line.length, 1, `one line for ${e.id}\n${r.stdout}`);
    assert.ok(line[0]!.includes(e.name), `the line of ${e.id} names ${e.name}: ${line[0]}`);
  }
});

// ---------------------------------------------------------------------------------------------
// 4. Exit codes and messages

test('a missing path: exit 2, one line naming it, and the other file still scanned', async () => {
  const [r, text] = await Promise.all([runs.missingPath, runs.text]);
  assert.equal(r.code, 2, show(r));
  assertOneLineError(r, 'no-such-file.txt');
  assert.equal(r.stdout, text.stdout, 'text.txt is reported exactly as when scanned alone');

  const j = await runs.missingPathJson;
  assert.equal(j.code, 2, show(j));
  assertOneLineError(j, 'no-such-file.txt');
  const out: unknown = parseJson(j);
  assertScanShape(out, { 'text.txt': TEXT }, KB_IDS);
  assert.deepEqual(
    out.files.map((f) => f.path),
    ['text.txt'],
  );
  assert.ok(out.files[0]!.mentions.length > 0);
});

test('a binary file (NUL bytes): exit 2, one line naming it, and the other file still scanned', async () => {
  const [r, text] = await Promise.all([runs.binary, runs.text]);
  assert.equal(r.code, 2, show(r));
  assertOneLineError(r, 'data.bin.txt');
  assert.equal(r.stdout, text.stdout, show(r));
});

test('an unreadable file: exit 2, one line naming it, and the other file still scanned', { skip: IS_ROOT ? 'running as root: every file is readable' : false }, async () => {
  const [r, text] = await Promise.all([runs.unreadable, runs.text]);
  assert.equal(r.code, 2, show(r));
  assertOneLineError(r, 'unreadable.txt');
  assert.equal(r.stdout, text.stdout, show(r));
});

test('bad options: exit 2 with a one-line message', async () => {
  const xml = await runs.formatXml;
  assert.equal(xml.code, 2, show(xml));
  assertOneLineError(xml, 'xml');
  const flag = await runs.unknownFlag;
  assert.equal(flag.code, 2, show(flag));
  assertOneLineError(flag, '--frobnicate');
  const entitiesXml = await runs.entitiesFormatXml;
  assert.equal(entitiesXml.code, 2, show(entitiesXml));
  assertOneLineError(entitiesXml, 'xml');
  for (const r of [xml, flag, entitiesXml]) assert.equal(r.stdout, '', `a bad option prints no results\n${show(r)}`);
});

test('no command, an unknown command, lsp without --stdio: exit 2 with a one-line message', async () => {
  const none = await runs.noCommand;
  assert.equal(none.code, 2, show(none));
  assertOneLineError(none, /\S/);
  const unknown = await runs.unknownCommand;
  assert.equal(unknown.code, 2, show(unknown));
  assertOneLineError(unknown, 'frobnicate');
  const lsp = await runs.lspNoStdio;
  assert.equal(lsp.code, 2, show(lsp));
  assertOneLineError(lsp, '--stdio');
  for (const r of [none, unknown, lsp]) assert.equal(r.stdout, '', show(r));
});

test('a --kb glob that matches nothing: exit 2, one line naming the glob', async () => {
  const r = await runs.kbNoMatch;
  assert.equal(r.code, 2, show(r));
  assertOneLineError(r, 'nowhere/*.md');
});

test('a broken entity file among the --kb files: exit 1, the error at its line, the rest still loaded and used', async () => {
  const r = await runs.brokenScan;
  assert.equal(r.code, 1, show(r));
  const err = lines(r.stderr.trimEnd());
  assert.equal(err.length, 1, `one error, for the one broken file\n${show(r)}`);
  const m = /^(.+):(\d+):(\d+): error: (.+) \[([a-z0-9-]+)\]$/.exec(err[0]!);
  assert.ok(m, `not file:line:col: error: message [code]: ${err[0]}`);
  assert.equal(m[1], path.join('kb-broken', 'brokenov.md'));
  assert.equal(Number(m[2]), 4, 'the error is at the line of `type: persn` (1-based)');
  assert.ok(Number(m[3]) >= 1, 'columns are 1-based');
  // The scan still runs with the good entries; the broken one is left out.
  const out: unknown = parseJson(r);
  assertScanShape(out, { 'broken.txt': 'Ivan Brokenov shook hands with Pyotr Volkov.\n' }, KB_IDS);
  assert.deepEqual(
    out.files[0]!.mentions.map((x) => [x.text, x.entityId]),
    [['Pyotr Volkov', 'volkov']],
  );

  const e = await runs.brokenEntities;
  assert.equal(e.code, 1, show(e));
  assert.equal(e.stderr, r.stderr, 'entities reports the same knowledge-base error');
  const list: unknown = parseJson(e);
  assertEntitiesShape(list);
  assert.deepEqual(list.map((x) => x.id).sort(), KB_IDS);
});

// ---------------------------------------------------------------------------------------------
// 5. The default knowledge base

test('default knowledge base in the repository: Stalin in the Orlov chapter is `stalin`', async () => {
  const r = await runs.defaultKbRepo;
  assert.equal(r.code, 0, show(r));
  const out = parseJson<JsonScan>(r);
  assert.equal(out.files.length, 1);
  assert.equal(out.files[0]!.path, 'corpus/sources/orlov-secret-history-001.txt');
  const stalin = out.files[0]!.mentions.filter((m) => m.text === 'Stalin');
  assert.ok(stalin.length > 0, 'Stalin is not recognized');
  for (const m of stalin) assert.equal(m.entityId, 'stalin', JSON.stringify(m));
  // The first line is the title, "The Secret History of Stalin’s Purges (1)".
  assert.deepEqual(stalin[0]!.range.start, { line: 0, character: 22 });
});

test('default knowledge base elsewhere: **/entities/**/*.md under the cwd plus the built-in one', async () => {
  const r = await runs.defaultKbProject;
  assert.equal(r.code, 0, show(r));
  const out = parseJson<JsonScan>(r);
  assert.deepEqual(
    out.files[0]!.mentions.map((m) => [m.text, m.entityId]),
    [
      ['Volkov', 'volkov'],
      ['Stalin', 'stalin'],
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// 6. --version and --help

test('--version prints the package version and exits 0', async () => {
  const r = await runs.version;
  assert.equal(r.code, 0, show(r));
  assert.equal(r.stdout.trim(), VERSION);
  assert.equal(r.stderr, '');
});

test('--help prints the usage and exits 0', async () => {
  const r = await runs.help;
  assert.equal(r.code, 0, show(r));
  assert.equal(r.stderr, '');
  for (const command of ['scan', 'entities', 'lsp --stdio', '--kb', '--format']) assert.ok(r.stdout.includes(command), `--help mentions ${command}`);
});

// ---------------------------------------------------------------------------------------------
// Folder scans and the language server.

test(
  'scanning a folder does not read the --kb entity files as sources',
  async () => {
    const r = await runs.folder;
    assert.equal(r.code, 0, show(r));
    const out = parseJson<JsonScan>(r);
    const scanned = out.files.map((f) => path.relative(TMP, path.resolve(TMP, f.path)));
    assert.deepEqual(scanned, [path.join('folder', 'chapter.txt')]);
  },
);

// (Before server/src/main.ts, the CLI bundle also ran server.ts's own `require.main === module`
// start, so two servers answered every request on the same stdio.)
test('lsp --stdio answers initialize once, then shuts down and exits 0', async () => {
  const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: TMP, stdio: ['pipe', 'pipe', 'pipe'] });
  const messages: { id?: number; result?: unknown; error?: unknown }[] = [];
  let buffer = Buffer.alloc(0);
  let stderr = '';
  const send = (m: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  };
  child.stdin.on('error', () => {});
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as (typeof messages)[number];
      buffer = buffer.subarray(headerEnd + 4 + length);
      messages.push(message);
      if (message.id === 1 && messages.filter((x) => x.id === 1).length === 1) {
        send({ method: 'initialized', params: {} });
        send({ id: 2, method: 'shutdown' });
      }
      if (message.id === 2 && messages.filter((x) => x.id === 2).length === 1) send({ method: 'exit' });
    }
  });
  send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const code = await exited;
  clearTimeout(timer);
  const responses = messages.filter((x) => x.id === 1);
  assert.equal(responses.length, 1, `exactly one answer to initialize; stderr: ${stderr}`);
  const result = responses[0]!.result as { capabilities?: { hoverProvider?: unknown } } | undefined;
  assert.ok(result?.capabilities?.hoverProvider, `initialize returns the server's capabilities: ${JSON.stringify(responses[0])}`);
  assert.equal(messages.filter((x) => x.id === 2).length, 1, 'exactly one answer to shutdown');
  assert.equal(code, 0, `exit code; stderr: ${stderr}`);
});

test('index reads files in worker threads and agrees with scan on what they hold', async () => {
  const [r, scanned, bad] = await Promise.all([runs.index, runs.indexScan, runs.indexBadJobs]);
  assert.equal(r.code, 2, show(r));
  assert.match(r.stderr, /no-such-file\.txt/);
  const summary = JSON.parse(r.stdout) as { files: number; bytes: number; mentions: number; entities: Record<string, number>; diagnostics: Record<string, number>; jobs: number; seconds: number; peakRssMB: number };
  const scan = parseJson<JsonScan>(scanned);
  assert.equal(summary.files, 2);
  assert.equal(summary.jobs, 2);
  assert.equal(summary.mentions, scan.files.reduce((n, f) => n + f.mentions.length, 0));
  const diagnostics: Record<string, number> = {};
  for (const f of scan.files) for (const d of f.diagnostics) diagnostics[d.code] = (diagnostics[d.code] ?? 0) + 1;
  assert.deepEqual(summary.diagnostics, diagnostics);
  assert.ok(summary.peakRssMB > 0 && summary.seconds > 0);
  assert.equal(bad.code, 2, show(bad));
  assert.match(bad.stderr, /--jobs must be a whole number/);
});
