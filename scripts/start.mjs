// npm start: builds the extension and opens the sample corpus with it in a real VS Code.
// - desktop VS Code when `code` is on the PATH: code --extensionDevelopmentPath=<repo> corpus/
// - otherwise code-server on 127.0.0.1, installed on first use into ~/.cache/annalist (see
//   scripts/code-server.mjs), with the freshly packed .vsix installed; it prints the address to open.
//
//   node scripts/start.mjs [--code-server] [--port N] [--folder DIR] [--profile DIR] [--no-build]
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheDir, CODE_SERVER_VERSION, ensureCodeServer, installExtension, makeProfile, REPO, startCodeServer } from './code-server.mjs';
import { packageExtension } from './package.mjs';

const { values } = parseArgs({
  options: {
    'code-server': { type: 'boolean', default: false }, // even when desktop VS Code is installed
    port: { type: 'string', default: process.env.ANNALIST_PORT ?? '3773' }, // 0: any free port
    folder: { type: 'string', default: join(REPO, 'corpus') },
    profile: { type: 'string', default: join(cacheDir(), 'profile') }, // code-server's user data and extensions
    'no-build': { type: 'boolean', default: false },
  },
});
const folder = resolve(values.folder);

function fail(message) {
  console.error(`annalist: ${message}`);
  process.exit(1);
}

if (!values['no-build']) {
  console.log('Building the extension…');
  const b = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'inherit' });
  if (b.status !== 0) fail('the build failed');
}

const hasDesktopCode = !values['code-server'] && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasDesktopCode) {
  console.log(`Opening ${folder} in VS Code with the extension from ${REPO}`);
  const code = spawn('code', ['--new-window', `--extensionDevelopmentPath=${REPO}`, folder], { stdio: 'inherit' });
  code.on('exit', (status) => process.exit(status ?? 1));
} else {
  try {
    ensureCodeServer(); // first run: Debian packages and code-server into the cache
    const profile = makeProfile({ dir: resolve(values.profile) });
    console.log('Packing and installing the extension…');
    const vsix = packageExtension({ build: false, out: join(profile.dir, 'annalist.vsix'), quiet: true });
    installExtension(profile, vsix);
    const server = await startCodeServer({ profile, port: Number(values.port) });
    const url = server.url(folder);
    console.log(
      [
        '',
        `Annalist is running in VS Code (code-server ${CODE_SERVER_VERSION}), on this machine only. Open:`,
        '',
        `    ${url}`,
        '',
        `From another computer, forward the port first: ssh -L ${server.port}:127.0.0.1:${server.port} <this machine>`,
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    let stopping = false;
    const stop = async (signal) => {
      if (stopping) return;
      stopping = true;
      console.log(`\nStopping code-server (${signal})…`);
      await server.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    server.child.on('exit', (code, signal) => {
      if (!stopping) fail(`code-server stopped (${code ?? signal}):\n${server.output().slice(-4000)}`);
    });
  } catch (err) {
    fail(err.message);
  }
}
