// One person written several legitimate ways in one document (Bliumkin 48 times, Blumkin 6):
// each minority spelling is reported with the counts and the preferred form.
import type { DocumentAnalysis } from '../analysis';
import type { KnowledgeBase } from '../kb/knowledgeBase';
import type { Mention } from '../recognition/mentions';
import { foldKey } from '../text/normalize';
import { soundDistance, spell } from './sounds';

/** Which spelling a document should settle on. */
export type SpellingPreference = 'majority' | 'canonical';

export interface SpellingFinding {
  /** Offsets of the word that is spelled the other way. */
  start: number;
  end: number;
  entityId: string;
  written: string;
  preferred: string;
  /** Every spelling of the name in the document, most frequent first. */
  counts: [string, number][];
  /** The word is no form the knowledge base knows, only sounds like one. */
  unrecorded: boolean;
}

/** A spelling counts as the same name spelled otherwise when it sounds this close. */
const SAME_NAME = 0.2;

export function inconsistentSpellings(analysis: DocumentAnalysis, kb: KnowledgeBase, preference: SpellingPreference): SpellingFinding[] {
  const byEntity = new Map<string, { canonical: string; uses: { m: Mention; word: string; key: string; start: number }[] }>();
  // A book names the same few hundred people thousands of times: each one's surname is looked up and folded once.
  const canonicals = new Map<string, { name: string; key: string } | null>();
  for (const m of analysis.mentions) {
    if (m.resolution === 'ambiguous' || (m.garbled && !m.garbled.sameSounds)) continue;
    let canonical = canonicals.get(m.entityId);
    if (canonical === undefined) {
      const entity = kb.get(m.entityId);
      const name = entity && entity.type === 'person' ? (entity.surname ?? entity.name.split(/\s+/).pop()!) : null;
      canonicals.set(m.entityId, (canonical = name === null ? null : { name, key: foldKey(name) }));
    }
    if (canonical === null) continue;
    const last = lastWordOf(m.text);
    if (last.key !== canonical.key && !sameName(last.word, canonical.name)) continue;
    let entry = byEntity.get(m.entityId);
    if (!entry) byEntity.set(m.entityId, (entry = { canonical: canonical.name, uses: [] }));
    entry.uses.push({ m, word: last.word, key: last.key, start: m.start + last.offset });
  }
  const out: SpellingFinding[] = [];
  for (const [entityId, { canonical, uses }] of byEntity) {
    const counts = new Map<string, number>();
    const display = new Map<string, string>();
    for (const u of uses) {
      counts.set(u.key, (counts.get(u.key) ?? 0) + 1);
      if (!display.has(u.key)) display.set(u.key, u.word);
    }
    if (counts.size < 2) continue;
    const canonicalKey = foldKey(canonical);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] === canonicalKey ? -1 : b[0] === canonicalKey ? 1 : 0));
    const preferredKey = preference === 'canonical' ? canonicalKey : ranked[0]![0];
    const preferred = preferredKey === canonicalKey ? canonical : display.get(preferredKey)!;
    const shown: [string, number][] = ranked.map(([k, n]) => [k === canonicalKey && !display.has(k) ? canonical : display.get(k)!, n]);
    for (const u of uses) {
      if (u.key === preferredKey) continue;
      out.push({
        start: u.start,
        end: u.start + lastWordOf(u.m.text).length,
        entityId,
        written: u.word,
        preferred,
        counts: shown,
        unrecorded: !!u.m.garbled,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const lastWords = new Map<string, { word: string; key: string; offset: number; length: number }>();

/** The last word of a mention's text, healed of a line-end hyphen, and its fold; texts recur, so remembered. */
function lastWordOf(text: string): { word: string; key: string; offset: number; length: number } {
  let found = lastWords.get(text);
  if (!found) {
    const last = lastWord({ text } as Mention);
    const word = last.text.replace(/-[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '');
    found = { word, key: foldKey(word), offset: last.offset, length: last.text.length };
    if (lastWords.size > 50_000) lastWords.clear();
    lastWords.set(text, found);
  }
  return found;
}

/** The last word of a mention ("Blumkin" of "Yakov Blumkin"), keeping a line-end hyphen break inside it. */
const sameNames = new Map<string, boolean>();

/** Whether a written word spells the canonical surname another way; pairs recur, so remembered. */
function sameName(word: string, canonical: string): boolean {
  const key = `${word}\u0000${canonical}`;
  let same = sameNames.get(key);
  if (same === undefined) {
    same = !!soundDistance(spell(word).sounds, spell(canonical).sounds, SAME_NAME);
    if (sameNames.size > 50_000) sameNames.clear();
    sameNames.set(key, same);
  }
  return same;
}

function lastWord(m: Mention): { text: string; offset: number } {
  const t = m.text;
  for (let i = t.length - 1; i > 0; i--) {
    if (!/\s/.test(t[i]!)) continue;
    const before = t.slice(0, i).replace(/\s+$/, '');
    if (before.endsWith('-') && /[\r\n]/.test(t.slice(before.length, i + 1))) {
      i = before.length;
      continue;
    }
    return { text: t.slice(i + 1), offset: i + 1 };
  }
  return { text: t, offset: 0 };
}
