import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENTITIES, entityFiles, mentionsOf, serviceWith } from './fixtures';

test('a full name is one mention, not two', () => {
  assert.deepEqual(mentionsOf('Then Yakov Blumkin arrived.'), [['Yakov Blumkin', 'blumkin', 'exact']]);
});

test('a surname alone names the person', () => {
  assert.deepEqual(mentionsOf('It was Blumkin who came.'), [['Blumkin', 'blumkin', 'exact']]);
});

test('aliases resolve as aliases', () => {
  assert.deepEqual(mentionsOf('Koba, whom the police knew as Dzhugashvili.'), [
    ['Koba', 'stalin', 'alias'],
    ['Dzhugashvili', 'stalin', 'alias'],
  ]);
});

test('forename and patronymic name the person', () => {
  assert.deepEqual(mentionsOf('“Vyacheslav Mikhailovich, sit down,” he said.'), [['Vyacheslav Mikhailovich', 'molotov', 'alias']]);
});

test('initials before a surname, spaced or not', () => {
  assert.deepEqual(mentionsOf('V. M. Molotov and V.M. Molotov and V. Molotov and A. P. Kutepov.'), [
    ['V. M. Molotov', 'molotov', 'alias'],
    ['V.M. Molotov', 'molotov', 'alias'],
    ['V. Molotov', 'molotov', 'exact'],
    ['A. P. Kutepov', 'kutepov', 'alias'],
  ]);
});

test('possessives with curly and straight apostrophes leave the ’s outside the mention', () => {
  assert.deepEqual(mentionsOf('Stalin’s office and Stalin\'s desk and Koba’s pipe.'), [
    ['Stalin', 'stalin', 'exact'],
    ['Stalin', 'stalin', 'exact'],
    ['Koba', 'stalin', 'alias'],
  ]);
});

test('a name broken by a hyphen at a line end is one mention', () => {
  assert.deepEqual(mentionsOf('the letter from Blum-\nkin and from Yakov Blum-\r\nkin'), [
    ['Blum-\nkin', 'blumkin', 'exact'],
    ['Yakov Blum-\r\nkin', 'blumkin', 'exact'],
  ]);
});

test('a name whose words are split across a line break is still one mention', () => {
  assert.deepEqual(mentionsOf('met Yakov\nBlumkin there'), [['Yakov\nBlumkin', 'blumkin', 'exact']]);
});

test('a hyphenated compound names each of its people', () => {
  assert.deepEqual(mentionsOf('the Stalin-Molotov line'), [
    ['Stalin', 'stalin', 'exact'],
    ['Molotov', 'molotov', 'exact'],
  ]);
});

test('letters with diacritics match their plain forms', () => {
  assert.deepEqual(mentionsOf('Vrangél’s army; Vrangel fled.'), [
    ['Vrangél', 'wrangel', 'alias'],
    ['Vrangel', 'wrangel', 'alias'],
  ]);
});

test('curly and straight apostrophes inside a name are the same', () => {
  const files = [
    ...entityFiles(['stalin']),
    { uri: 'file:///kb/obrien.md', text: '---\nid: obrien\ntype: person\nname: Conor O’Brien\n---\nx\n', layer: 'workspace' as const },
  ];
  assert.deepEqual(mentionsOf("Conor O'Brien and O’Brien", files), [
    ["Conor O'Brien", 'obrien', 'exact'],
    ['O’Brien', 'obrien', 'exact'],
  ]);
});

test('organizations by name, acronym and full title', () => {
  assert.deepEqual(mentionsOf('The OGPU, that is the Unified State Political Directorate, answered to the Central Committee.'), [
    ['OGPU', 'ogpu', 'exact'],
    ['Unified State Political Directorate', 'ogpu', 'alias'],
    ['Central Committee', 'central-committee', 'exact'],
  ]);
});

test('an acronym written in lower case is not the organization', () => {
  assert.deepEqual(mentionsOf('the ogpu and the Ogpu'), []);
});

test('lowercase common words are never names', () => {
  assert.deepEqual(mentionsOf('the chambers of the court; a pauker; central committee'), []);
});

test('a sentence-initial capital on a common word is not a name by itself', () => {
  assert.deepEqual(mentionsOf('He left the chambers. Chambers were cold that winter.'), []);
});

test('the same sentence-initial word counts when the person is named elsewhere', () => {
  assert.deepEqual(mentionsOf('Whittaker Chambers spoke. He left the chambers. Chambers was tired.'), [
    ['Whittaker Chambers', 'chambers', 'exact'],
    ['Chambers', 'chambers', 'exact'],
  ]);
});

test('a sentence-initial surname is a mention when the word is never used in lower case', () => {
  assert.deepEqual(mentionsOf('He paused. Chambers was tired.'), [['Chambers', 'chambers', 'exact']]);
});

test('a shared surname resolves from the nearest unambiguous mention', () => {
  const service = serviceWith({ 'doc.txt': 'Lev Kamenev spoke first. Then Kamenev sat down.' });
  const [full, bare] = service.analysis('file:///ws/doc.txt')!.mentions;
  assert.equal(full!.entityId, 'kamenev');
  assert.equal(bare!.entityId, 'kamenev');
  assert.equal(bare!.resolution, 'exact');
  assert.deepEqual(bare!.candidates, ['kamenev', 'sergei-kamenev']);
  assert.deepEqual(bare!.resolvedBy, { start: full!.start, end: full!.end });
});

test('the nearer of two candidates wins', () => {
  const text = 'Lev Kamenev was in Moscow. ' + 'x '.repeat(200) + 'The commander Sergei Kamenev arrived. Kamenev saluted.';
  const ms = serviceWith({ 'doc.txt': text }).analysis('file:///ws/doc.txt')!.mentions;
  assert.equal(ms[2]!.text, 'Kamenev');
  assert.equal(ms[2]!.entityId, 'sergei-kamenev');
});

test('a shared surname with no unambiguous mention nearby is ambiguous, with both candidates', () => {
  const text = 'Lev Kamenev was in Moscow. ' + 'word '.repeat(400) + 'Kamenev saluted.';
  const ms = serviceWith({ 'doc.txt': text }).analysis('file:///ws/doc.txt')!.mentions;
  const last = ms[ms.length - 1]!;
  assert.equal(last.resolution, 'ambiguous');
  assert.deepEqual(last.candidates, ['kamenev', 'sergei-kamenev']);
});

test('mention offsets count UTF-16 code units after astral characters', () => {
  const text = '𓂀 📜 Stalin';
  const [m] = serviceWith({ 'doc.txt': text }).analysis('file:///ws/doc.txt')!.mentions;
  assert.equal(text.slice(m!.start, m!.end), 'Stalin');
  assert.equal(m!.start, 6);
});

test('names in Markdown are found inside emphasis and links', () => {
  assert.deepEqual(mentionsOf('# Notes\n\n*Koba* met [Yakov Blumkin](x.md).'), [
    ['Koba', 'stalin', 'alias'],
    ['Yakov Blumkin', 'blumkin', 'exact'],
  ]);
});

test('a name the knowledge base does not know, and resembles no one in it, is not a mention', () => {
  assert.deepEqual(mentionsOf('Ivanov met Petrov and Smirnova in Tiflis.'), []);
});

test('the fixture knowledge base loads without problems', () => {
  const service = serviceWith({});
  assert.equal(service.kb.size, Object.keys(ENTITIES).length);
  for (const uri of service.kb.fileUris) assert.deepEqual(service.diagnostics(uri), [], uri);
});

test('a person known only by a surname does not outrank another person’s surname', () => {
  const files = [
    ...entityFiles(['stalin']),
    { uri: 'file:///kb/andreev.md', text: '---\nid: andreev\ntype: person\nname: Andrei Andreev\n---\n', layer: 'workspace' as const },
    { uri: 'file:///kb/andreev-fnu.md', text: '---\nid: andreev-fnu\ntype: person\nname: Andreev\n---\n', layer: 'workspace' as const },
  ];
  const service = serviceWith({ 'doc.txt': 'Andreev spoke.' }, files);
  const [m] = service.analysis('file:///ws/doc.txt')!.mentions;
  assert.equal(m!.resolution, 'ambiguous');
  assert.deepEqual(m!.candidates, ['andreev', 'andreev-fnu']);
});

test('an alias outranks another person’s derived surname', () => {
  const files = [
    ...entityFiles(['stalin']),
    { uri: 'file:///kb/trotsky.md', text: '---\nid: trotsky\ntype: person\nname: Leon Trotsky\naliases: [Bronstein]\n---\n', layer: 'workspace' as const },
    { uri: 'file:///kb/other.md', text: '---\nid: other\ntype: person\nname: Lev Bronstein\n---\n', layer: 'workspace' as const },
  ];
  assert.deepEqual(mentionsOf('Bronstein spoke.', files), [['Bronstein', 'trotsky', 'alias']]);
});
