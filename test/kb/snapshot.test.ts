import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { snapshotParser, writeSnapshot } from '../../server/src/node/kbSnapshot';
import { parseEntityFile } from '../../server/src/service';

const ENTITIES = path.resolve(__dirname, '../../corpus/entities');

test('the build-time snapshot gives exactly what parsing gives, and parses what it does not hold', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'annalist-snap-')), 'kb-snapshot.json');
  const count = writeSnapshot(ENTITIES, file);
  const parse = snapshotParser(file);
  const names = readdirSync(ENTITIES).filter((f) => f.endsWith('.md'));
  assert.ok(count > 100 && count <= names.length);
  // Compared as data: fields left undefined by the parser are simply absent from the snapshot.
  const plain = (p: ReturnType<typeof parseEntityFile>) => JSON.parse(JSON.stringify({ ...p, formRanges: [...p.formRanges] })) as unknown;
  for (const name of names) {
    const input = { uri: `file:///ws/entities/${name}`, text: readFileSync(path.join(ENTITIES, name), 'utf8'), layer: 'workspace' as const };
    assert.deepEqual(plain(parse(input)), plain(parseEntityFile(input)), name);
  }
  const edited = { uri: 'file:///ws/x.md', text: '---\nid: x\ntype: person\nname: Someone New\n---\n', layer: 'workspace' as const };
  assert.equal(parse(edited).entity?.name, 'Someone New');
});
