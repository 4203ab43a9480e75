// Neovim 0.7 (Debian's `neovim`) as an LSP client, headless, with the README's configuration:
// neovim/annalist.lua drives it and writes down what it saw; this file checks it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CHAPTER, makeWorkspace, nameLine, readmeConfig, REPO, type Workspace } from './workspace';

let ws: Workspace;
let facts: {
  nvim: string;
  filetype: string;
  server?: string;
  root_dir: string;
  alive: boolean;
  symbols: string[];
  error?: string;
  hint: { code: string; severity: number; lnum: number; col: number; end_col: number; message: string; source: string };
  entity_diagnostics: { code: string; severity: number; lnum: number }[];
  hover: string;
  definition: { file: string; line: number }[];
  jumped_to: { file: string; line: number };
};
let took = 0;

before(() => {
  ws = makeWorkspace('nvim');
  const config = path.join(ws.scratch, 'init.lua');
  writeFileSync(config, readmeConfig('### Neovim', 'lua'));
  const out = path.join(ws.scratch, 'facts.json');
  const started = Date.now();
  const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(__dirname, 'neovim/annalist.lua')}`], {
    cwd: ws.scratch,
    env: { ...process.env, HOME: ws.scratch, XDG_STATE_HOME: ws.scratch, XDG_CACHE_HOME: ws.scratch, ANNALIST_CONFIG: config, ANNALIST_WS: ws.root, ANNALIST_FILE: ws.source(CHAPTER), ANNALIST_OUT: out },
    encoding: 'utf8',
    timeout: 120_000,
  });
  took = Date.now() - started;
  let text = '';
  try {
    text = readFileSync(out, 'utf8');
  } catch {
    assert.fail(`Neovim wrote nothing (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  facts = JSON.parse(text);
  assert.equal(facts.error, undefined, `the Lua script failed: ${facts.error}`);
  assert.equal(r.status, 0, r.stderr);
});

after(() => ws?.cleanup());

test('Neovim starts `annalist lsp --stdio` on the corpus folder for a text', () => {
  assert.match(facts.nvim, /^0\.\d+$/);
  assert.equal(facts.filetype, 'text');
  assert.equal(facts.server, 'annalist');
  assert.equal(facts.root_dir, ws.root, 'the folder that holds entities/ is the root');
  assert.equal(facts.alive, true, 'the server is still running at the end');
  assert.ok(took < 60_000, `${took} ms`);
});

test('Neovim gets the hover card', () => {
  assert.match(facts.hover, /\*\*Joseph Stalin\*\*/);
});

test('Neovim can list the chapter’s figures', () => {
  // The surname typed at the top comes first, with its candidates; then the chapter's own figures.
  assert.match(facts.symbols[0] ?? '', /^Kamenev \(.*Lev Kamenev.*\?\)$/);
  assert.equal(facts.symbols[1], 'Joseph Stalin');
  assert.ok(facts.symbols.includes('Vladimir Lenin'), facts.symbols.join(', '));
});

test('Neovim jumps to the built-in entity file at its name line, by request and by gd', () => {
  const stalin = path.join(REPO, 'corpus/entities/stalin.md');
  assert.deepEqual(facts.definition, [{ file: stalin, line: nameLine('stalin') }]);
  assert.deepEqual(facts.jumped_to, { file: stalin, line: nameLine('stalin') });
});

test('Neovim shows pushed diagnostics with their codes: a hint on an edit, errors of an entity file', () => {
  const { hint } = facts;
  assert.equal(hint.code, 'ambiguous-name');
  assert.equal(hint.severity, 4); // vim.diagnostic.severity.HINT
  assert.deepEqual([hint.lnum, hint.col, hint.end_col], [0, 0, 'Kamenev'.length]);
  assert.match(hint.message, /Lev Kamenev/);
  assert.equal(hint.source, 'annalist');
  assert.deepEqual(facts.entity_diagnostics, [{ code: 'kb-invalid-field', severity: 1, lnum: 2 }]);
});
