// A local VS Code in the browser (code-server), installed on first use into a cache folder outside
// the repository, and started on 127.0.0.1 with a private profile. Used by `npm start` and by the
// editor tests. Everything comes from the npm registry and Debian's packages: nothing downloads a
// binary of its own (code-server's own postinstall would fetch ripgrep from the web, so it is skipped
// and the install is finished by hand, as /work/shared/recipes/real-editors.md describes).
//
//   node scripts/code-server.mjs install   installs (if needed) and prints the path of the executable
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // the last release that runs on Node 20 (Code 1.100.3)
export const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** ~/.cache/annalist, or $XDG_CACHE_HOME/annalist, or $ANNALIST_CACHE. Never inside the repository. */
export function cacheDir() {
  if (process.env.ANNALIST_CACHE) return resolve(process.env.ANNALIST_CACHE);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'annalist');
}

export const codeServerHome = () => join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
export const codeServerBin = () => join(codeServerHome(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const READY = () => join(codeServerHome(), '.annalist-ready');

const log = (...a) => console.error('[annalist]', ...a);
const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/**
 * Makes sure some Debian packages are there. As root with apt-get, installs the missing ones;
 * otherwise throws with the exact command to run.
 * @param {Record<string, string>} needs a command (or a shell test, when it has a space) -> the
 *   Debian package that provides it, e.g. { rg: 'ripgrep' }
 */
export function ensureDebianPackages(needs) {
  const present = (check) => spawnSync('sh', ['-c', check.includes(' ') ? check : `command -v ${check}`], { stdio: 'ignore' }).status === 0;
  const missing = [...new Set(Object.entries(needs).filter(([check]) => !present(check)).map(([, pkg]) => pkg))];
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && onPath('apt-get')) {
    log(`installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
    return;
  }
  throw new Error(
    `Annalist needs these Debian packages: ${missing.join(' ')}\n` +
      `Install them and run again:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
  );
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${opts.cwd ?? process.cwd()}`);
}

/** Installs code-server into the cache on first use (about a minute) and returns its entry script. */
export function ensureCodeServer() {
  if (existsSync(READY())) return codeServerBin();
  // The native modules of code-server and its bundled VS Code are compiled here (node-gyp).
  ensureDebianPackages({ rg: 'ripgrep', make: 'make', 'g++': 'g++', python3: 'python3' });
  const home = codeServerHome();
  const partial = `${home}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  log(`installing code-server ${CODE_SERVER_VERSION} into ${home} (first run only, about a minute)`);
  const started = Date.now();
  const npm = (cwd, args, extraEnv = {}) =>
    run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env: { ...process.env, ...extraEnv } });
  writeFileSync(join(partial, 'package.json'), JSON.stringify({ name: 'annalist-code-server', private: true }, null, 2));
  // Its postinstall downloads ripgrep from the web: skip it and do its work below.
  npm(partial, ['install', '--ignore-scripts', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`]);
  npm(partial, ['rebuild', 'argon2']);
  const vscode = join(partial, 'node_modules', 'code-server', 'lib', 'vscode');
  npm(vscode, ['install', '--omit=dev', '--ignore-scripts']); // follows its npm-shrinkwrap.json
  const rgDir = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  cpSync(execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim(), join(rgDir, 'rg'));
  // node-pty's build script calls `npx node-gyp`, which must not stop to ask.
  npm(vscode, ['rebuild', '@vscode/spdlog', 'native-watchdog', 'node-pty'], { npm_config_yes: 'true' });
  const link = (target, path) => {
    rmSync(path, { force: true });
    symlinkSync(target, path);
  };
  link('node_modules', join(vscode, 'node_modules.asar'));
  link('code-linux.sh', join(vscode, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscode, 'bin', 'helpers', 'browser.sh'));
  writeFileSync(join(partial, '.annalist-ready'), `${new Date().toISOString()}\n`);
  rmSync(home, { recursive: true, force: true });
  renameSync(partial, home);
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerBin();
}

/** A free TCP port on 127.0.0.1 (the preferred one if it is free). */
export function freePort(preferred = 0) {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (err) => (preferred ? freePort(0).then(resolvePort, reject) : reject(err)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const COMMON_FLAGS = ['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];

/** User settings for a calm first start: no welcome page, no trust prompt, no update checks. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};

/**
 * A code-server profile: user data, extensions and config, by default in one (temporary) folder.
 * User settings are written only when the profile has none yet.
 * @param {{ dir?: string, userData?: string, extensions?: string, settings?: Record<string, unknown> }} options
 */
export function makeProfile({ dir, userData, extensions, settings = {} } = {}) {
  dir ??= mkdtempSync(join(tmpdir(), 'annalist-code-server-'));
  const profile = {
    dir,
    userData: userData ?? join(dir, 'user-data'),
    extensions: extensions ?? join(dir, 'extensions'),
    config: join(dir, 'config.yaml'),
  };
  mkdirSync(join(profile.userData, 'User'), { recursive: true });
  mkdirSync(profile.extensions, { recursive: true });
  writeFileSync(profile.config, 'auth: none\ncert: false\n');
  // A kept profile keeps the user's own settings.
  const settingsFile = join(profile.userData, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  return profile;
}

const profileArgs = (p) => ['--config', p.config, '--user-data-dir', p.userData, '--extensions-dir', p.extensions];

/** Installs a .vsix into a profile with code-server's own CLI (replacing an older copy). */
export function installExtension(profile, vsix) {
  const bin = ensureCodeServer();
  run(process.execPath, [bin, ...profileArgs(profile), '--install-extension', vsix, '--force'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' },
  });
  return readdirSync(profile.extensions).filter((e) => !e.startsWith('.') && e !== 'extensions.json');
}

/**
 * Starts code-server on 127.0.0.1, detached in its own process group, and waits until it answers.
 * @returns {Promise<{ port: number, base: string, url: (folder?: string, payload?: [string, string][]) => string, child: import('node:child_process').ChildProcess, stop: () => Promise<void>, output: () => string }>}
 */
export async function startCodeServer({ profile, port = 0, stdio = 'pipe', env = {}, workspaceTrust = false }) {
  const bin = ensureCodeServer();
  port = await freePort(port);
  const child = spawn(process.execPath, [bin, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', ...COMMON_FLAGS.filter((f) => !workspaceTrust || f !== '--disable-workspace-trust'), ...profileArgs(profile)], {
    detached: true,
    stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...env },
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answered = await Promise.race([
      fetch(`${base}/healthz`).then((r) => r.ok, () => false),
      exited.then((code) => {
        throw new Error(`code-server exited (${code}) before it answered:\n${output}`);
      }),
    ]);
    if (answered) break;
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${base} within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100)); // polling a port that is not open yet
  }
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      try {
        process.kill(-child.pid, 'SIGTERM'); // code-server, its extension hosts and the language servers
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, 5000);
      await exited;
      clearTimeout(timer);
    })());
  const url = (folder, payload) => {
    const q = new URLSearchParams();
    if (folder) q.set('folder', folder);
    if (payload) q.set('payload', JSON.stringify(payload));
    const query = q.toString().replace(/%2F/g, '/');
    return `${base}/${query ? `?${query}` : ''}`;
  };
  return { port, base, url, child, stop, output: () => output };
}

export const CHROMIUM = process.env.ANNALIST_CHROMIUM || '/usr/bin/chromium';

/**
 * Debian's Chromium driven by playwright-core (a devDependency), headless unless told otherwise.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium({ headless = process.env.ANNALIST_HEADED !== '1' } = {}) {
  if (!process.env.ANNALIST_CHROMIUM) ensureDebianPackages({ chromium: 'chromium' });
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A path on this machine as code-server's workbench names it (for the `payload` parameter). */
export const remoteUri = (port, path) => `vscode-remote://127.0.0.1:${port}${resolve(path)}`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command] = process.argv.slice(2);
  if (command === 'install') {
    try {
      console.log(ensureCodeServer());
    } catch (err) {
      console.error(err.message);
      process.exit(1);
    }
  } else {
    console.error('usage: node scripts/code-server.mjs install');
    process.exit(2);
  }
}
