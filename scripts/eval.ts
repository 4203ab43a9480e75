// npm run eval: how well garbled names are found, on the corpus (development) and on texts kept
// aside (eval/heldout), how often clean prose raises a false alarm, and cspell on the same sets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLexicon } from '../server/src/node/lexicon';
import { createLanguageService, type Entity, type LanguageService, type Mention } from '../server/src/service';

interface Label {
  file: string;
  line: number;
  /** 1-based column, when the labeller gave one. */
  col?: number;
  text: string;
  entity: string;
  kind?: string;
}
interface LabelFile {
  garbled: Label[];
  correct?: Label[];
  traps?: { file: string; line: number; col?: number; text: string; why: string }[];
}

const ROOT = path.resolve(__dirname, '..');
const ENTITIES = path.join(ROOT, 'corpus/entities');
const entityFiles = readdirSync(ENTITIES)
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ uri: pathToFileURL(path.join(ENTITIES, f)).href, text: readFileSync(path.join(ENTITIES, f), 'utf8'), layer: 'builtin' as const }));
const lexicon = loadLexicon((m) => console.error(m));
const verbose = process.argv.includes('--verbose');

function serviceFor(dir: string, files: string[]): LanguageService {
  const service = createLanguageService(entityFiles, { lexicon });
  for (const f of files) service.updateSource({ uri: pathToFileURL(path.join(dir, f)).href, version: 1, text: readFileSync(path.join(dir, f), 'utf8') });
  return service;
}

/** The entity a label names: by canonical name, then by alias. */
function entityNamed(service: LanguageService, name: string): Entity | undefined {
  const all = service.kb.all();
  return all.find((e) => e.name === name) ?? all.find((e) => e.aliases.includes(name));
}

interface Located {
  mention: Mention;
  line: number;
  /** 1-based, like the labels. */
  col: number;
  endLine: number;
  endCol: number;
  file: string;
}

function mentionsByFile(service: LanguageService, dir: string, files: string[]): Located[] {
  const out: Located[] = [];
  for (const f of files) {
    const a = service.analysis(pathToFileURL(path.join(dir, f)).href)!;
    for (const m of a.mentions) {
      const { start, end } = a.rangeOf(m);
      out.push({ mention: m, line: start.line + 1, col: start.character + 1, endLine: end.line + 1, endCol: end.character + 1, file: f });
    }
  }
  return out;
}

/** Whether a finding and a label overlap: same file, and their spans share a character. */
function covers(g: Located, label: { file: string; line: number; col?: number; text: string }): boolean {
  if (g.file !== label.file) return false;
  const written = label.text.replace(/\s+/g, ' ');
  if (label.col === undefined) return g.line === label.line && (g.mention.text.replace(/\s+/g, ' ').includes(written) || written.includes(g.mention.text.replace(/\s+/g, ' ')));
  const lines = written.split('\n');
  const endLine = label.line + lines.length - 1;
  const endCol = (lines.length > 1 ? 1 : label.col) + lines[lines.length - 1]!.length;
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 < c2);
  return before(g.line, g.col, endLine, endCol) && before(label.line, label.col, g.endLine, g.endCol);
}

const words = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);

/** `detail` lists each miss and each unexpected warning; never for the held-out set, which is only measured. */
function evaluate(name: string, dir: string, labelFile: string, detail = verbose) {
  const labels: LabelFile = JSON.parse(readFileSync(labelFile, 'utf8'));
  const files = [...new Set([...labels.garbled, ...(labels.correct ?? [])].map((l) => l.file))].sort();
  const service = serviceFor(dir, files);
  const found = mentionsByFile(service, dir, files);
  const garbled = found.filter((f) => f.mention.garbled && !f.mention.garbled.sameSounds);
  // Spellings read as another romanization are reported too, as inconsistent spellings.
  const otherSpellings = found.filter((f) => f.mention.garbled?.sameSounds);
  const used = new Set<Located>();
  let asSpelling = 0;
  let rightFirst = 0;
  let wrongEntity = 0;
  const missed: string[] = [];
  for (const label of labels.garbled) {
    const entity = entityNamed(service, label.entity);
    const hit = garbled.find((g) => !used.has(g) && covers(g, label));
    if (!hit) {
      const spelling = otherSpellings.find((g) => covers(g, label));
      if (spelling && entity && spelling.mention.entityId === entity.id) {
        asSpelling++;
        missed.push(`${label.file}:${label.line} ${label.text} (${label.entity}): reported as another romanization, not as garbled`);
        continue;
      }
      missed.push(`${label.file}:${label.line} ${label.text} (${label.entity}${entity ? '' : ', not in the knowledge base'})`);
      continue;
    }
    used.add(hit);
    if (entity && hit.mention.entityId === entity.id) rightFirst++;
    else {
      wrongEntity++;
      missed.push(`${label.file}:${label.line} ${label.text}: said ${hit.mention.entityId}, expected ${label.entity}`);
    }
  }
  const unlabelled = garbled.filter((g) => !used.has(g));
  const traps = labels.traps ?? [];
  const trapHits = traps.filter((t) => garbled.some((g) => covers(g, t)));
  let recognized = 0;
  for (const c of labels.correct ?? []) {
    const entity = entityNamed(service, c.entity);
    const hit = found.find((f) => f.file === c.file && f.line === c.line && !f.mention.garbled && f.mention.text.replace(/\s+/g, ' ').includes(c.text.split(' ').pop()!) && (f.mention.entityId === entity?.id || f.mention.candidates?.includes(entity?.id ?? '')));
    if (hit) recognized++;
    else if (detail) console.log(`  not recognized: ${c.file}:${c.line} ${c.text} (${c.entity})`);
  }
  console.log(`\n## ${name} (${files.length} files, ${labels.garbled.length} garbled names)`);
  console.log(`garbled names flagged with the right entity first: ${rightFirst}/${labels.garbled.length} = ${pct(rightFirst, labels.garbled.length)} (recall)`);
  console.log(`precision of garbled-name warnings: ${rightFirst}/${garbled.length} = ${pct(rightFirst, garbled.length)} (${wrongEntity} named the wrong entity, ${unlabelled.length} not labelled garbled)`);
  if (asSpelling) console.log(`counting also those reported as another romanization (inconsistent-spelling, information): ${rightFirst + asSpelling}/${labels.garbled.length} = ${pct(rightFirst + asSpelling, labels.garbled.length)}`);
  if (labels.correct) console.log(`correctly spelled names recognized: ${recognized}/${labels.correct.length} = ${pct(recognized, labels.correct.length)}`);
  if (traps.length) console.log(`traps (close names, ordinary words, places, derived words) flagged: ${trapHits.length}/${traps.length}`);
  if (detail) {
    for (const m of missed) console.log(`  missed: ${m}`);
    for (const u of unlabelled) console.log(`  unlabelled warning: ${u.file}:${u.line} ${u.mention.text} → ${u.mention.entityId} (${u.mention.garbled!.reasons.join(', ')})`);
    for (const t of trapHits) console.log(`  trap flagged: ${t.file}:${t.line} ${t.text} (${t.why})`);
  }
  return { labels, files, service };
}

function falseAlarms(name: string, dir: string, detail = verbose) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  const service = serviceFor(dir, files);
  const found = mentionsByFile(service, dir, files).filter((f) => f.mention.garbled && !f.mention.garbled.sameSounds);
  const total = files.reduce((n, f) => n + words(readFileSync(path.join(dir, f), 'utf8')), 0);
  console.log(`\n## ${name} (${files.length} files, ${total} words)`);
  console.log(`false garbled-name warnings: ${found.length}, ${((found.length * 10000) / Math.max(total, 1)).toFixed(2)} per 10,000 words`);
  if (detail) for (const f of found) console.log(`  false alarm: ${f.file}:${f.line} ${f.mention.text} → ${f.mention.entityId}`);
  return { files, total };
}

async function cspellFigures(sets: { name: string; dir: string; labels: Label[] }[], cleanSets: { dir: string; files: string[]; total: number }[]) {
  const cspell = await import('cspell-lib');
  const service = createLanguageService(entityFiles);
  const nameWords = new Set<string>();
  const owner = new Map<string, string>();
  for (const e of service.kb.all()) {
    for (const form of [e.name, ...e.aliases]) {
      for (const w of form.split(/\s+/)) {
        if (!/^\p{Lu}\p{L}+$/u.test(w)) continue;
        nameWords.add(w);
        if (!owner.has(w)) owner.set(w, e.name);
      }
    }
  }
  const settings = cspell.mergeSettings(await cspell.getDefaultSettings(), { words: [...nameWords], language: 'en' });
  // As the cspell command does for a plain-text file: the language's dictionaries switched on.
  const forText = (text: string) => cspell.finalizeSettings(cspell.combineTextAndLanguageSettings(settings, text, ['plaintext']));
  const version = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/cspell-lib/package.json'), 'utf8')).version;
  console.log(`\n## cspell ${version} with the knowledge base's ${nameWords.size} name words as a dictionary`);
  for (const set of sets) {
    let flagged = 0;
    let first = 0;
    for (const label of set.labels) {
      const word = label.text.replace(/^1/, 'I').split(/[\s-]/).sort((a, b) => b.length - a.length)[0]!;
      const text = label.text.replace(/-/g, '');
      const issues = await cspell.validateText(text, forText(text));
      if (issues.length === 0) continue;
      flagged++;
      const result = await cspell.suggestionsForWord(word, { languageId: 'plaintext', locale: 'en', numSuggestions: 5 }, settings);
      const top = result.suggestions[0]?.word;
      const entity = top ? owner.get(top[0]!.toUpperCase() + top.slice(1)) : undefined;
      if (entity === label.entity || (entity && entityNamed(service, label.entity)?.name === entity)) first++;
    }
    console.log(`${set.name}: flags ${flagged}/${set.labels.length} = ${pct(flagged, set.labels.length)} of garbled names as unknown words; right person first in ${first}/${set.labels.length} = ${pct(first, set.labels.length)}`);
  }
  let unknown = 0;
  let total = 0;
  for (const clean of cleanSets) {
    total += clean.total;
    for (const f of clean.files) {
      const text = readFileSync(path.join(clean.dir, f), 'utf8');
      unknown += (await cspell.validateText(text, forText(text))).length;
    }
  }
  console.log(`clean prose (both parts): ${unknown} unknown-word reports, ${((unknown * 10000) / Math.max(total, 1)).toFixed(1)} per 10,000 words`);
}

async function main() {
  console.log(`Annalist evaluation: ${entityFiles.length} entities${verbose ? ' (details for the development sets only)' : ''}`);
  const at = (p: string) => path.join(ROOT, p);
  const dev = evaluate('development set 1: the sample corpus', at('corpus/sources'), at('eval/dev/labels.json'));
  const tune = evaluate('development set 2: eval/tune, passages written apart from the detector', at('eval/tune'), at('eval/tune/labels.json'));
  // The first held-out set, measured blind until 2026-11-21 and looked into after; see eval/README.md.
  const tuneB = evaluate('development set 3: eval/tune-b, the first held-out set, opened for tuning', at('eval/tune-b'), at('eval/tune-b/labels.json'));
  const cleanTune = falseAlarms('clean prose, development part (eval/clean-tune)', at('eval/clean-tune'));
  console.log('\n# Held out: measured only, never looked into while tuning');
  const held = evaluate('held-out set: eval/heldout, written after the detector was last tuned', at('eval/heldout'), at('eval/heldout/labels.json'), false);
  const clean = falseAlarms('clean prose, held-out part (eval/clean)', at('eval/clean'), false);
  if (!process.argv.includes('--no-cspell')) {
    await cspellFigures(
      [
        { name: 'development set 1 (corpus)', dir: '', labels: dev.labels.garbled },
        { name: 'development set 2', dir: '', labels: tune.labels.garbled },
        { name: 'development set 3', dir: '', labels: tuneB.labels.garbled },
        { name: 'held-out set', dir: '', labels: held.labels.garbled },
      ],
      [
        { dir: at('eval/clean-tune'), ...cleanTune },
        { dir: at('eval/clean'), ...clean },
      ],
    );
  }
}

void main();
