// Emacs 28 + eglot 1.9 (Debian's `emacs-nox elpa-eglot`) as an LSP client, in batch mode, with the
// README's configuration: emacs/annalist.el drives it and writes down what it saw; this file checks it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CHAPTER, GARBLED_CHAPTER, makeWorkspace, nameLine, offsetAt, readmeConfig, replaceRange, REPO, textAt, runScriptedEditor, type Workspace } from './workspace';

interface Diagnostic {
  code: string;
  severity: number;
  source: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
let ws: Workspace;
let facts: {
  emacs: string;
  error?: string;
  server: string;
  project_root: string;
  hint: Diagnostic;
  flymake: { text: string; type: string; length: number };
  entity_diagnostics: Diagnostic[];
  hover: string;
  definition: { file: string; line: number }[];
  symbols: string[];
  jumped_to: { file: string; line: number };
  quick_fix: {
    word: string;
    flymake: { beg: number; end: number };
    warning: Diagnostic;
    titles: string[];
    preferred: string;
    preferred_diagnostic_codes: string[];
    before: string;
    after: string;
    modified: boolean;
  };
  alive: boolean;
};
let took = 0;

before(() => {
  ws = makeWorkspace('emacs');
  const config = path.join(ws.scratch, 'init.el');
  writeFileSync(config, readmeConfig('### Emacs (eglot)', 'elisp'));
  const out = path.join(ws.scratch, 'facts.json');
  ({ facts, took } = runScriptedEditor<typeof facts>('Emacs', 'emacs', ['--batch', '-l', path.join(__dirname, 'emacs/annalist.el')], ws.scratch, { HOME: ws.scratch, ANNALIST_CONFIG: config, ANNALIST_FILE: ws.source(CHAPTER), ANNALIST_GARBLED_FILE: ws.source(GARBLED_CHAPTER), ANNALIST_OUT: out }, out));
});

after(() => ws?.cleanup());

test('Emacs with eglot starts `annalist lsp --stdio` on the corpus folder', () => {
  assert.match(facts.emacs, /^\d+\.\d+/);
  assert.equal(facts.server, 'annalist');
  assert.equal(path.resolve(facts.project_root), ws.root, 'the folder that holds entities/ is the project');
  assert.equal(facts.alive, true, 'the server is still running at the end');
  assert.ok(took < 60_000, `${took} ms`);
});

test('Emacs gets the hover card', () => {
  assert.match(facts.hover, /\*\*Joseph Stalin\*\*/);
});

test('Emacs goes to the built-in entity file at its name line, by request and by M-.', () => {
  const stalin = path.join(REPO, 'corpus/entities/stalin.md');
  assert.deepEqual(facts.definition, [{ file: stalin, line: nameLine('stalin') }]);
  assert.deepEqual(facts.jumped_to, { file: stalin, line: nameLine('stalin') });
});

test('Emacs receives diagnostics with their codes, and flymake shows them', () => {
  assert.equal(facts.hint.code, 'ambiguous-name');
  assert.equal(facts.hint.severity, 4); // Hint
  assert.deepEqual(facts.hint.range.end, { line: 0, character: 'Kamenev'.length });
  assert.match(facts.hint.message, /Lev Kamenev/);
  assert.equal(facts.flymake.length, 'Kamenev'.length);
  assert.match(facts.flymake.text, /Kamenev/);
  assert.deepEqual(
    facts.entity_diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
    [['kb-invalid-field', 1, 2]],
  );
});

test('Emacs can list the chapter’s figures', () => {
  // The surname typed at the top comes first, with its candidates; then the chapter's own figures.
  assert.match(facts.symbols[0] ?? '', /^Kamenev \(.*Lev Kamenev.*\?\)$/);
  assert.equal(facts.symbols[1], 'Joseph Stalin');
  assert.ok(facts.symbols.includes('Vladimir Lenin'), facts.symbols.join(', '));
});

test('Emacs gets the quick fixes of a garbled name, and the preferred one changes exactly that word', () => {
  const { warning, titles, preferred, before, after, flymake } = facts.quick_fix;
  assert.equal(warning.code, 'garbled-name');
  assert.equal(warning.source, 'annalist');
  assert.match(warning.message, /^‘Paokel’ is probably Karl Pauker/);
  // flymake marks the word the server named.
  assert.equal(before, readFileSync(ws.source(GARBLED_CHAPTER), 'utf8'));
  assert.equal(textAt(before, warning.range), 'Paokel');
  assert.deepEqual([flymake.beg, flymake.end], [offsetAt(before, warning.range.start), offsetAt(before, warning.range.end)]);
  assert.equal(preferred, 'Replace ‘Paokel’ with ‘Pauker’');
  assert.ok(titles.some((t) => /^Replace all \d+ ‘Paokel’ in this document with ‘Pauker’$/.test(t)), titles.join(' | '));
  // Recording a spelling of a built-in entry makes a workspace copy of it, a file to create: like the
  // dismissal below, it is left out for a client that does not say it can create files.
  assert.ok(!titles.some((t) => t.startsWith('Record ')), titles.join(' | '));
  // eglot 1.9 does not say it can create files, and .annalist/not-variants.yaml does not exist yet: the
  // server leaves out the fix that would create it.
  assert.ok(!titles.some((t) => t.includes('here is not')), titles.join(' | '));
  assert.deepEqual(facts.quick_fix.preferred_diagnostic_codes, ['garbled-name']);
  assert.equal(after, replaceRange(before, warning.range, 'Pauker'));
  assert.equal(facts.quick_fix.modified, true, 'the buffer is changed, not saved');
});
