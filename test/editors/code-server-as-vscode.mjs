#!/usr/bin/env node
// Stands in for a VS Code executable, so that an ordinary @vscode/test-electron runTests() call can
// run its suite inside code-server when desktop VS Code cannot be downloaded (as on this project's
// machines). It takes the arguments test-electron gives VS Code:
//   [FOLDER] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=DIR] [--extensions-dir=DIR] ...
// starts code-server on 127.0.0.1, opens the folder in headless Chromium with the workbench's
// `payload` (the mechanism VS Code's own browser integration tests use), prints what the suite logs
// and exits with the suite's exit code. Flags meant for Electron (--no-sandbox, ...) are ignored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium, makeProfile, remoteUri, startCodeServer } from '../../scripts/code-server.mjs';

const TIMEOUT_MS = Number(process.env.ANNALIST_EXTENSION_TESTS_TIMEOUT_MS || 300_000);

function parse(argv) {
  const out = { developmentPaths: [], folder: undefined, testsPath: undefined, userData: undefined, extensions: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--extensionDevelopmentPath') out.developmentPaths.push(resolve(value()));
    else if (flag === '--extensionTestsPath') out.testsPath = resolve(value());
    else if (flag === '--user-data-dir') out.userData = resolve(value());
    else if (flag === '--extensions-dir') out.extensions = resolve(value());
    else if (!arg.startsWith('-')) out.folder = resolve(arg);
  }
  return out;
}

async function main() {
  const args = parse(process.argv.slice(2));
  if (!args.testsPath || !args.developmentPaths.length) {
    console.error('code-server-as-vscode: needs --extensionTestsPath and --extensionDevelopmentPath');
    return 2;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'annalist-ext-tests-'));
  const profile = makeProfile({ dir: scratch, userData: args.userData, extensions: args.extensions });
  let server;
  let browser;
  const pageLog = [];
  try {
    // ANNALIST_WORKSPACE_TRUST=1 keeps VS Code's workspace trust on, for the restricted-mode run.
    server = await startCodeServer({ profile, workspaceTrust: process.env.ANNALIST_WORKSPACE_TRUST === '1' });
    browser = await launchChromium();
    const page = await browser.newPage();
    let exit;
    const exited = new Promise((r) => (exit = r));
    // The workbench hands the extension host's console (mocha's reporter) to these two functions.
    // The workbench hands the extension host's console to these two functions. Lines the suite
    // marked (extension-host/index.ts) are printed; the workbench's own log only when something fails.
    const SUITE_LINE_PREFIX = '[annalist-suite] ';
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      for (const line of format(...(Array.isArray(args) ? args : [args])).split('\n')) {
        if (line.startsWith(SUITE_LINE_PREFIX)) process.stdout.write(`${line.slice(SUITE_LINE_PREFIX.length)}\n`);
        else if (process.env.ANNALIST_VERBOSE) process.stderr.write(`[workbench ${type}] ${line}\n`);
        else pageLog.push(`[workbench ${type}] ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
    page.on('pageerror', (err) => pageLog.push(`page error: ${err.message}`));
    page.on('console', (m) => m.type() === 'error' && pageLog.push(`console: ${m.text()}`));
    const payload = [
      ...args.developmentPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server.port, p)]),
      ['extensionTestsPath', remoteUri(server.port, args.testsPath)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.url(args.folder, payload));
    let timer;
    const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.error(`code-server-as-vscode: the suite did not finish within ${TIMEOUT_MS / 1000} s`);
      console.error([...pageLog, server.output()].join('\n'));
      return 1;
    }
    if (code !== 0) console.error(['code-server-as-vscode: the workbench said:', ...pageLog.slice(-200)].join('\n'));
    return code;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`code-server-as-vscode: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
