// The extension-test entry point (VS Code calls run() in the extension host): runs every
// *.suite.js bundled beside this file with mocha. A new feature gets a new *.suite.ts; nothing
// here needs to change. ANNALIST_TEST_GREP selects tests by title.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';

/** Marks the suite's own lines, so a runner can tell them from the workbench's log (see code-server-as-vscode.mjs). */
export const SUITE_LINE_PREFIX = '[annalist-suite] ';

export async function run(): Promise<void> {
  const { default: Mocha } = await import('mocha');
  // Mocha's reporters print through Base.consoleLog; the extension host hands console.log to the
  // workbench, which also logs its own lines there. Mark the suite's.
  const log = console.log.bind(console);
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => log(format(...args).replace(/^/gm, SUITE_LINE_PREFIX));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.ANNALIST_TEST_GREP) mocha.grep(process.env.ANNALIST_TEST_GREP);
  const suites = readdirSync(__dirname).filter((f) => f.endsWith('.suite.js')).sort();
  if (!suites.length) return Promise.reject(new Error(`no *.suite.js in ${__dirname}`));
  for (const f of suites) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
