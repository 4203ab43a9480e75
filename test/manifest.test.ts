import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Commands } from '../server/src/common/protocol';
import { DEFAULT_SETTINGS, readSettings, SETTINGS_SECTION } from '../server/src/common/settings';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../server/src/service';

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

test('every setting in the shared interface is contributed, with the same default and a description', () => {
  const properties = contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; description?: string }>;
  for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
    const contributed = properties[`${SETTINGS_SECTION}.${key}`];
    assert.ok(contributed, `${key} is not in package.json`);
    assert.deepEqual(contributed.default, value, key);
    assert.ok(contributed.markdownDescription ?? contributed.description, `${key} has no description`);
  }
  const shared = new Set(Object.keys(DEFAULT_SETTINGS).map((k) => `${SETTINGS_SECTION}.${k}`));
  const extra = Object.keys(properties).filter((k) => !shared.has(k) && k !== 'annalist.trace.server');
  assert.deepEqual(extra, []);
});

test('every command the client registers is contributed with a title and category', () => {
  const contributed = new Map((contributes.commands as { command: string; title: string; category: string }[]).map((c) => [c.command, c]));
  for (const id of Object.values(Commands)) {
    assert.ok(contributed.get(id)?.title, id);
    assert.equal(contributed.get(id)?.category, 'Annalist');
  }
  assert.equal(contributed.size, Object.values(Commands).length);
});

test('semantic token types and modifiers match the server legend and have scope fallbacks', () => {
  assert.deepEqual(contributes.semanticTokenTypes.map((t: { id: string }) => t.id), [...SEMANTIC_TOKEN_TYPES]);
  assert.deepEqual(contributes.semanticTokenModifiers.map((t: { id: string }) => t.id), [...SEMANTIC_TOKEN_MODIFIERS]);
  for (const type of SEMANTIC_TOKEN_TYPES) assert.ok(contributes.semanticTokenScopes[0].scopes[type]?.length, type);
});

test('the grammar and language configuration the manifest names exist', () => {
  for (const g of contributes.grammars) assert.ok(existsSync(path.join(root, g.path)), g.path);
  for (const l of contributes.languages) if (l.configuration) assert.ok(existsSync(path.join(root, l.configuration)), l.configuration);
});

test('the built entry points exist: client, server and an executable CLI', () => {
  assert.ok(existsSync(path.join(root, manifest.main)), manifest.main);
  assert.ok(existsSync(path.join(root, 'dist/server.js')));
  assert.match(readFileSync(path.join(root, manifest.bin.annalist), 'utf8'), /^#!\/usr\/bin\/env node/);
});

test('unknown or mistyped settings are reported by name and replaced by defaults', () => {
  const reading = readSettings({ sources: 'not a list', maxFileSize: -1, colour: 'red', builtInKnowledgeBase: false });
  assert.deepEqual(reading.problems, [
    '`annalist.sources` must be a list of glob patterns; using the default.',
    '`annalist.maxFileSize` must be a positive number; using the default.',
    'Unknown setting `annalist.colour` is ignored.',
  ]);
  assert.deepEqual(reading.settings.sources, DEFAULT_SETTINGS.sources);
  assert.equal(reading.settings.builtInKnowledgeBase, false);
  assert.deepEqual(readSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
  assert.equal(readSettings('oops').problems.length, 1);
  assert.deepEqual(readSettings({ trace: { server: 'verbose' } }).problems, [], 'the client’s own trace setting is not unknown');
});

test('the extension runs in restricted mode, and says why it cannot run in a virtual workspace', () => {
  // Safe because the server only reads and answers (test/reliability/security.test.ts audits that);
  // no setting names a program to run, so none needs to be restricted.
  assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
  assert.equal(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations, undefined);
  const settingKeys = Object.keys(contributes.configuration.properties ?? contributes.configuration[0].properties);
  assert.ok(!settingKeys.some((k) => /path|command|executable|program/i.test(k)), settingKeys.join(', '));
  assert.equal(manifest.capabilities?.virtualWorkspaces?.supported, false);
  assert.match(manifest.capabilities?.virtualWorkspaces?.description ?? '', /file system/);
});
