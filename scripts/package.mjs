// Builds the extension and packs it into a .vsix with @vscode/vsce (3.x runs on Node 20).
//   node scripts/package.mjs [--no-build] [--out FILE]
// What goes in is decided by .vscodeignore; test/package.test.ts checks the result.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { name, version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));

/** Packs the extension; returns the path of the .vsix. */
export function packageExtension({ build = true, out = join(REPO, `${name}-${version}.vsix`), quiet = false } = {}) {
  const stdio = ['ignore', quiet ? 'pipe' : 'inherit', 'inherit'];
  if (build) {
    const b = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio });
    if (b.status !== 0) throw new Error('the build failed');
  }
  const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
  // The bundles carry their dependencies: no node_modules. The project has no public repository
  // yet, so the README's relative links stay relative (corpus/README.md ships beside it).
  const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', resolve(out)];
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status})${r.stdout ? `\n${r.stdout}` : ''}`);
  return resolve(out);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, out: { type: 'string' } } });
  try {
    const vsix = packageExtension({ build: !values['no-build'], ...(values.out ? { out: values.out } : {}) });
    console.log(`${relative(process.cwd(), vsix) || vsix}: ${(statSync(vsix).size / 1024).toFixed(0)} KiB`);
  } catch (err) {
    console.error(`annalist: ${err.message}`);
    process.exit(1);
  }
}
