// Extension-host tests: one ordinary @vscode/test-electron runTests() call. With
// ANNALIST_VSCODE=desktop it downloads desktop VS Code (needs the network and a display); by default,
// and on this project's machines, the same mocha suite (extension-host/*.suite.ts) runs inside
// code-server's extension host through code-server-as-vscode.mjs, given as vscodeExecutablePath.
import { runTests } from '@vscode/test-electron';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { QUIET_SETTINGS } from '../../scripts/code-server.mjs';
import { makeWorkspace, REPO, type Workspace } from './workspace';

const SUITE_DIR = path.join(__dirname, 'extension-host');
const OUT = path.join(REPO, 'out/editors/extension-host');
const SHIM = path.join(__dirname, 'code-server-as-vscode.mjs');
let ws: Workspace;
// The suite records a spelling in this built-in entity file, unsaved, and reverts it.
const PAUKER = path.join(REPO, 'corpus/entities/pauker.md');
let paukerBefore = '';

before(async () => {
  // The suite is bundled to CommonJS for the extension host; vscode and mocha are loaded there.
  rmSync(OUT, { recursive: true, force: true });
  const entries = readdirSync(SUITE_DIR).filter((f) => f === 'index.ts' || f.endsWith('.suite.ts'));
  await build({
    entryPoints: entries.map((f) => path.join(SUITE_DIR, f)),
    outdir: OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  ws = makeWorkspace('ext-host');
  paukerBefore = readFileSync(PAUKER, 'utf8');
  // VS Code in a browser (code-server) saves edited files after a second by default. The suite
  // applies quick fixes and reverts them, and one of them edits pauker.md above: nothing may be
  // saved. The profile's settings, written before VS Code starts (it keeps settings it finds).
  const settings = path.join(ws.scratch, 'user-data', 'User', 'settings.json');
  mkdirSync(path.dirname(settings), { recursive: true });
  writeFileSync(settings, JSON.stringify({ ...QUIET_SETTINGS, 'files.autoSave': 'off' }, null, 2));
});

after(() => ws?.cleanup());

test('the extension-host suite passes in a real VS Code', { timeout: 600_000 }, async () => {
  const choice = process.env.ANNALIST_VSCODE ?? 'code-server';
  const exe = choice === 'code-server' ? { vscodeExecutablePath: SHIM } : choice === 'desktop' ? {} : { vscodeExecutablePath: choice };
  const code = await runTests({
    ...exe,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(OUT, 'index.js'),
    launchArgs: [
      ws.root,
      `--user-data-dir=${path.join(ws.scratch, 'user-data')}`,
      `--extensions-dir=${path.join(ws.scratch, 'extensions')}`,
      '--disable-extensions',
    ],
  });
  assert.equal(code, 0);
});

test('in restricted mode (an untrusted window) the extension still reads, hovers and offers fixes', { timeout: 600_000 }, async (t) => {
  if ((process.env.ANNALIST_VSCODE ?? 'code-server') !== 'code-server') return t.skip('restricted mode is set up for code-server only');
  // A profile of its own, with workspace trust on and no prompt: the folder opens untrusted.
  const userData = path.join(ws.scratch, 'user-data-untrusted');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settings = { ...QUIET_SETTINGS, 'files.autoSave': 'off', 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const code = await runTests({
    vscodeExecutablePath: SHIM,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(OUT, 'index.js'),
    extensionTestsEnv: { ANNALIST_WORKSPACE_TRUST: '1', ANNALIST_RESTRICTED: '1', ANNALIST_TEST_GREP: 'restricted mode' },
    launchArgs: [ws.root, `--user-data-dir=${userData}`, `--extensions-dir=${path.join(ws.scratch, 'extensions')}`, '--disable-extensions'],
  });
  assert.equal(code, 0);
});

test('the quick fixes the suite applied left no trace on disk', () => {
  const pauker = readFileSync(PAUKER, 'utf8');
  // Should a failed run have saved the recorded spelling, put the file back (only that), and fail.
  const close = paukerBefore.indexOf('\n---\n', 3) + 1;
  if (pauker === `${paukerBefore.slice(0, close)}variants:\n  - Bokor\n${paukerBefore.slice(close)}`) writeFileSync(PAUKER, paukerBefore);
  assert.equal(pauker, paukerBefore, 'corpus/entities/pauker.md is as it was');
  assert.equal(existsSync(path.join(ws.root, '.annalist')), false, 'the dismissals file is deleted');
});
