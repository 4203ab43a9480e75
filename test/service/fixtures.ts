import { loadLexicon } from '../../server/src/node/lexicon';
import { createLanguageService, type EntityFileInput, type LanguageService, type Position } from '../../server/src/service';

/** The word lists the server uses (built by `npm run build`). */
export const lexicon = loadLexicon((m) => {
  throw new Error(m);
});

/** A compact knowledge base for service tests; each entry's text is exactly what a user would write. */
export const ENTITIES: Record<string, string> = {
  stalin: `---
id: stalin
type: person
name: Joseph Stalin
aliases:
  - Iosif Vissarionovich Stalin
  - Koba
  - Dzhugashvili
born: "1878-12-18"
died: "1953-03-05"
roles:
  - General Secretary of the Party
wikidata: Q855
sources:
  - file: memoir.txt
    line: 2
    note: introduced
---
Georgian revolutionary who ruled the Soviet Union.
`,
  molotov: `---
id: molotov
type: person
name: Vyacheslav Molotov
aliases:
  - Vyacheslav Mikhailovich Molotov
  - Skryabin
---
Stalin's closest ally.
`,
  kamenev: `---
id: kamenev
type: person
name: Lev Kamenev
aliases:
  - Lev Borisovich Kamenev
  - Rosenfeld
---
Bolshevik leader.
`,
  'sergei-kamenev': `---
id: sergei-kamenev
type: person
name: Sergei Kamenev
aliases:
  - Sergei Sergeevich Kamenev
---
Red Army commander-in-chief.
`,
  blumkin: `---
id: blumkin
type: person
name: Yakov Blumkin
aliases:
  - Bliumkin
---
Chekist.
`,
  chambers: `---
id: chambers
type: person
name: Whittaker Chambers
---
American journalist.
`,
  pauker: `---
id: pauker
type: person
name: Karl Pauker
---
Head of the Kremlin guard.
`,
  wrangel: `---
id: wrangel
type: person
name: Pyotr Wrangel
aliases:
  - Vrangel
---
White general.
`,
  kutepov: `---
id: kutepov
type: person
name: Alexander Kutepov
aliases:
  - Alexander Pavlovich Kutepov
---
White general.
`,
  ogpu: `---
id: ogpu
type: organization
name: OGPU
aliases:
  - Unified State Political Directorate
---
Soviet political police, 1923-1934.
`,
  'central-committee': `---
id: central-committee
type: organization
name: Central Committee
---
The Party's governing body.
`,
};

export const KB_ROOT = 'file:///kb/';

export function entityFiles(ids = Object.keys(ENTITIES)): EntityFileInput[] {
  return ids.map((id) => ({ uri: `${KB_ROOT}${id}.md`, text: ENTITIES[id]!, layer: 'workspace' as const }));
}

/** Removes the `|` cursor marker and returns where it stood. */
export function withCursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf('|');
  if (at < 0) throw new Error('fixture has no | cursor marker');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = text.slice(0, at).split(/\r\n|\n|\r/);
  return { text, position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}

export function serviceWith(docs: Record<string, string>, files = entityFiles()): LanguageService {
  const service = createLanguageService(files, { lexicon });
  for (const [name, text] of Object.entries(docs)) service.updateSource({ uri: `file:///ws/${name}`, version: 1, text });
  return service;
}

/** The mentions of a text as `[written form, entity id, resolution]` triples. */
export function mentionsOf(text: string, files = entityFiles()): [string, string, string][] {
  const service = serviceWith({ 'doc.txt': text }, files);
  return service.analysis('file:///ws/doc.txt')!.mentions.map((m) => [m.text, m.entityId, m.resolution]);
}

/** The garbled-name readings of a text, as `[written, entity id]` pairs. */
export function garbledOf(text: string, files = entityFiles()): [string, string][] {
  const service = serviceWith({ 'doc.txt': text }, files);
  return service
    .analysis('file:///ws/doc.txt')!
    .mentions.filter((m) => m.garbled && !m.garbled.sameSounds)
    .map((m) => [m.text, m.entityId]);
}
