import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService, KbCode, type EntityFileInput, type ServiceDiagnostic } from '../../server/src/service';
import { entityFiles } from './fixtures';

const file = (name: string, text: string, layer: EntityFileInput['layer'] = 'workspace'): EntityFileInput => ({
  uri: `file:///kb/${name}`,
  text,
  layer,
});

function load(...files: EntityFileInput[]) {
  const service = createLanguageService([...entityFiles(['stalin']), ...files]);
  const problems = (name: string): ServiceDiagnostic[] => service.diagnostics(`file:///kb/${name}`);
  return { service, problems };
}

/** `[code, 0-based line]` of each problem, to check both what and where. */
const where = (ds: ServiceDiagnostic[]) => ds.map((d) => [d.code, d.range.start.line]);

test('invalid YAML is reported at the faulty line and the rest still loads', () => {
  const { service, problems } = load(file('bad.md', '---\nid: bad\ntype: person\nname: [unclosed\n---\nx\n'));
  const ds = problems('bad.md');
  assert.deepEqual(where(ds), [[KbCode.YamlSyntax, 3]]);
  assert.match(ds[0]!.message, /^Invalid YAML: .*\(it opens here\)$/);
  assert.equal(service.kb.get('bad'), undefined);
  assert.ok(service.kb.get('stalin'));
});

test('an unterminated quote is reported where it opens, not where the parser gave up', () => {
  const { problems } = load(file('q.md', '---\nid: q\nname: "Unterminated\ntype: person\nroles: []\n---\n'));
  assert.deepEqual(where(problems('q.md')), [[KbCode.YamlSyntax, 2]]);
});

test('a repeated field is reported at the repetition', () => {
  const { problems } = load(file('r.md', '---\nid: r\ntype: person\nname: Ar\nname: Are\n---\n'));
  assert.deepEqual(where(problems('r.md')), [[KbCode.YamlSyntax, 4]]);
});

test('a file without front matter says how an entry begins', () => {
  const { problems } = load(file('plain.md', '# Just notes\n'));
  assert.deepEqual(where(problems('plain.md')), [[KbCode.NoFrontMatter, 0]]);
});

test('a missing id or name leaves the entry out, with a message naming the field', () => {
  const { service, problems } = load(file('noid.md', '---\ntype: person\nname: Nobody\n---\n'), file('noname.md', '---\nid: anon\ntype: person\n---\n'));
  assert.deepEqual(where(problems('noid.md')), [[KbCode.MissingField, 0]]);
  assert.match(problems('noid.md')[0]!.message, /`id`/);
  assert.match(problems('noname.md')[0]!.message, /`name`/);
  assert.equal(service.kb.get('anon'), undefined);
  assert.equal(service.kb.size, 1);
});

test('an unknown type is reported on the type line', () => {
  const { service, problems } = load(file('t.md', '---\nid: t\ntype: persn\nname: Tee\n---\n'));
  assert.deepEqual(where(problems('t.md')), [[KbCode.InvalidField, 2]]);
  assert.match(problems('t.md')[0]!.message, /person.*organization.*"persn"/);
  assert.equal(service.kb.get('t'), undefined);
});

test('a malformed date is an error at its line, and the entry loads without it', () => {
  const { service, problems } = load(file('d.md', '---\nid: d\ntype: person\nname: Dee Dee\nborn: Dec 1879\ndied: 1950\n---\n'));
  assert.deepEqual(where(problems('d.md')), [[KbCode.InvalidField, 4]]);
  assert.equal(service.kb.get('d')?.born, undefined);
  assert.equal(service.kb.get('d')?.died, '1950');
});

test('an unknown field is a warning at its key, not a lost entry', () => {
  const { service, problems } = load(file('u.md', '---\nid: u\ntype: person\nname: You\ndies: "1940"\n---\n'));
  const [d] = problems('u.md');
  assert.equal(d!.severity, 'warning');
  assert.deepEqual(where([d!]), [[KbCode.UnknownField, 4]]);
  assert.ok(service.kb.get('u'));
});

test('a duplicate id is reported in both files and only the first loads', () => {
  const { service, problems } = load(
    file('a.md', '---\nid: twin\ntype: person\nname: First Twin\n---\n'),
    file('b.md', '---\n# comment\nid: twin\ntype: person\nname: Second Twin\n---\n'),
  );
  assert.deepEqual(where(problems('a.md')), [[KbCode.DuplicateId, 1]]);
  assert.deepEqual(where(problems('b.md')), [[KbCode.DuplicateId, 2]]);
  assert.equal(service.kb.get('twin')?.name, 'First Twin');
});

test('an alias claimed by two entities is reported at the alias in both', () => {
  const { problems } = load(
    file('x.md', '---\nid: x\ntype: person\nname: Ex Person\naliases:\n  - The Chief\n---\n'),
    file('y.md', '---\nid: y\ntype: person\nname: Why Person\naliases:\n  - Other\n  - the chief\n---\n'),
  );
  assert.deepEqual(where(problems('x.md')), [[KbCode.AliasConflict, 5]]);
  assert.deepEqual(where(problems('y.md')), [[KbCode.AliasConflict, 6]]);
});

test('an alias both entries list under sharedAliases is not a conflict, and its mentions are ambiguous', () => {
  const { service, problems } = load(
    file('x.md', '---\nid: x\ntype: person\nname: Ex Person\naliases: [The Chief]\nsharedAliases: [The Chief]\n---\n'),
    file('y.md', '---\nid: y\ntype: person\nname: Why Person\naliases: [The Chief]\nsharedAliases: [The Chief]\n---\n'),
  );
  assert.deepEqual(problems('x.md'), []);
  assert.deepEqual(problems('y.md'), []);
  service.updateSource({ uri: 'file:///ws/d.txt', version: 1, text: 'The Chief spoke.' });
  const [m] = service.analysis('file:///ws/d.txt')!.mentions;
  assert.equal(m!.resolution, 'ambiguous');
  assert.deepEqual(m!.candidates, ['x', 'y']);
});

test('a workspace entry replaces the built-in entry with the same id', () => {
  const service = createLanguageService([
    file('builtin/stalin.md', '---\nid: stalin\ntype: person\nname: Joseph Stalin\n---\nbuilt in\n', 'builtin'),
    file('ws/stalin.md', '---\nid: stalin\ntype: person\nname: Iosif Stalin\n---\nmine\n'),
  ]);
  assert.equal(service.kb.get('stalin')?.name, 'Iosif Stalin');
  assert.deepEqual(service.diagnostics('file:///kb/ws/stalin.md'), []);
});

test('the name line is where go-to-definition lands', () => {
  const { service } = load();
  assert.deepEqual(service.kb.get('stalin')!.nameRange.start, { line: 3, character: 6 });
});

test('numeric and partial dates are kept as written', () => {
  const { service } = load(file('p.md', '---\nid: p\ntype: person\nname: Pee\nborn: 1890\ndied: "c. 1938"\n---\n'));
  assert.equal(service.kb.get('p')?.born, '1890');
  assert.equal(service.kb.get('p')?.died, 'c. 1938');
});

test('editing an entry changes recognition at once', () => {
  const service = createLanguageService(entityFiles(['stalin']));
  service.updateSource({ uri: 'file:///ws/d.txt', version: 1, text: 'Soso was young.' });
  assert.equal(service.analysis('file:///ws/d.txt')!.mentions.length, 0);
  service.setEntityFiles([file('stalin.md', '---\nid: stalin\ntype: person\nname: Joseph Stalin\naliases: [Soso]\n---\n')]);
  assert.equal(service.analysis('file:///ws/d.txt')!.mentions[0]?.entityId, 'stalin');
});

test('an entity file with old Mac line endings (a lone CR) reads like any other', () => {
  const { service, problems } = load(file('cr.md', '---\rid: cr\rtype: person\rname: Sea Are\raliases:\r  - Sea\r---\rA life.\r'));
  assert.deepEqual(problems('cr.md'), []);
  assert.equal(service.kb.get('cr')?.name, 'Sea Are');
  assert.deepEqual(service.kb.get('cr')?.nameRange.start, { line: 3, character: 6 });
});
