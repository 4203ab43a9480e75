// A knowledge base with every kind of fault, over the protocol and the command line: each fault is
// reported at its place (file and line), the broken entry is left out, and the rest keeps working.
// Run: node scripts/test.mjs test/reliability/knowledgeBase.test.ts
import assert from 'node:assert/strict';
import { renameSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Location, PublishDiagnosticsParams, SymbolInformation } from 'vscode-languageserver-protocol/node';
import { entity, removeWorkspace, runCli, showRun, startSession, uriOf, workspace, writeFile, type Session } from './harness';

const BIO_1MB = 'He wrote a great many letters about the grain procurements of the winter. '.repeat(Math.ceil((1024 * 1024) / 75));
const TEXT = 'Stalin met The Boss and Vera Longbio. Then Moved Person and Gone Person came, and Flip Person.\n';

const FAULTY = {
  'entities/stalin.md': entity('stalin', 'Joseph Stalin'),
  'entities/invalid-yaml.md': '---\nid: broken\ntype: person\nname: [unclosed\n---\nText.\n',
  'entities/wrong-types.md': '---\nid: wrongtypes\ntype: person\nname: Wrong Types\naliases: 42\nborn: true\nroles: {a: 1}\n---\n',
  'entities/missing-name.md': '---\nid: nameless\ntype: person\n---\nNo name.\n',
  'entities/dup-a.md': entity('twin', 'First Twin'),
  'entities/dup-b.md': entity('twin', 'Second Twin'),
  'entities/alias-a.md': entity('boss-a', 'Arkady Bossov', 'aliases:\n  - The Boss\n'),
  'entities/alias-b.md': entity('boss-b', 'Boris Bossky', 'aliases:\n  - The Boss\n'),
  'entities/latin1.md': Buffer.concat([Buffer.from('---\nid: latin\ntype: person\nname: Andr'), Buffer.from([0xe9]), Buffer.from(' Marty\n---\n')]),
  'entities/long-bio.md': entity('longbio', 'Vera Longbio', '', BIO_1MB),
  'entities/moved.md': entity('moved', 'Moved Person', 'favouriteColour: red\n'),
  'entities/gone.md': entity('gone', 'Gone Person', 'favouriteColour: blue\n'),
  'entities/flip.md': entity('flip', 'Flip Person'),
  'sources/text.txt': TEXT,
};

/** `[code, line]` of each diagnostic. */
const where = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => [d.code, d.range.start.line]);

describe('a faulty knowledge base over the protocol', () => {
  let ws: string;
  let s: Session;
  let text: string;
  before(async () => {
    ws = workspace(FAULTY);
    s = await startSession(ws, { settings: { builtInKnowledgeBase: false } });
    text = s.open('sources/text.txt', TEXT);
  });
  after(async () => {
    await s?.stop();
    removeWorkspace(ws);
  });

  test('invalid YAML, wrong types and a missing field are each reported in their file at their line', async () => {
    assert.deepEqual(where(await s.nextDiagnostics(uriOf(ws, 'entities/invalid-yaml.md'))), [['kb-yaml-syntax', 3]]);
    const types = await s.nextDiagnostics(uriOf(ws, 'entities/wrong-types.md'));
    assert.deepEqual(where(types).map(([, line]) => line).sort(), [4, 5, 6], JSON.stringify(types.diagnostics));
    assert.ok(types.diagnostics.every((d) => d.code === 'kb-invalid-field'));
    const missing = await s.nextDiagnostics(uriOf(ws, 'entities/missing-name.md'));
    assert.deepEqual(where(missing), [['kb-missing-field', 0]]);
    assert.match(missing.diagnostics[0]!.message as string, /`name`/);
  });

  test('a duplicate id and an alias claimed twice are reported in both files', async () => {
    for (const f of ['dup-a', 'dup-b']) assert.deepEqual(where(await s.nextDiagnostics(uriOf(ws, `entities/${f}.md`))), [['kb-duplicate-id', 1]], f);
    for (const f of ['alias-a', 'alias-b']) {
      const d = await s.nextDiagnostics(uriOf(ws, `entities/${f}.md`));
      assert.deepEqual(where(d), [['kb-alias-conflict', 5]], f);
    }
  });

  test('a non-UTF-8 entity file is skipped with a message naming it and a diagnostic in the file', async () => {
    await s.waitForMessage(/latin1\.md.*not valid UTF-8/);
    const d = await s.nextDiagnostics(uriOf(ws, 'entities/latin1.md'));
    assert.equal(d.diagnostics.length, 1);
    assert.equal(d.diagnostics[0]!.range.start.line, 0);
    assert.match(d.diagnostics[0]!.message as string, /not valid UTF-8/);
  });

  test('an entity file that turns non-UTF-8 on disk is reported when it changes, and cleared when mended', async () => {
    const uri = uriOf(ws, 'entities/flip.md');
    const at = TEXT.indexOf('Flip Person') + 1;
    assert.match(await s.hoverText(text, 0, at), /\*\*Flip Person\*\*/);
    writeFile(ws, 'entities/flip.md', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]));
    s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const broken = await s.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'kb-unreadable'));
    assert.match(broken.diagnostics[0]!.message as string, /not valid UTF-8/);
    await s.waitForMessage(/flip\.md: it is not valid UTF-8 text/);
    assert.equal(await s.hover(text, 0, at), null, 'the entry is left out');
    writeFile(ws, 'entities/flip.md', FAULTY['entities/flip.md']);
    s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await s.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.match(await s.hoverText(text, 0, at), /\*\*Flip Person\*\*/);
  });

  test('the rest keeps working: sound entries answer hovers, broken ones are left out', async () => {
    assert.match(await s.hoverText(text, 0, 1), /\*\*Joseph Stalin\*\*/);
    const symbols = (await s.connection.sendRequest('workspace/symbol', { query: '' })) as SymbolInformation[];
    const names = symbols.map((x) => x.name).sort();
    for (const present of ['Joseph Stalin', 'First Twin', 'Wrong Types', 'Vera Longbio']) assert.ok(names.includes(present), `${present} in ${names.join(', ')}`);
    for (const absent of ['Second Twin', 'Andre Marty']) assert.ok(!names.some((n) => n.startsWith(absent.slice(0, 5))), `${absent} left out`);
  });

  test('an entry with a 1 MB biography answers hover', async () => {
    const at = TEXT.indexOf('Vera Longbio');
    const card = await s.hoverText(text, 0, at + 2);
    assert.match(card, /\*\*Vera Longbio\*\*/);
    assert.ok(card.length > 1000, `${card.length} characters`);
    assert.ok(await s.alive());
  });

  test('an entity file deleted on disk while closed: the entry and its diagnostics go', async () => {
    const uri = uriOf(ws, 'entities/gone.md');
    assert.equal((await s.nextDiagnostics(uri)).diagnostics.length, 1);
    unlinkSync(path.join(ws, 'entities/gone.md'));
    s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await s.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.equal(await s.hover(text, 0, TEXT.indexOf('Gone Person') + 1), null);
    assert.match(await s.hoverText(text, 0, 1), /\*\*Joseph Stalin\*\*/);
  });

  test('an entity file renamed while open: the entry follows it and nothing stale is left at the old name', async () => {
    const oldUri = uriOf(ws, 'entities/moved.md');
    const newUri = uriOf(ws, 'entities/renamed.md');
    const content = FAULTY['entities/moved.md'];
    s.open(oldUri, content, 1, 'markdown');
    assert.equal((await s.nextDiagnostics(oldUri)).diagnostics.length, 1);
    // What an editor sends when a file is renamed under an open editor: the file events, then
    // the old document closed and the new one opened.
    renameSync(path.join(ws, 'entities/moved.md'), path.join(ws, 'entities/renamed.md'));
    s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: oldUri, type: 3 }, { uri: newUri, type: 1 }] });
    // While the old buffer is still open, the server keeps answering.
    assert.ok(await s.alive());
    s.connection.sendNotification('textDocument/didClose', { textDocument: { uri: oldUri } });
    s.open(newUri, content, 1, 'markdown');
    await s.nextDiagnostics(oldUri, (p) => p.diagnostics.length === 0);
    const moved = await s.nextDiagnostics(newUri, (p) => p.diagnostics.length === 1);
    assert.deepEqual(where(moved), [['kb-unknown-field', 4]]);
    const [loc] = (await s.connection.sendRequest('textDocument/definition', { textDocument: { uri: text }, position: { line: 0, character: TEXT.indexOf('Moved Person') + 1 } })) as Location[];
    assert.equal(loc?.uri, newUri);
  });

  test('an entity file deleted while open stays in force until it is closed, then goes', async () => {
    const uri = uriOf(ws, 'entities/renamed.md');
    unlinkSync(path.join(ws, 'entities/renamed.md'));
    s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    assert.ok(await s.alive());
    s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await s.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    const at = TEXT.indexOf('Moved Person') + 1;
    for (let i = 0; i < 50 && (await s.hover(text, 0, at)) !== null; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await s.hover(text, 0, at), null);
    assert.match(await s.hoverText(text, 0, 1), /\*\*Joseph Stalin\*\*/);
  });
});

describe('an entity file changed on disk before the server heard of it', () => {
  const CHAPTER = 'Karl Pauker guarded the Kremlin.\nBokor amused Stalin; Bokor was later shot.\nPauker was gone.\n';
  let ws: string;
  let s: Session;
  before(async () => {
    ws = workspace({ 'entities/pauker.md': entity('pauker', 'Karl Pauker'), 'entities/stalin.md': entity('stalin', 'Joseph Stalin'), 'sources/ch.txt': CHAPTER });
    s = await startSession(ws, { settings: { builtInKnowledgeBase: false } });
  });
  after(async () => {
    await s?.stop();
    removeWorkspace(ws);
  });

  const titles = async (uri: string) => {
    const report = await s.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'garbled-name'));
    const bokor = report.diagnostics.find((d) => d.code === 'garbled-name')!;
    const actions = (await s.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: bokor.range, context: { diagnostics: [bokor] } })) as { title: string }[];
    return actions.map((a) => a.title);
  };

  test('the fix that would edit it is held back with a message, and offered again once it is reread', async () => {
    const uri = s.open('sources/ch.txt', CHAPTER);
    assert.ok((await titles(uri)).some((t) => t.startsWith('Record')), 'offered while the file is as read');
    // Someone else edits the entry; no watcher event has arrived yet.
    writeFile(ws, 'entities/pauker.md', entity('pauker', 'Karl Pauker', 'aliases:\n  - Karl Viktorovich Pauker\n'));
    const held = await titles(uri);
    assert.ok(!held.some((t) => t.startsWith('Record')), held.join('\n'));
    assert.ok(held.some((t) => t.startsWith('Replace')), 'fixes to the source itself are still offered');
    await s.waitForMessage(/pauker\.md changed since it was read/);
    // The server rereads the knowledge base by itself; then the fix is computed from the new text.
    let again: string[] = [];
    for (let i = 0; i < 50 && !again.some((t) => t.startsWith('Record')); i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await titles(uri);
    }
    assert.ok(again.some((t) => t.startsWith('Record')), again.join('\n'));
  });
});

/** 10,000 entries with distinct generated names, and a text naming a few of them. */
function generated(count: number): { files: Record<string, string>; names: string[] } {
  const first = ['Anton', 'Boris', 'Daria', 'Egor', 'Fyodor', 'Galina', 'Ilya', 'Kira', 'Lev', 'Maria', 'Nikita', 'Olga', 'Pavel', 'Roza', 'Semyon', 'Taras'];
  const syl = ['ka', 'lo', 'mir', 'nov', 'pe', 'ras', 'sto', 'tin', 'vul', 'zel', 'bor', 'dan', 'gor', 'hel', 'jus', 'kem', 'lun', 'mos', 'nek', 'pol', 'rud', 'sev'];
  const files: Record<string, string> = {};
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = syl[i % syl.length]!;
    const b = syl[Math.floor(i / syl.length) % syl.length]!;
    const c = syl[Math.floor(i / syl.length / syl.length) % syl.length]!;
    const surname = `${a}${b}${c}ski`.replace(/^./, (x) => x.toUpperCase());
    const name = `${first[i % first.length]} ${surname}`;
    names.push(name);
    files[`entities/gen/e${String(i).padStart(5, '0')}.md`] = entity(`gen-${i}`, name, `born: "${1850 + (i % 60)}"\nroles:\n  - Generated figure ${i}\n`);
  }
  return { files, names };
}

describe('10,000 entities', () => {
  const COUNT = 10_000;
  let ws: string;
  let s: Session;
  let names: string[];
  before(async () => {
    const gen = generated(COUNT);
    names = gen.names;
    const picked = [0, 1234, 5678, COUNT - 1].map((i) => names[i]!);
    ws = workspace({ ...gen.files, 'sources/text.txt': `${picked.join(' met ')}.\n` });
    s = await startSession(ws, { settings: { builtInKnowledgeBase: false }, indexTimeoutMs: 60_000 });
  });
  after(async () => {
    await s?.stop();
    removeWorkspace(ws);
  });

  test('are all loaded, and the server answers hover over any of them', async () => {
    assert.equal(new Set(names).size, COUNT, 'the generated names are distinct');
    const indexed = await s.waitForMessage(/^Indexed /);
    assert.match(indexed.message, new RegExp(`and ${COUNT} entities`));
    const line = [0, 1234, 5678, COUNT - 1].map((i) => names[i]!).join(' met ') + '.\n';
    const uri = s.open('sources/text.txt', line);
    for (const i of [0, 1234, 5678, COUNT - 1]) {
      const at = line.indexOf(names[i]!);
      assert.match(await s.hoverText(uri, 0, at + 1, 30_000), new RegExp(`Generated figure ${i}\\b`));
    }
  });
});

describe('a faulty knowledge base on the command line', () => {
  let dir: string;
  before(() => {
    dir = workspace(FAULTY);
    writeFile(dir, 'entities/README.md', '# not an entry\n');
  });
  after(() => removeWorkspace(dir));

  test('entities reports each fault at file:line on standard error, exits 1, and lists the sound entries', async () => {
    const r = await runCli(['entities', '--format', 'json'], dir);
    assert.equal(r.code, 1, showRun(r));
    const err = r.stderr;
    for (const [file, line, code] of [
      ['invalid-yaml.md', 4, 'kb-yaml-syntax'],
      ['missing-name.md', 1, 'kb-missing-field'],
      ['dup-b.md', 2, 'kb-duplicate-id'],
      ['alias-a.md', 6, 'kb-alias-conflict'],
      ['alias-b.md', 6, 'kb-alias-conflict'],
      ['wrong-types.md', 5, 'kb-invalid-field'],
    ] as const) {
      assert.match(err, new RegExp(`^entities/${file.replace('.', '\\.')}:${line}:\\d+: \\w+: .*\\[${code}\\]$`, 'm'), `${file}\n${showRun(r)}`);
    }
    assert.match(err, /^annalist: skipped knowledge-base file entities\/latin1\.md: it is not valid UTF-8 text$/m);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((e) => e.id);
    for (const id of ['stalin', 'twin', 'longbio', 'wrongtypes', 'boss-a', 'boss-b']) assert.ok(ids.includes(id), id);
    for (const id of ['broken', 'nameless', 'latin']) assert.ok(!ids.includes(id), id);
  });

  test('an entity file that is not UTF-8 is itself an error: one line naming it, exit status 1', async () => {
    const alone = workspace({ 'entities/stalin.md': FAULTY['entities/stalin.md'], 'entities/latin1.md': FAULTY['entities/latin1.md'] });
    try {
      const r = await runCli(['entities', '--kb', 'entities/*.md'], alone);
      assert.equal(r.code, 1, showRun(r));
      assert.equal(r.stderr, 'annalist: skipped knowledge-base file entities/latin1.md: it is not valid UTF-8 text\n', showRun(r));
      assert.match(r.stdout, /^stalin\tperson\tJoseph Stalin/m);
    } finally {
      removeWorkspace(alone);
    }
  });

  test('scan still recognizes names with the faulty knowledge base', async () => {
    const r = await runCli(['scan', 'sources'], dir);
    assert.equal(r.code, 1, showRun(r));
    assert.match(r.stdout, /sources\/text\.txt:1:1: mention: Stalin = stalin/);
    assert.match(r.stdout, /Vera Longbio = longbio/);
  });
});
