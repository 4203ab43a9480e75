import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityFiles, serviceWith, withCursor } from './fixtures';

function setup(marked: string, others: Record<string, string> = {}) {
  const { text, position } = marked.includes('|') ? withCursor(marked) : { text: marked, position: { line: 0, character: 0 } };
  const service = serviceWith({ 'doc.txt': text, ...others });
  return { service, position, uri: 'file:///ws/doc.txt' };
}

test('definition jumps to the entity file at its name line', () => {
  const { service, uri, position } = setup('met V. M. Molo|tov');
  assert.deepEqual(service.definition(uri, position), [
    { uri: 'file:///kb/molotov.md', range: { start: { line: 3, character: 6 }, end: { line: 3, character: 24 } } },
  ]);
});

test('definition of an ambiguous mention offers every candidate', () => {
  const { service, uri, position } = setup('Kamen|ev');
  assert.deepEqual(
    service.definition(uri, position).map((l) => l.uri),
    ['file:///kb/kamenev.md', 'file:///kb/sergei-kamenev.md'],
  );
});

test('definition away from a name is empty', () => {
  const { service, uri, position } = setup('no|thing');
  assert.deepEqual(service.definition(uri, position), []);
});

test('references find every spelling in every document', () => {
  const { service, uri, position } = setup('Sta|lin and Koba', { 'b.txt': 'Iosif Vissarionovich Stalin\nDzhugashvili’s youth', 'c.txt': 'Molotov only' });
  const refs = service.references(uri, position, false);
  assert.deepEqual(
    refs.map((r) => [r.uri, r.range.start.line, r.range.start.character]),
    [
      ['file:///ws/doc.txt', 0, 0],
      ['file:///ws/doc.txt', 0, 11],
      ['file:///ws/b.txt', 0, 0],
      ['file:///ws/b.txt', 1, 0],
    ],
  );
});

test('references include the entry itself when asked', () => {
  const { service, uri, position } = setup('Sta|lin');
  const refs = service.references(uri, position, true);
  assert.equal(refs[0]!.uri, 'file:///kb/stalin.md');
  assert.equal(refs.length, 2);
});

test('references from inside an entity file list the entity’s mentions', () => {
  const { service } = setup('Stalin and Koba|');
  const refs = service.references('file:///kb/stalin.md', { line: 3, character: 8 }, false);
  assert.equal(refs.length, 2);
});

test('references leave out mentions that only might be the entity', () => {
  const { service, uri, position } = setup('Lev Kame|nev. ' + 'word '.repeat(400) + 'Kamenev.');
  assert.equal(service.references(uri, position, false).length, 1);
});

test('document highlights mark the same entity under any spelling', () => {
  const { service, uri, position } = setup('Sta|lin, Koba, Molotov, Stalin');
  assert.deepEqual(
    service.documentHighlights(uri, position).map((r) => r.start.character),
    [0, 8, 23],
  );
});

test('document symbols are the dramatis personae, at first appearance, with counts', () => {
  const { service, uri } = setup('Molotov met Stalin.\nKoba smiled at the OGPU. Molotov left. Kamenev?', {});
  assert.deepEqual(
    service.documentSymbols(uri).map((s) => [s.name, s.kind, s.range.start.line, s.range.start.character, s.detail]),
    [
      ['Vyacheslav Molotov', 'person', 0, 0, '2 mentions'],
      ['Joseph Stalin', 'person', 0, 12, '2 mentions'],
      ['OGPU', 'organization', 1, 19, '1 mention'],
      ['Kamenev (Lev Kamenev or Sergei Kamenev?)', 'ambiguous', 1, 39, '1 mention'],
    ],
  );
});

test('workspace symbols find entities by name, alias and scattered letters', () => {
  const service = serviceWith({});
  assert.deepEqual(service.workspaceSymbols('koba').map((s) => s.name), ['Joseph Stalin']);
  assert.equal(service.workspaceSymbols('Molo')[0]!.name, 'Vyacheslav Molotov');
  assert.ok(service.workspaceSymbols('vyslv').some((s) => s.name === 'Vyacheslav Molotov'));
  assert.equal(service.workspaceSymbols('').length, entityFiles().length);
  assert.deepEqual(service.workspaceSymbols('Vrangél').map((s) => s.name), ['Pyotr Wrangel']);
  assert.equal(service.workspaceSymbols('koba')[0]!.location.uri, 'file:///kb/stalin.md');
});

test('semantic tokens type each mention, and a name broken across lines yields one token per line', () => {
  const { service, uri } = setup('OGPU and Blum-\nkin; Kamenev');
  assert.deepEqual(
    service.semanticTokens(uri).map((t) => [t.line, t.character, t.length, t.type, t.modifiers.join()]),
    [
      [0, 0, 4, 'organization', ''],
      [0, 9, 5, 'person', ''],
      [1, 0, 3, 'person', ''],
      [1, 5, 7, 'person', 'ambiguous'],
    ],
  );
});

test('ambiguous mentions get a hint naming the candidates, with the candidates as data', () => {
  const { service, uri } = setup('Stalin and Kamenev');
  const [d] = service.diagnostics(uri);
  assert.equal(d!.code, 'ambiguous-name');
  assert.equal(d!.severity, 'hint');
  assert.match(d!.message, /“Kamenev” could be Lev Kamenev or Sergei Kamenev/);
  assert.deepEqual(d!.data, { candidates: ['kamenev', 'sergei-kamenev'] });
  assert.deepEqual(d!.range, { start: { line: 0, character: 11 }, end: { line: 0, character: 18 } });
});

test('a document that changes is analysed afresh', () => {
  const service = serviceWith({ 'doc.txt': 'Stalin' });
  assert.equal(service.analysis('file:///ws/doc.txt')!.mentions.length, 1);
  service.updateSource({ uri: 'file:///ws/doc.txt', version: 2, text: 'Stalin and Molotov' });
  assert.equal(service.analysis('file:///ws/doc.txt')!.mentions.length, 2);
  service.removeSource('file:///ws/doc.txt');
  assert.equal(service.analysis('file:///ws/doc.txt'), undefined);
});
