// Bundles the client, the server and the CLI with esbuild. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { writeLexicon } from './lexicon.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Some dependencies ship ESM that reads import.meta.url; in a CommonJS bundle it must be supplied.
  define: { ANNALIST_VERSION: JSON.stringify(version), 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // Names are kept for stack traces in the log; the rest is minified, which shortens parsing at every start.
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', minifyWhitespace: true, minifySyntax: true }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } }),
  build({ ...common, entryPoints: ['server/src/node/indexWorker.ts'], outfile: 'dist/indexWorker.js' }),
]);
chmodSync('dist/cli.js', 0o755);
writeLexicon();
// The built-in knowledge base, parsed now so that start-up need not parse it.
// A name of its own per build, so that two builds at once do not remove each other's file.
const snapshotBuilder = `dist/.kb-snapshot-build-${process.pid}.js`;
await build({ ...common, sourcemap: false, entryPoints: ['scripts/kb-snapshot-entry.ts'], outfile: snapshotBuilder });
execFileSync(process.execPath, [snapshotBuilder], { stdio: 'inherit' });
rmSync(snapshotBuilder, { force: true });
