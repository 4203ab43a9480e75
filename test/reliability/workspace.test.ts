// Hostile workspaces, over the protocol and the command line: symbolic-link loops, folders that
// cannot be read, binary files with a text extension and thousands of files. Indexing completes,
// each file passed over is named with the reason, and the server keeps answering.
// Run: node scripts/test.mjs test/reliability/workspace.test.ts
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { entity, removeWorkspace, runCli, showRun, startSession, workspace, type Session } from './harness';

const MANY = 3000;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR Stalin'), Buffer.alloc(64, 0)]);
// High bytes but no NUL: only the UTF-8 check can tell it is not text.
const NOT_TEXT = Buffer.from(Array.from({ length: 600 }, (_, i) => 0x80 + ((i * 37) % 0x7f)));

/** Folders outside the workspaces that links point to, removed with them. */
const outsides: string[] = [];
after(() => outsides.forEach(removeWorkspace));

function hostile(): string {
  const files: Record<string, string | Buffer> = {
    'entities/stalin.md': entity('stalin', 'Joseph Stalin'),
    'sources/good.txt': 'Stalin spoke first.\n',
    'sources/binary.txt': PNG,
    'sources/not-text.txt': NOT_TEXT,
  };
  for (let i = 0; i < MANY; i++) files[`sources/many/${Math.floor(i / 100)}/note-${i}.txt`] = `Note ${i}: Stalin wrote to the committee.\n`;
  const ws = workspace(files);
  // A folder that contains itself, a file that points to itself, and two that point to each other.
  symlinkSync('.', path.join(ws, 'sources/loop'));
  symlinkSync('..', path.join(ws, 'sources/many/up'));
  symlinkSync('self.txt', path.join(ws, 'sources/self.txt'));
  symlinkSync('pong.txt', path.join(ws, 'sources/ping.txt'));
  symlinkSync('ping.txt', path.join(ws, 'sources/pong.txt'));
  // And a link out of the workspace, to a text that names Stalin.
  const outside = workspace({ 'elsewhere.txt': 'Stalin, outside the workspace.\n' });
  outsides.push(outside);
  symlinkSync(path.join(outside, 'elsewhere.txt'), path.join(ws, 'sources/outside.txt'));
  symlinkSync(outside, path.join(ws, 'sources/outside-folder'));
  return ws;
}

// One hostile workspace for the server and the command line alike (writing 3,000 files takes a while).
let ws: string;
before(() => (ws = hostile()));
after(() => removeWorkspace(ws));

describe('a hostile workspace over the protocol', () => {
  let s: Session;
  before(async () => {
    s = await startSession(ws, { settings: { builtInKnowledgeBase: false }, indexTimeoutMs: 60_000 });
  });
  after(async () => {
    await s?.stop();
  });

  test(`indexing ${MANY} small files completes and reports its progress from begin to end`, async () => {
    assert.equal(s.progress[0]?.kind, 'begin');
    assert.equal(s.progress.at(-1)?.kind, 'end');
    const reports = s.progress.filter((p) => p.kind === 'report');
    assert.ok(reports.length >= 10, `${reports.length} progress reports`);
    const percentages = reports.map((p) => p.percentage ?? 0);
    assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'the percentage never goes back');
    assert.ok(percentages.at(-1)! >= 90, `last report at ${percentages.at(-1)}%`);
    const indexed = await s.waitForMessage(/^Indexed /);
    // Each note once, good.txt, and nothing through a link (see below) or unreadable.
    assert.match(indexed.message, new RegExp(`^Indexed ${MANY + 1} sources and 1 entities`));
  });

  test('binary files with a .txt name are skipped, each named with the reason', async () => {
    await s.waitForMessage(/binary\.txt: it looks binary/);
    await s.waitForMessage(/not-text\.txt: it is not valid UTF-8 text/);
  });

  test('symbolic links, loops included, are not followed: the reading ends and stays inside the workspace', async () => {
    // The count above already excludes every file reached through a link; no link is an error.
    assert.ok(!s.logs.some((m) => /loop|outside|ping|pong|self/.test(m.message)), s.logs.map((m) => m.message).join('\n'));
    const refs = (await s.connection.sendRequest('textDocument/references', {
      textDocument: { uri: s.open('sources/good.txt', 'Stalin spoke first.\n') },
      position: { line: 0, character: 1 },
      context: { includeDeclaration: false },
    })) as { uri: string }[];
    assert.equal(refs.length, MANY + 1);
    assert.ok(!refs.some((r) => /outside|loop|\/up\//.test(r.uri)));
  });

  test('the server answers, and counts every readable file of the workspace', async () => {
    const uri = s.open('sources/good.txt', 'Stalin spoke first.\n');
    const card = await s.hoverText(uri, 0, 1, 30_000);
    assert.match(card, new RegExp(`\\d+ in the workspace \\(${MANY + 1} files\\)`));
    assert.ok(await s.alive());
  });
});

describe('a hostile workspace on the command line', () => {
  test('scan reads every readable file of a folder, names each unreadable one on its own line, and exits 2', async () => {
    const r = await runCli(['scan', 'sources'], ws, 120_000);
    assert.equal(r.code, 2, showRun(r));
    const errors = r.stderr.trim().split('\n').sort();
    assert.deepEqual(
      errors.map((l) => l.replace(/^annalist: cannot read sources\/([\w.-]+): it (.*)$/, '$1 $2')),
      ['binary.txt looks binary (it contains NUL bytes)', 'not-text.txt is not valid UTF-8 text'],
      showRun(r),
    );
    assert.match(r.stdout, new RegExp(`^${MANY + 1} files: ${MANY + 1} mentions of 1 entity, 0 diagnostics$`, 'm'), showRun(r));
  });

  test('scan given looping links by name says so for each, and scans the rest', async () => {
    const r = await runCli(['scan', 'sources/self.txt', 'sources/ping.txt', 'sources/good.txt'], ws);
    assert.equal(r.code, 2, showRun(r));
    assert.deepEqual(r.stderr.trim().split('\n'), ['annalist: cannot read sources/self.txt: it is a symbolic link loop', 'annalist: cannot read sources/ping.txt: it is a symbolic link loop'], showRun(r));
    assert.match(r.stdout, /^1 file: 1 mention of 1 entity/m);
  });
});

/**
 * Folder permissions stop nothing for root, so as root the server and the command line run as
 * the unprivileged user `nobody` instead; where even that user can read the folder (a file system
 * without permissions), the test is skipped, and says so.
 */
function unprivileged(): { spawn: { uid: number; gid: number } | undefined; skip: string | false } {
  const root = process.getuid?.() === 0;
  const ids = root ? { uid: 65534, gid: 65534 } : undefined;
  const probe = workspace({ 'locked/a.txt': 'x' });
  chmodSync(path.join(probe, 'locked'), 0o000);
  const r = spawnSync(process.execPath, ['-e', `require('fs').readdirSync(${JSON.stringify(path.join(probe, 'locked'))})`], { ...ids, stdio: 'ignore' });
  chmodSync(path.join(probe, 'locked'), 0o755);
  removeWorkspace(probe);
  if (r.error) return { spawn: ids, skip: `cannot run a process as an unprivileged user (${r.error.message})` };
  if (r.status === 0) return { spawn: ids, skip: `a folder with mode 000 is still readable${root ? ' by the user nobody' : ''} here, so there is nothing to test` };
  return { spawn: ids, skip: false };
}

describe('a folder that cannot be read', () => {
  const who = unprivileged();
  let ws: string;
  before(() => {
    if (who.skip) return;
    ws = workspace({
      'entities/stalin.md': entity('stalin', 'Joseph Stalin'),
      'entities/locked/trotsky.md': entity('trotsky', 'Leon Trotsky'),
      'sources/good.txt': 'Stalin and Trotsky.\n',
      'sources/locked/secret.txt': 'Stalin in secret.\n',
    });
    chmodSync(path.join(ws, 'sources/locked'), 0o000);
    chmodSync(path.join(ws, 'entities/locked'), 0o000);
  });
  after(() => {
    if (who.skip) return;
    chmodSync(path.join(ws, 'sources/locked'), 0o755);
    chmodSync(path.join(ws, 'entities/locked'), 0o755);
    removeWorkspace(ws);
  });

  test('over the protocol: it is named in a message, and the rest is indexed', { skip: who.skip }, async () => {
    const s = await startSession(ws, { settings: { builtInKnowledgeBase: false }, spawn: who.spawn });
    try {
      await s.waitForMessage(/sources\/locked: it cannot be read \(permission denied\)/);
      await s.waitForMessage(/entities\/locked: it cannot be read \(permission denied\)/);
      assert.match((await s.waitForMessage(/^Indexed /)).message, /^Indexed 1 sources and 1 entities/);
      const uri = s.open('sources/good.txt', 'Stalin and Trotsky.\n');
      assert.match(await s.hoverText(uri, 0, 1), /\*\*Joseph Stalin\*\*/);
    } finally {
      await s.stop();
    }
  });

  test('on the command line: it is named on standard error, the exit status is 2, the rest is scanned', { skip: who.skip }, async () => {
    const r = await new Promise<Awaited<ReturnType<typeof runCli>>>((resolve) => {
      const child = spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/cli.js'), 'scan', 'sources'], { cwd: ws, encoding: 'utf8', ...who.spawn });
      resolve({ code: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr });
    });
    assert.equal(r.code, 2, showRun(r));
    assert.deepEqual(
      r.stderr.trim().split('\n').sort(),
      ['annalist: cannot read entities/locked: it cannot be read (permission denied)', 'annalist: cannot read sources/locked: it cannot be read (permission denied)'],
      showRun(r),
    );
    assert.match(r.stdout, /^sources\/good\.txt:1:1: mention: Stalin = stalin/m);
  });
});
