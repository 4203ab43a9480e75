// The fix-all actions over the real sample corpus: every one replaces exactly the spellings the
// diagnostics flagged, as many as its title says, and leaves every other character in place.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type ServiceDiagnostic, type TextEdit } from '../../server/src/service';
import { foldKey } from '../../server/src/service/text/normalize';
import { lexicon } from './fixtures';

const CORPUS = path.resolve(__dirname, '../../corpus');
const read = (dir: string) =>
  readdirSync(path.join(CORPUS, dir)).map((f) => ({ uri: pathToFileURL(path.join(CORPUS, dir, f)).href, text: readFileSync(path.join(CORPUS, dir, f), 'utf8') }));
const entities = read('entities').filter((f) => f.uri.endsWith('.md'));
const sources = read('sources');
const service = createLanguageService(entities.map((f) => ({ ...f, layer: 'workspace' as const })), { lexicon });
for (const s of sources) service.updateSource({ uri: s.uri, version: 1, text: s.text });
const textOf = new Map(sources.map((s) => [s.uri, s.text]));

const FIXABLE = new Set(['garbled-name', 'inconsistent-spelling']);
const flagged = new Map(sources.map((s) => [s.uri, service.diagnostics(s.uri).filter((d) => FIXABLE.has(String(d.code)))]));
const key = (d: ServiceDiagnostic) => `${d.data?.entityId} ${foldKey(String(d.data?.written).replace(/\s+/g, ' '))}`;

/** Each file's text with the edits applied, checking first that they do not overlap. */
function applied(uri: string, edits: TextEdit[]): string {
  const doc = TextDocument.create(uri, 'plaintext', 1, textOf.get(uri)!);
  const offsets = edits.map((e) => [doc.offsetAt(e.range.start), doc.offsetAt(e.range.end)] as const).sort((a, b) => a[0] - b[0]);
  offsets.forEach(([start], i) => assert.ok(i === 0 || start >= offsets[i - 1]![1], `overlapping edits in ${uri}`));
  return TextDocument.applyEdits(doc, edits);
}

test('every fix-all over the corpus replaces exactly the flagged spellings, as many as its title says', (t) => {
  const seen = new Set<string>();
  let checked = 0;
  for (const [uri, diagnostics] of flagged) {
    for (const d of diagnostics) {
      if (seen.has(key(d))) continue;
      seen.add(key(d));
      for (const action of service.codeActions(uri, d.range, [d])) {
        const count = /^Replace all (\d+) /.exec(action.title)?.[1];
        if (!count) continue;
        checked++;
        let edits = 0;
        for (const change of action.edit.changes) {
          const text = textOf.get(change.uri);
          assert.ok(text !== undefined, `${action.title}: edits ${change.uri}, which is not a source`);
          const expected = flagged.get(change.uri)!.filter((x) => key(x) === key(d));
          assert.equal(change.edits.length, expected.length, `${action.title}: ${change.edits.length} edits in ${path.basename(change.uri)}, ${expected.length} flagged`);
          assert.deepEqual(change.edits.map((e) => e.range).sort(byStart), expected.map((x) => x.range).sort(byStart));
          // Outside the edited ranges the text is unchanged: undoing each edit gives the original back.
          const doc = TextDocument.create(change.uri, 'plaintext', 1, text);
          const undo = change.edits.map((e) => ({ original: doc.getText(e.range), at: doc.offsetAt(e.range.start), newText: e.newText }));
          let after = applied(change.uri, change.edits);
          // Front to back: once the earlier edits are undone, each later one is at its own offset.
          for (const u of undo.sort((a, b) => a.at - b.at)) {
            assert.equal(after.slice(u.at, u.at + u.newText.length), u.newText);
            after = after.slice(0, u.at) + u.original + after.slice(u.at + u.newText.length);
          }
          assert.equal(after, text);
          edits += change.edits.length;
        }
        assert.equal(edits, Number(count), action.title);
      }
    }
  }
  assert.ok(checked >= 10, `only ${checked} fix-all actions in the corpus`);
  t.diagnostic(`${checked} fix-all actions checked`);
});

const byStart = (a: TextEdit['range'], b: TextEdit['range']) => a.start.line - b.start.line || a.start.character - b.start.character;
