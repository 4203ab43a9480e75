// Keeps the shipped knowledge base honest: it loads cleanly, covers the Bazhanov index, and
// agrees with the translator's notes on life dates or says why not.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createLanguageService, type Entity } from '../../server/src/service';
import { loadLexicon } from '../../server/src/node/lexicon';
import { BAZHANOV, readIndex } from './bazhanovIndex';

const ENTITIES = path.resolve(__dirname, '../../corpus/entities');
const BOOK = path.basename(BAZHANOV);
const files = readdirSync(ENTITIES)
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ uri: pathToFileURL(path.join(ENTITIES, f)).href, text: readFileSync(path.join(ENTITIES, f), 'utf8'), layer: 'builtin' as const }));
const service = createLanguageService(files, { lexicon: loadLexicon() });
/** Merges the JSON files named `<prefix>*.json` beside this test: line number → reason or entity id. */
function table(prefix: string): Record<string, string> {
  return Object.assign(
    {},
    ...readdirSync(__dirname)
      .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(__dirname, f), 'utf8')) as Record<string, string>),
  );
}
/** Index entries that are neither a person nor an organization (places, events, ideas), or misprinted beyond recognition, with the reason. */
const exceptions = table('index-exceptions');
/** Note lines whose name is misprinted, so recognition cannot place it: line → "entity-id: why". */
const noteNames = table('note-names');

/** The entities named in `text`, after a context paragraph that is itself left out. */
function namedAfter(context: string, text: string): string[] {
  const uri = 'file:///probe.txt';
  service.updateSource({ uri, version: context + text, text: context + text });
  return service.analysis(uri)!.mentions.filter((m) => m.start >= context.length).flatMap((m) => m.candidates ?? [m.entityId]);
}

/** The entities a piece of text names, ambiguous candidates included. */
function named(text: string): string[] {
  const uri = 'file:///probe.txt';
  service.updateSource({ uri, version: text, text });
  return service.analysis(uri)!.mentions.flatMap((m) => m.candidates ?? [m.entityId]);
}

test('every entity file validates, and no alias is claimed twice unless marked as shared', () => {
  const problems = service.kb.fileUris.flatMap((uri) => service.diagnostics(uri).map((d) => `${path.basename(uri)}:${d.range.start.line + 1}: ${d.message}`));
  assert.deepEqual(problems, []);
  assert.equal(service.kb.size, files.length);
});

test('every file is named after its id', () => {
  const wrong = service.kb.all().filter((e) => path.basename(e.uri) !== `${e.id}.md`).map((e) => `${path.basename(e.uri)} has id ${e.id}`);
  assert.deepEqual(wrong, []);
});

test('every person and organization of the Bazhanov index has an entry that cites its index line and recognizes its name', () => {
  const bySource = new Map<number, Entity[]>();
  for (const e of service.kb.all()) {
    for (const s of e.sources) if (s.file === BOOK) bySource.set(s.line, [...(bySource.get(s.line) ?? []), e]);
  }
  const missing: string[] = [];
  for (const entry of readIndex()) {
    const key = String(entry.lineNumber);
    if (exceptions[key]) continue;
    const entities = bySource.get(entry.lineNumber);
    if (!entities?.length) {
      missing.push(`${entry.lineNumber}: ${entry.line.slice(0, 60)} (no entity cites this line)`);
      continue;
    }
    const probe = entry.person ? `${(entry.forenames ?? '').replace(/\b(Marshal|General|Professor|Minister|Ambassador|Prime Minister|Dr\.|Sir|Baron|Lt\. Col\.|British Consul)\s*/g, '')} ${entry.headword}`.trim() : entry.headword;
    // The index's own form must lead to the entry: as a known form, or read as a variant of the
    // name when the entry is named just before it (as the index line's neighbours would).
    if (!entities.some((e) => named(probe).includes(e.id) || namedAfter(`${e.name} was there.\n\n`, probe).includes(e.id))) {
      missing.push(`${entry.lineNumber}: “${probe}” is not recognized as ${entities.map((e) => e.id).join(' or ')}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every misprinted note name is mapped to an existing entity, with a reason', () => {
  for (const [line, value] of Object.entries(noteNames)) {
    const [id, reason] = value.split(/:\s*/, 2);
    assert.ok(service.kb.get(id!), `note line ${line} maps to unknown entity ${id}`);
    assert.ok((reason ?? '').length > 10, `note line ${line} needs a reason after the id`);
  }
});

test('every exception to index coverage gives a reason and still names an index line', () => {
  const lines = new Set(readIndex().map((e) => String(e.lineNumber)));
  for (const [line, reason] of Object.entries(exceptions)) {
    assert.ok(lines.has(line), `exception for line ${line}, which is not an index entry`);
    assert.ok(reason.length > 10, `exception for line ${line} needs a reason`);
  }
});

interface NoteDates {
  line: number;
  name: string;
  born: string;
  died?: string;
}

/** Life dates the translator gives in the notes: "A. S. Bubnov (1883-1940)". */
function noteDates(): NoteDates[] {
  const text = readFileSync(BAZHANOV, 'utf8').split('\n');
  const end = text.findIndex((l) => l.trim() === 'Page 277');
  const out: NoteDates[] = [];
  const pattern = /((?:[A-Z]\. ?){1,3}[A-Z][\p{L}'-]+) \((\d{4})\s*[-–]?\s*(\d{4}|\?)?/gu;
  text.slice(0, end).forEach((line, i) => {
    for (const m of line.matchAll(pattern)) out.push({ line: i + 1, name: m[1]!, born: m[2]!, died: m[3] === '?' ? undefined : m[3] });
  });
  return out;
}

test('life dates agree with the translator’s notes, or the entry says why not', () => {
  const notes = noteDates();
  assert.ok(notes.length > 50, `only ${notes.length} dated notes found`);
  const disagreements: string[] = [];
  for (const note of notes) {
    const fixed = noteNames[String(note.line)]?.split(':')[0];
    const ids = fixed ? [fixed] : named(note.name);
    if (ids.length !== 1) {
      disagreements.push(`line ${note.line}: “${note.name}” names ${ids.length ? ids.join(' or ') : 'no entity'}`);
      continue;
    }
    const e = service.kb.get(ids[0]!)!;
    for (const [field, year] of [['born', note.born], ['died', note.died]] as const) {
      if (!year) continue;
      const ours = e[field]?.replace(/^c\. ?/, '').slice(0, 4);
      if (ours === year) continue;
      if (e.dateNote?.includes(year)) continue;
      disagreements.push(`line ${note.line}: note says ${note.name} ${field} ${year}; ${e.id} has ${e[field] ?? 'nothing'} and no dateNote mentioning ${year}`);
    }
  }
  assert.deepEqual(disagreements, []);
});
