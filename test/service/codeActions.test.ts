import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeActionInfo, LanguageService, TextEdit } from '../../server/src/service';
import { ENTITIES, entityFiles, serviceWith } from './fixtures';

const CHAPTER = 'Karl Pauker guarded the Kremlin.\nBokor amused Stalin; Bokor was later shot.\nPauker was gone.';
const DOC = 'file:///ws/doc.txt';

function actionsAt(service: LanguageService, uri: string, word: string, nth = 0): CodeActionInfo[] {
  const diagnostics = service.diagnostics(uri).filter((d) => d.code === 'garbled-name' || d.code === 'inconsistent-spelling');
  const d = diagnostics.filter((x) => x.message.includes(`‘${word}’`) || x.data?.written === word)[nth];
  assert.ok(d, `no diagnostic for ${word}`);
  return service.codeActions(uri, d.range, diagnostics);
}

/** Applies edits as an editor would, from the end backwards. */
function apply(text: string, edits: TextEdit[]): string {
  const doc = TextDocument.create('file:///x', 'plaintext', 1, text);
  return TextDocument.applyEdits(doc, edits);
}

test('the preferred fix replaces exactly the garbled word', () => {
  const service = serviceWith({ 'doc.txt': CHAPTER });
  const [fix] = actionsAt(service, DOC, 'Bokor');
  assert.equal(fix!.title, 'Replace ‘Bokor’ with ‘Pauker’');
  assert.equal(fix!.isPreferred, true);
  const [change] = fix!.edit.changes;
  assert.equal(change!.uri, DOC);
  assert.equal(apply(CHAPTER, change!.edits), CHAPTER.replace('Bokor', 'Pauker'));
});

test('fix all in the document replaces every occurrence of that spelling and nothing else', () => {
  const service = serviceWith({ 'doc.txt': CHAPTER });
  const all = actionsAt(service, DOC, 'Bokor').find((a) => a.title.startsWith('Replace all 2'));
  assert.ok(all);
  assert.equal(apply(CHAPTER, all.edit.changes[0]!.edits), CHAPTER.replaceAll('Bokor', 'Pauker'));
});

test('fix all in the workspace is one edit over every file that has the spelling', () => {
  const other = 'Pauker came in. Bokor left. Pauker stayed.';
  const service = serviceWith({ 'doc.txt': CHAPTER, 'b.txt': other, 'c.txt': 'Nothing here.' });
  const all = actionsAt(service, DOC, 'Bokor').find((a) => a.title.includes('workspace files'));
  assert.ok(all);
  assert.equal(all.title, 'Replace all 3 ‘Bokor’ in 2 workspace files with ‘Pauker’');
  const byUri = new Map(all.edit.changes.map((c) => [c.uri, c.edits]));
  assert.equal(apply(CHAPTER, byUri.get(DOC)!), CHAPTER.replaceAll('Bokor', 'Pauker'));
  assert.equal(apply(other, byUri.get('file:///ws/b.txt')!), other.replace('Bokor', 'Pauker'));
  assert.equal(byUri.has('file:///ws/c.txt'), false);
});

test('recording a variant adds it to the entity file, keeping everything else byte for byte', () => {
  const commented = '---\n# Head of the guard.\nid: pauker\ntype: person\nname: Karl Pauker   # canonical\naliases: ["Karl Viktorovich Pauker"]\nroles:\n  - guard\n---\nHead of the Kremlin guard.\n';
  const files = [...entityFiles(['stalin']), { uri: 'file:///kb/pauker.md', layer: 'workspace' as const, text: commented }];
  const service = serviceWith({ 'doc.txt': CHAPTER }, files);
  const record = actionsAt(service, DOC, 'Bokor').find((a) => a.title.startsWith('Record'));
  assert.ok(record);
  assert.equal(record.title, 'Record ‘Bokor’ as a spelling of Karl Pauker (in pauker.md)');
  const [change] = record.edit.changes;
  assert.equal(change!.uri, 'file:///kb/pauker.md');
  const updated = apply(commented, change!.edits);
  assert.equal(updated, commented.replace('  - guard\n---', '  - guard\nvariants:\n  - Bokor\n---'));

  // With the variant recorded the warning goes, and the spelling resolves exactly.
  service.setEntityFiles([...entityFiles(['stalin']), { uri: 'file:///kb/pauker.md', layer: 'workspace', text: updated }]);
  assert.deepEqual(service.diagnostics(DOC).filter((d) => d.code === 'garbled-name'), []);
  const bokor = service.analysis(DOC)!.mentions.find((m) => m.text === 'Bokor');
  assert.equal(bokor?.resolution, 'variant');
  assert.equal(bokor?.garbled, undefined);
});

test('recording into an existing block or flow list appends one item', () => {
  const block = ENTITIES.pauker!.replace('name: Karl Pauker\n', 'name: Karl Pauker\nvariants:\n    - Pauker-Karl # odd\n');
  const flow = ENTITIES.pauker!.replace('name: Karl Pauker\n', 'name: Karl Pauker\nvariants: [Paokel]\n');
  for (const [text, expected] of [
    [block, block.replace('    - Pauker-Karl # odd\n', '    - Pauker-Karl # odd\n    - Bokor\n')],
    [flow, flow.replace('[Paokel]', '[Paokel, Bokor]')],
  ] as const) {
    const service = serviceWith({ 'doc.txt': CHAPTER }, [...entityFiles(['stalin']), { uri: 'file:///kb/pauker.md', layer: 'workspace', text }]);
    const record = actionsAt(service, DOC, 'Bokor').find((a) => a.title.startsWith('Record'))!;
    assert.equal(apply(text, record.edit.changes[0]!.edits), expected);
  }
});

test('saying a spelling here is not the entity creates the record file, and the warning does not come back', () => {
  const service = serviceWith({ 'doc.txt': CHAPTER });
  const dismissUri = 'file:///ws/.annalist/not-variants.yaml';
  service.setDismissals({ uri: dismissUri, text: '', exists: false });
  const dismiss = actionsAt(service, DOC, 'Bokor').find((a) => a.title.includes('is not'));
  assert.ok(dismiss);
  assert.equal(dismiss.title, '‘Bokor’ here is not Karl Pauker (note it in not-variants.yaml)');
  const [change] = dismiss.edit.changes;
  assert.equal(change!.uri, dismissUri);
  assert.equal(change!.create, true);
  const written = apply('', change!.edits);
  assert.match(written, /^# Spellings that Annalist took for a garbled name/);
  assert.match(written, /- spelling: Bokor\n  notEntity: pauker\n  file: doc\.txt\n$/);

  service.setDismissals({ uri: dismissUri, text: written, exists: true });
  assert.deepEqual(service.diagnostics(DOC).filter((d) => d.code === 'garbled-name'), []);

  // A second dismissal appends to the file rather than recreating it.
  const other = serviceWith({ 'doc.txt': CHAPTER.replace(/Bokor/g, 'Paokel') });
  other.setDismissals({ uri: dismissUri, text: written, exists: true });
  const again = actionsAt(other, DOC, 'Paokel').find((a) => a.title.includes('is not'))!;
  assert.equal(again.edit.changes[0]!.create, undefined);
  assert.equal(apply(written, again.edit.changes[0]!.edits), `${written}- spelling: Paokel\n  notEntity: pauker\n  file: doc.txt\n`);
});

test('no fix is offered when the text no longer reads as the diagnostic said', () => {
  const service = serviceWith({ 'doc.txt': CHAPTER });
  const stale = service.diagnostics(DOC).find((d) => d.code === 'garbled-name')!;
  service.updateSource({ uri: DOC, version: 2, text: CHAPTER.replace('Bokor amused', 'Other amused') });
  assert.deepEqual(service.codeActions(DOC, stale.range, [stale]), []);
});

test('inconsistent spellings offer replacement but not recording a form the knowledge base already has', () => {
  const text = 'Bliumkin came. Bliumkin went. Blumkin stayed.';
  const service = serviceWith({ 'doc.txt': text });
  const actions = actionsAt(service, DOC, 'Blumkin');
  assert.deepEqual(actions.map((a) => a.title), ['Replace ‘Blumkin’ with ‘Bliumkin’']);
  assert.equal(apply(text, actions[0]!.edit.changes[0]!.edits), text.replace('Blumkin stayed', 'Bliumkin stayed'));
});

test('a diagnostic sent back with its range counted otherwise is matched to the finding on that line', () => {
  const text = 'Karl Pauker guarded the Kremlin.\n“Yes,” “no”: Bokor amused Stalin; Pauker was gone.';
  const service = serviceWith({ 'doc.txt': text });
  const d = service.diagnostics(DOC).find((x) => x.code === 'garbled-name')!;
  // Neovim 0.7 counts in bytes: each curly quote is three bytes, one UTF-16 unit.
  const shifted = { ...d, range: { start: { line: 1, character: d.range.start.character + 8 }, end: { line: 1, character: d.range.end.character + 8 } } };
  // The client asks at the cursor, on the word; only the diagnostic it sends back is off.
  const [fix] = service.codeActions(DOC, d.range, [shifted]);
  assert.ok(fix, 'the fix is still offered');
  assert.equal(apply(text, fix.edit.changes[0]!.edits), text.replace('Bokor', 'Pauker'));
});

test('recording a spelling of a built-in entry makes a workspace copy instead of editing the extension', () => {
  const builtin = entityFiles().map((f) => ({ ...f, layer: 'builtin' as const }));
  const service = serviceWith({ 'doc.txt': CHAPTER }, builtin);
  service.setDismissals({ uri: 'file:///ws/.annalist/not-variants.yaml', text: '', exists: false });
  const record = actionsAt(service, DOC, 'Bokor').find((a) => a.title.startsWith('Record'))!;
  assert.equal(record.title, 'Record ‘Bokor’ as a spelling of Karl Pauker (in a workspace copy, entities/pauker.md)');
  const [change] = record.edit.changes;
  assert.equal(change!.uri, 'file:///ws/entities/pauker.md');
  assert.equal(change!.create, true);
  const copy = apply('', change!.edits);
  assert.equal(copy, ENTITIES.pauker!.replace('---\nHead', 'variants:\n  - Bokor\n---\nHead'));
  // The copy, loaded as a workspace entry, replaces the built-in one and ends the warning.
  service.setEntityFiles([...builtin, { uri: change!.uri, text: copy, layer: 'workspace' }]);
  assert.equal(service.kb.get('pauker')?.uri, 'file:///ws/entities/pauker.md');
  assert.deepEqual(service.diagnostics(DOC).filter((x) => x.code === 'garbled-name' && x.data?.written === 'Bokor'), []);
});
