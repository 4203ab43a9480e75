import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityFiles, serviceWith, withCursor } from './fixtures';

function hoverAt(marked: string, others: Record<string, string> = {}, files = entityFiles()) {
  const { text, position } = withCursor(marked);
  const service = serviceWith({ 'memoir.txt': text, ...others }, files);
  return service.hover('file:///ws/memoir.txt', position);
}

test('the card gives name, life dates, roles and biography', () => {
  const h = hoverAt('The secretary, Sta|lin, came in.');
  assert.ok(h);
  assert.match(h.markdown, /^\*\*Joseph Stalin\*\* \(18 December 1878 – 5 March 1953\)/);
  assert.match(h.markdown, /\*General Secretary of the Party\*/);
  assert.match(h.markdown, /Georgian revolutionary who ruled the Soviet Union\./);
  assert.deepEqual(h.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 21 } });
});

test('the card works on every spelling and lists the spellings found in the document', () => {
  const h = hoverAt('Stalin, that is Koba, and Stalin again; Dzhugash|vili.');
  assert.ok(h);
  assert.match(h.markdown, /\*\*Joseph Stalin\*\*/);
  assert.match(h.markdown, /Written here as “Stalin” ×2, “Dzhugashvili” ×1, “Koba” ×1/);
});

test('the card counts mentions in this document and across the workspace', () => {
  const h = hoverAt('Sta|lin and Koba.', { 'other.txt': 'Stalin, Stalin, Stalin.', 'none.txt': 'Nobody here.' });
  assert.ok(h);
  assert.match(h.markdown, /2 mentions in this document, 5 in the workspace \(2 files\)/);
});

test('the card links to Wikidata, to the entry, and to where the corpus describes the entity', () => {
  const h = hoverAt('Sta|lin\nand the second line.');
  assert.ok(h);
  assert.match(h.markdown, /\[Wikidata Q855\]\(https:\/\/www\.wikidata\.org\/wiki\/Q855\)/);
  assert.match(h.markdown, /\[Knowledge-base entry\]\(file:\/\/\/kb\/stalin\.md#L4\)/);
  assert.match(h.markdown, /\[memoir\\\.txt:2 \(introduced\)\]\(file:\/\/\/ws\/memoir\.txt#L2\)/);
});

test('no Wikidata link when the entry has no id', () => {
  const h = hoverAt('Blum|kin');
  assert.ok(h);
  assert.doesNotMatch(h.markdown, /wikidata/i);
});

test('a card for a shared surname settled by context says so', () => {
  const h = hoverAt('Lev Kamenev spoke. Then Kame|nev sat down.');
  assert.ok(h);
  assert.match(h.markdown, /^\*\*Lev Kamenev\*\*/);
  assert.match(h.markdown, /Taken as Lev Kamenev from “Lev Kamenev” nearby \(line 1\); could also be Sergei Kamenev\./);
});

test('an ambiguous mention lists every candidate with a link to each entry', () => {
  const h = hoverAt('Kame|nev sat down.');
  assert.ok(h);
  assert.match(h.markdown, /\*\*Kamenev\*\* could be any of/);
  assert.match(h.markdown, /\[Lev Kamenev\]\(file:\/\/\/kb\/kamenev\.md#L4\)/);
  assert.match(h.markdown, /\[Sergei Kamenev\]\(file:\/\/\/kb\/sergei-kamenev\.md#L4\)/);
});

test('no card away from a name', () => {
  assert.equal(hoverAt('The sec|retary came.'), undefined);
});

test('the cursor at either edge of a name still hovers it', () => {
  assert.ok(hoverAt('|Stalin came.'));
  assert.ok(hoverAt('Stalin| came.'));
});

test('organizations show founding and dissolution dates', () => {
  const files = entityFiles(['ogpu']).map((f) => ({ ...f, text: f.text.replace('type: organization', 'type: organization\nfounded: "1923-11"\ndissolved: "1934-07-10"') }));
  const h = hoverAt('the OG|PU', {}, files);
  assert.ok(h);
  assert.match(h.markdown, /\*\*OGPU\*\* \(November 1923 – 10 July 1934\)/);
});

test('knowledge-base text cannot inject links, HTML or formatting into the card', () => {
  const hostile = {
    uri: 'file:///kb/evil.md',
    layer: 'workspace' as const,
    text: '---\nid: evil\ntype: person\nname: "Evil [click](command:workbench.action.quit) *Man*"\naliases: [Evil]\nroles: ["<img src=x onerror=alert(1)>"]\n---\nSee [here](command:rm) and <script>alert(1)</script>.\n',
  };
  const h = hoverAt('Ev|il came.', {}, [hostile]);
  assert.ok(h);
  assert.doesNotMatch(h.markdown, /\]\(command:/);
  assert.doesNotMatch(h.markdown, /<script|<img/);
  assert.match(h.markdown, /Evil \\\[click\\\]\\\(command:workbench\\\.action\\\.quit\\\) \\\*Man\\\*/);
});

test('a note on disputed dates is shown on the card', () => {
  const files = entityFiles(['stalin']).map((f) => ({ ...f, text: f.text.replace('roles:', 'dateNote: The memoir gives 1879, the official date.\nroles:') }));
  const h = hoverAt('Sta|lin', {}, files);
  assert.match(h!.markdown, /On the dates: The memoir gives 1879, the official date\\\./);
});

test('a very long biography is cut short on the card, at a sentence', () => {
  const long = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} about him.`).join(' ');
  const files = entityFiles(['stalin']).map((f) => ({ ...f, text: f.text.replace('Georgian revolutionary who ruled the Soviet Union.', long) }));
  const h = hoverAt('Sta|lin', {}, files);
  assert.ok(h!.markdown.length < 3000, `${h!.markdown.length} characters`);
  assert.match(h!.markdown, /about him\. … \(the rest is in the entry\)/);
});
