// Extension-host tests: one ordinary @vscode/test-electron runTests() call. With
// ANNALIST_VSCODE=desktop it downloads desktop VS Code (needs the network and a display); by default,
// and on this project's machines, the same mocha suite (extension-host/*.suite.ts) runs inside
// code-server's extension host through code-server-as-vscode.mjs, given as vscodeExecutablePath.
import { runTests } from '@vscode/test-electron';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { makeWorkspace, REPO, type Workspace } from './workspace';

const SUITE_DIR = path.join(__dirname, 'extension-host');
const OUT = path.join(REPO, 'out/editors/extension-host');
const SHIM = path.join(__dirname, 'code-server-as-vscode.mjs');
let ws: Workspace;

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
