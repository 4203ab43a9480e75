// Reads the back-of-book index of the Bazhanov memoir (after the line `Page 277`) as data:
// its headwords are the people and bodies the knowledge base must cover.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const BAZHANOV = path.resolve(__dirname, '../../corpus/sources/bazhanov-damnation-of-stalin.txt');

export interface IndexEntry {
  /** The words before the first comma or parenthesis: "Agabekov", "Sverdlov", "CPSU". */
  headword: string;
  /** The whole first line of the entry. */
  line: string;
  /** 1-based line number in the memoir. */
  lineNumber: number;
  /** "Surname, Forename ..." or "Surname (fnu ...)": the index's own way of naming a person. */
  person: boolean;
  /** The forenames when given: "Georgy Sergeevich". */
  forenames?: string;
}

const HEAD = /^(?:p )?([A-Z][\p{L}'’.-]*(?:[ -][A-Z][\p{L}'’.-]*)*)(?=,|\s*\(|\s*$|\s+[a-z(])/u;

export function readIndex(text = readFileSync(BAZHANOV, 'utf8')): IndexEntry[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'Page 277');
  const sections = new Map<string, IndexEntry[]>();
  let letter = '';
  for (let i = start + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (/^[A-Z]$/.test(line)) {
      letter = line;
      continue;
    }
    if (!letter || /^Page \w+$/.test(line)) continue;
    const m = HEAD.exec(line.replace(/^p /, ''));
    if (!m || m[1]![0] !== letter) continue;
    const headword = m[1]!.trim();
    const rest = line.replace(/^p /, '').slice(m[0].length);
    const forenames = /^,\s*([A-Z][\p{L}'’.-]*(?: [A-Z][\p{L}'’.-]*)*)/u.exec(rest)?.[1];
    const person = /^\s*\(fnu/.test(rest) || (!!forenames && !/^(The|See)\b/.test(forenames));
    const list = sections.get(letter) ?? [];
    list.push({ headword, line, lineNumber: i + 1, person, ...(person && forenames ? { forenames } : {}) });
    sections.set(letter, list);
  }
  // Sub-entries that happen to start with the section's letter break the alphabetical order;
  // the longest ordered run of headwords is the index proper.
  return [...sections.values()].flatMap(longestOrderedRun);
}

function longestOrderedRun(entries: IndexEntry[]): IndexEntry[] {
  const key = (e: IndexEntry) => e.headword;
  const n = entries.length;
  const best = new Array<number>(n).fill(1);
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (key(entries[j]!) <= key(entries[i]!) && best[j]! + 1 > best[i]!) {
        best[i] = best[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let end = best.indexOf(Math.max(...best));
  const run: IndexEntry[] = [];
  while (end >= 0) {
    run.unshift(entries[end]!);
    end = prev[end]!;
  }
  return run;
}
