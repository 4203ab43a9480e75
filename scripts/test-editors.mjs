// npm run test:editors [-- NAME...]: the tests in real editors (test/editors/*.editor.ts), run
// one file at a time by Node's test runner. Installs what they need first: Debian packages (as
// root; otherwise it says what to install) and code-server into the cache (scripts/code-server.mjs).
// With NAMEs, runs only the files whose names contain one of them (extension-host, ui, neovim, emacs);
// with --install, only installs what they need. Closes with one line: `editors: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer, ensureDebianPackages, REPO } from './code-server.mjs';

const installOnly = process.argv.includes('--install');
const only = process.argv.slice(2).filter((a) => a !== '--install');
const dir = join(REPO, 'test/editors');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.editor.ts') && (!only.length || only.some((o) => f.includes(o))))
  .sort()
  .map((f) => join(dir, f));
if (!files.length) {
  console.error(`no test/editors/*.editor.ts matches ${only.join(', ')}`);
  process.exit(2);
}
const wants = (name) => files.some((f) => f.includes(name));

try {
  const needs = {};
  if (wants('extension-host') || wants('ui')) Object.assign(needs, { chromium: 'chromium', rg: 'ripgrep' });
  if (wants('neovim')) needs.nvim = 'neovim';
  if (wants('emacs')) Object.assign(needs, { emacs: 'emacs-nox', "emacs --batch --eval \"(progn (package-initialize) (require 'eglot))\"": 'elpa-eglot' });
  ensureDebianPackages(needs);
  if (wants('extension-host') || wants('ui')) ensureCodeServer();
} catch (err) {
  console.error(`annalist: ${err.message}`);
  process.exit(1);
}
if (installOnly) process.exit(0);

const build = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The spec reporter for people, TAP into a file for the closing count.
const scratch = mkdtempSync(join(tmpdir(), 'annalist-editors-'));
const tap = join(scratch, 'results.tap');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
  { cwd: REPO, stdio: 'inherit' },
);
let counts = {};
try {
  const text = readFileSync(tap, 'utf8');
  for (const m of text.matchAll(/^# (pass|fail|cancelled|skipped|todo) (\d+)$/gm)) counts[m[1]] = Number(m[2]);
  const known = [...text.matchAll(/^not ok \d+ - (.*) # TODO (.*)$/gm)];
  for (const [, name, why] of known) console.log(`known failure (todo): ${name} — ${why}`);
} catch {
  counts = {};
}
rmSync(scratch, { recursive: true, force: true });
const failed = (counts.fail ?? 0) + (counts.cancelled ?? 0) + (result.status !== 0 && !counts.fail ? 1 : 0);
const skipped = (counts.skipped ?? 0) + (counts.todo ?? 0);
console.log(`editors: ${counts.pass ?? 0} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(result.status ?? 1);
