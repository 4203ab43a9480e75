import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENTITIES, entityFiles, garbledOf, serviceWith, withCursor } from './fixtures';

const PAUKER_CHAPTER = [
  'Karl Pauker, the head of the guard, was a barber from Budapest.',
  'Bokor amused Stalin at the banquet. Later Paokel was arrested, and Paul Kerr was shot.',
  'Pauker had served the Kremlin for years.',
].join('\n\n');

test('garbled spellings of a person named in the chapter are found and attributed', () => {
  assert.deepEqual(garbledOf(PAUKER_CHAPTER), [
    ['Bokor', 'pauker'],
    ['Paokel', 'pauker'],
    ['Paul Kerr', 'pauker'],
  ]);
});

test('the warning says who is meant and why', () => {
  const service = serviceWith({ 'doc.txt': PAUKER_CHAPTER });
  const messages = service.diagnostics('file:///ws/doc.txt').filter((d) => d.code === 'garbled-name');
  assert.equal(messages.length, 3);
  assert.match(messages[0]!.message, /^‘Bokor’ is probably Karl Pauker: b\/p exchanged/);
  assert.match(messages[1]!.message, /‘Paokel’ is probably Karl Pauker: l\/r exchanged, a vowel changed/);
  assert.match(messages[2]!.message, /split into two words/);
  assert.match(messages[0]!.message, /names Karl Pauker 2 times elsewhere/);
  assert.equal(messages[0]!.severity, 'warning');
  assert.deepEqual(messages[0]!.data, { entityId: 'pauker', written: 'Bokor', replacement: 'Pauker' });
});

test('a spelling very close to a well-known name is found even without the name nearby', () => {
  assert.deepEqual(garbledOf('The group of Malinkov and Skryabin took power.', [...entityFiles(['molotov']), malenkov]), [['Malinkov', 'malenkov']]);
});

test('a heavily garbled word with no support in the document is not flagged', () => {
  assert.deepEqual(garbledOf('Bokor amused the guests at the banquet.'), []);
});

test('ordinary words, given names, places, derived words and feminine forms are not garbled names', () => {
  const text = [
    'Karl Pauker spoke to Whittaker Chambers and Yakov Blumkin in Berlin.',
    'Paul and Time and Post and Service answered. The Stalinist line held; Kamenev and Kameneva left.',
    'Pauker and Blumkin met Chambers again in Paris.',
  ].join('\n');
  assert.deepEqual(garbledOf(text), []);
});

test('a word split by a hyphen in mid-line is read joined', () => {
  const service = serviceWith({ 'doc.txt': 'Stalin nodded. Blum-kin smiled.' });
  const m = service.analysis('file:///ws/doc.txt')!.mentions.find((x) => x.garbled);
  assert.equal(m?.text, 'Blum-kin');
  assert.equal(m?.entityId, 'blumkin');
  assert.deepEqual(m?.garbled?.reasons, ['split by a hyphen']);
});

test('a digit read for a capital I by OCR', () => {
  const files = [...entityFiles(['stalin']), { uri: 'file:///kb/reiss.md', layer: 'workspace' as const, text: '---\nid: reiss\ntype: person\nname: Ignace Reiss\naliases: [Ignace]\n---\n' }];
  assert.deepEqual(garbledOf('Two days later 1gnace came to visit.', files), [['1gnace', 'reiss']]);
});

test('a spelling that differs only as transliterations do is an inconsistent spelling, not a garbled one', () => {
  const service = serviceWith({ 'doc.txt': 'Blumkin came. Bloumkine left. Blumkin stayed.' });
  const ds = service.diagnostics('file:///ws/doc.txt');
  assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['inconsistent-spelling', 'information']]);
  assert.match(ds[0]!.message, /spells Yakov Blumkin’s name ‘Blumkin’ 2 times and ‘Bloumkine’ once; preferred: ‘Blumkin’ \(the document’s most frequent\)\. The knowledge base does not record this spelling\./);
});

test('recorded romanizations used side by side are reported with counts and the preferred form', () => {
  const text = 'Bliumkin came. Bliumkin went. Blumkin stayed. Bliumkin returned.';
  const majority = serviceWith({ 'doc.txt': text });
  const [d] = majority.diagnostics('file:///ws/doc.txt');
  assert.equal(d!.code, 'inconsistent-spelling');
  assert.deepEqual(d!.range, { start: { line: 0, character: 30 }, end: { line: 0, character: 37 } });
  assert.deepEqual(d!.data, { entityId: 'blumkin', written: 'Blumkin', replacement: 'Bliumkin', unrecorded: false });
  assert.match(d!.message, /‘Bliumkin’ 3 times and ‘Blumkin’ once/);

  const canonical = serviceWith({ 'doc.txt': text });
  canonical.setPreferredSpelling('canonical');
  const ds = canonical.diagnostics('file:///ws/doc.txt');
  assert.equal(ds.length, 3);
  assert.ok(ds.every((x) => x.data?.replacement === 'Blumkin'));
  assert.match(ds[0]!.message, /preferred: ‘Blumkin’ \(the knowledge base’s form\)/);
});

test('a pseudonym is another name, not another spelling', () => {
  const service = serviceWith({ 'doc.txt': 'Stalin, called Koba, and Stalin again.' });
  assert.deepEqual(service.diagnostics('file:///ws/doc.txt'), []);
});

test('hovering a garbled spelling shows the card of the person meant, and why', () => {
  const { text, position } = withCursor(PAUKER_CHAPTER.replace('Paokel', 'Pao|kel'));
  const service = serviceWith({ 'doc.txt': text });
  const h = service.hover('file:///ws/doc.txt', position);
  assert.match(h!.markdown, /^\*\*Karl Pauker\*\*/);
  assert.match(h!.markdown, /‘Paokel’ is probably a garbled spelling of ‘Pauker’: l\/r exchanged, a vowel changed/);
});

test('references include the garbled spellings', () => {
  const { text, position } = withCursor(PAUKER_CHAPTER.replace('Karl Pauker', 'Karl Pau|ker'));
  const service = serviceWith({ 'doc.txt': text });
  assert.equal(service.references('file:///ws/doc.txt', position, false).length, 5);
});

test('a dismissed reading is not offered again, in that file only', () => {
  const service = serviceWith({ 'doc.txt': PAUKER_CHAPTER, 'other.txt': PAUKER_CHAPTER });
  service.setDismissals({ uri: 'file:///ws/.annalist/not-variants.yaml', exists: true, text: '- spelling: Bokor\n  notEntity: pauker\n  file: doc.txt\n' });
  const garbled = (uri: string) => service.analysis(uri)!.mentions.filter((m) => m.garbled).map((m) => m.text);
  assert.deepEqual(garbled('file:///ws/doc.txt'), ['Paokel', 'Paul Kerr']);
  assert.deepEqual(garbled('file:///ws/other.txt'), ['Bokor', 'Paokel', 'Paul Kerr']);
});

test('a broken dismissal file is reported and ignored', () => {
  const service = serviceWith({ 'doc.txt': PAUKER_CHAPTER });
  service.setDismissals({ uri: 'file:///ws/.annalist/not-variants.yaml', exists: true, text: '- spelling: Bokor\n' });
  assert.equal(service.dismissals.problems[0]?.code, 'dismissals-invalid');
  assert.equal(service.analysis('file:///ws/doc.txt')!.mentions.filter((m) => m.garbled).length, 3);
});

const malenkov = {
  uri: 'file:///kb/malenkov.md',
  layer: 'workspace' as const,
  text: '---\nid: malenkov\ntype: person\nname: Georgy Malenkov\n---\nSoviet leader.\n',
};

void ENTITIES;

test('words run together are read apart: a name and a small word, or two names', () => {
  const files = [...entityFiles(), { uri: 'file:///kb/chambers2.md', layer: 'workspace' as const, text: '---\nid: hiss\ntype: person\nname: Alger Hiss\n---\n' }];
  const service = serviceWith({ 'doc.txt': 'According to Stalinit was a plot. AlgerHiss denied it.' }, files);
  const found = service.analysis('file:///ws/doc.txt')!.mentions.filter((m) => m.garbled);
  assert.deepEqual(
    found.map((m) => [m.text, m.entityId, m.garbled!.replacement, m.garbled!.reasons.join()]),
    [
      ['Stalinit', 'stalin', 'Stalin it', 'two words run together'],
      ['AlgerHiss', 'hiss', 'Alger Hiss', 'two words run together'],
    ],
  );
});

test('a run-together word that is a real word or place is left alone', () => {
  assert.deepEqual(garbledOf('Peters went to Petersburg; Harris met Harrison.', [...entityFiles(['stalin']), { uri: 'file:///kb/peters.md', layer: 'workspace', text: '---\nid: peters\ntype: person\nname: Yakov Peters\n---\n' }, { uri: 'file:///kb/harris.md', layer: 'workspace', text: '---\nid: harris\ntype: person\nname: Kitty Harris\n---\n' }]), []);
});

test('OCR damage with the right sounds is garbled; another romanization is not', () => {
  const service = serviceWith({ 'doc.txt': 'Stalin and Molotov. Sta1in and Mo1otov, then Stаlin with a Cyrillic a, then Staline in French.' });
  const found = service.analysis('file:///ws/doc.txt')!.mentions.filter((m) => m.garbled);
  assert.deepEqual(
    found.map((m) => [m.text, m.entityId, m.garbled!.sameSounds]),
    [
      ['Sta1in', 'stalin', false],
      ['Mo1otov', 'molotov', false],
      ['Stаlin', 'stalin', false],
      ['Staline', 'stalin', true],
    ],
  );
  assert.match(found[2]!.garbled!.reasons.join(), /a Cyrillic letter inside a Latin word/);
});

test('a name split with a hyphen and a space, or into two words one of them lower case', () => {
  assert.deepEqual(garbledOf('Krivitsky and Bukharin met. Later Kri- vitsky saw Bukha rin.', [...entityFiles(['stalin', 'molotov']), krivitsky, bukharin]), [
    ['Kri- vitsky', 'krivitsky'],
    ['Bukha rin', 'bukharin'],
  ]);
});

const krivitsky = { uri: 'file:///kb/krivitsky.md', layer: 'workspace' as const, text: '---\nid: krivitsky\ntype: person\nname: Walter Krivitsky\n---\n' };
const bukharin = { uri: 'file:///kb/bukharin.md', layer: 'workspace' as const, text: '---\nid: bukharin\ntype: person\nname: Nikolai Bukharin\n---\n' };

const person = (id: string, name: string) => ({ uri: `file:///kb/${id}.md`, layer: 'workspace' as const, text: `---\nid: ${id}\ntype: person\nname: ${name}\n---\n` });

test('a doubled consonant beside a digraph, or a doubled final s, is a garble of the name', () => {
  const files = [person('syrtsov', 'Sergei Syrtsov'), person('mekhlis', 'Lev Mekhlis')];
  // No correct "Syrtsov" nearby: the doubled s alone must not cost a letter.
  assert.deepEqual(garbledOf('The report of Syrtssov went to Lev Mekhlis, and Mekhliss replied.', files), [
    ['Syrtssov', 'syrtsov'],
    ['Mekhliss', 'mekhlis'],
  ]);
  // The plural of a name is still no garble of it.
  assert.deepEqual(garbledOf('Sergei Syrtsov spoke to the Syrtsovs.', files), []);
});

test('a name garbled several ways in one passage supports its other garbles there', () => {
  const files = [person('spiegelglass', 'Sergei Shpigelglas')];
  const alone = 'The deputy chief, Shpiglas, came in the evening and left at dawn.';
  assert.deepEqual(garbledOf(alone, files), []);
  const passage = `Shpigelglas arrived. Then Shpigelklas and Shpigelgras gave orders. ${alone}`;
  assert.deepEqual(garbledOf(passage, files), [
    ['Shpigelklas', 'spiegelglass'],
    ['Shpigelgras', 'spiegelglass'],
    ['Shpiglas', 'spiegelglass'],
  ]);
});

test('a feminine surname is another person, and a longer surname on the same stem another name', () => {
  const files = [person('serebryakov', 'Leonid Serebryakov'), person('rykov', 'Alexei Rykov')];
  assert.deepEqual(garbledOf('Leonid Serebryakov was tried; Serebiakova wrote novels.', files), []);
  assert.deepEqual(garbledOf('Alexei Rykov and Rykov again met Rakovsky, then Rykov left with Rakovsky.', files), []);
});

test('ts losing its s, an OCR digit in a short name, one letter lost from a long name', () => {
  const files = [person('krivitsky', 'Walter Krivitsky'), person('hiss', 'Alger Hiss'), person('dzerzhinsky', 'Felix Dzerzhinsky')];
  // None of them is named correctly nearby: each reading stands on its spelling alone.
  assert.deepEqual(garbledOf('In exile Krivitky wrote a book. Years later H1ss was convicted. Dzerrinsky founded the Cheka.', files), [
    ['Krivitky', 'krivitsky'],
    ['H1ss', 'hiss'],
    ['Dzerrinsky', 'dzerzhinsky'],
  ]);
});
