// The .vsix: what a user installs. Packs the built extension (npm test has just built it) into a
// temporary folder and reads the archive back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
let dir: string;
let vsix: string;
let entries: Map<string, { size: number; read: () => Buffer }>;

/** The entries of a zip archive, from its central directory. */
function readZip(file: string) {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, { size: number; read: () => Buffer }>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    out.set(name, {
      size,
      read: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + compressed);
        return method === 8 ? inflateRawSync(data) : Buffer.from(data);
      },
    });
  }
  return out;
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'annalist-vsix-'));
  vsix = path.join(dir, 'annalist.vsix');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/package.mjs'), '--no-build', '--out', vsix], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  entries = readZip(vsix);
});

after(() => rmSync(dir, { recursive: true, force: true }));

const text = (name: string) => {
  const e = entries.get(name);
  assert.ok(e, `${name} is not in the .vsix`);
  return e.read().toString('utf8');
};

test('the .vsix holds the bundles, the grammar, the icon and the docs', () => {
  for (const name of [
    'extension/package.json',
    'extension/dist/client.js',
    'extension/dist/server.js',
    'extension/dist/cli.js',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/corpus/README.md',
    `extension/${manifest.icon}`,
    ...manifest.contributes.grammars.map((g: { path: string }) => `extension/${path.posix.normalize(g.path)}`),
    ...manifest.contributes.languages.map((l: { configuration: string }) => `extension/${path.posix.normalize(l.configuration)}`),
  ]) {
    assert.ok(entries.has(name), `${name} is missing`);
  }
  assert.equal(text('extension/readme.md'), readFileSync(path.join(root, 'README.md'), 'utf8'));
  assert.match(text('extension/LICENSE.txt'), /^MIT License\n\nCopyright \(c\) \d{4} Annalist authors\n/);
  assert.deepEqual([...entries.get(`extension/${manifest.icon}`)!.read().subarray(1, 4)], [...Buffer.from('PNG')]);
});

test('the built-in knowledge base ships whole, and nothing of the sample sources', () => {
  const kb = readdirSync(path.join(root, 'corpus/entities')).filter((f) => f.endsWith('.md')).sort();
  const shipped = [...entries.keys()].filter((n) => n.startsWith('extension/corpus/entities/')).map((n) => n.slice('extension/corpus/entities/'.length)).sort();
  assert.deepEqual(shipped, kb);
  assert.deepEqual([...entries.keys()].filter((n) => n.includes('corpus/sources')), []);
});

test('whatever the build writes beside the bundles for run time (dist/lexicon) ships too', () => {
  const lexicon = path.join(root, 'dist/lexicon');
  const built = existsSync(lexicon) ? readdirSync(lexicon).sort() : [];
  const shipped = [...entries.keys()].filter((n) => n.startsWith('extension/dist/lexicon/')).map((n) => n.slice('extension/dist/lexicon/'.length)).sort();
  assert.deepEqual(shipped, built);
});

test('no tests, sources, source maps, scripts or node_modules', () => {
  const unwanted = [...entries.keys()].filter((n) =>
    /(^|\/)(node_modules|test|test-artifacts|scripts|client\/src|server\/src|\.vscode-test|\.ci|\.git)\/|\.map$|\.ts$|\.vsix$|(^|\/)(tsconfig\.json|package-lock\.json|\.gitignore|\.vscodeignore)$/.test(n),
  );
  assert.deepEqual(unwanted, []);
  const files = [...entries.keys()].filter((n) => n.startsWith('extension/'));
  const allowed = /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|dist\/(client|server|cli)\.js|dist\/lexicon\/[^/]+\.txt|corpus\/README\.md|corpus\/entities\/[^/]+\.md|syntaxes\/[^/]+\.json|images\/icon\.png)$/;
  assert.deepEqual(files.filter((n) => !allowed.test(n)), []);
});

test('the bundles need nothing but Node and VS Code at run time', () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const bundle of ['client', 'server', 'cli']) {
    const required = new Set([...text(`extension/dist/${bundle}.js`).matchAll(/(?<![`'"])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
    const external = [...required].filter((m) => !builtins.has(m) && !(bundle === 'client' && m === 'vscode'));
    assert.deepEqual(external, [], `${bundle}.js requires modules that are not shipped`);
  }
});

test('the packaged CLI runs from the unpacked .vsix, away from node_modules, with the built-in knowledge base', () => {
  const unpacked = path.join(dir, 'unpacked');
  for (const [name, entry] of entries) {
    if (!name.startsWith('extension/')) continue;
    const file = path.join(unpacked, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, entry.read());
  }
  const work = mkdtempSync(path.join(tmpdir(), 'annalist-vsix-work-'));
  try {
    writeFileSync(path.join(work, 'note.txt'), 'In 1924 Stalin wrote to Molotov.\n');
    const cli = path.join(unpacked, 'extension/dist/cli.js');
    // The same knowledge base as the repository's own build reads, with the same verdict on it.
    const listed = spawnSync(process.execPath, [cli, 'entities', '--format', 'json'], { cwd: work, encoding: 'utf8' });
    const fromRepo = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'entities', '--format', 'json'], { cwd: work, encoding: 'utf8' });
    assert.equal(listed.status, fromRepo.status, listed.stderr);
    const ids = (out: string) => (JSON.parse(out) as { id: string }[]).map((e) => e.id).sort();
    assert.deepEqual(ids(listed.stdout), ids(fromRepo.stdout));
    assert.ok(ids(listed.stdout).includes('stalin'));
    const scanned = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', 'note.txt'], { cwd: work, encoding: 'utf8' });
    assert.equal(scanned.status, fromRepo.status, scanned.stderr);
    const mentioned = JSON.parse(scanned.stdout).files[0].mentions.map((m: { entityId: string }) => m.entityId);
    assert.deepEqual(mentioned, ['stalin', 'molotov']);
    // A whole chapter reads the same from the package as from the repository: nothing it needs is left out.
    cpSync(path.join(root, 'corpus/sources/orlov-secret-history-001.txt'), path.join(work, 'chapter.txt'));
    const scan = (bin: string) => spawnSync(process.execPath, [bin, 'scan', '--format', 'json', 'chapter.txt'], { cwd: work, encoding: 'utf8' });
    const packaged = scan(cli);
    const repo = scan(path.join(root, 'dist/cli.js'));
    assert.equal(packaged.status, repo.status, packaged.stderr);
    assert.deepEqual(JSON.parse(packaged.stdout), JSON.parse(repo.stdout));
    assert.equal(packaged.stderr, repo.stderr);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('the packaged manifest is complete and points at files in the package', () => {
  const m = JSON.parse(text('extension/package.json'));
  for (const field of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'main']) assert.ok(m[field], field);
  assert.equal(m.license, 'MIT');
  assert.match(m.engines.vscode, /^\^1\.\d+\.\d+$/);
  assert.ok(m.categories.length && m.keywords.length);
  for (const lang of ['annalist-text', 'markdown', 'plaintext']) assert.ok(m.activationEvents.includes(`onLanguage:${lang}`), lang);
  assert.equal(m.capabilities.untrustedWorkspaces.supported, true);
  assert.equal(m.capabilities.virtualWorkspaces.supported, false);
  assert.ok(m.capabilities.virtualWorkspaces.description);
  assert.ok(entries.has(`extension/${path.posix.normalize(m.main)}`), m.main);
  assert.match(text('extension.vsixmanifest'), /<Identity Language="en-US" Id="annalist" Version="\d+\.\d+\.\d+" Publisher="annalist"/);
});

test('the .vsix stays small', () => {
  const size = statSync(vsix).size;
  assert.ok(size > 200 * 1024, `${size} bytes: the bundles cannot be in it`);
  assert.ok(size < 3 * 1024 * 1024, `${size} bytes: more than 3 MiB`);
  const unpacked = [...entries.values()].reduce((sum, e) => sum + e.size, 0);
  assert.ok(unpacked < 12 * 1024 * 1024, `${unpacked} bytes unpacked`);
});
