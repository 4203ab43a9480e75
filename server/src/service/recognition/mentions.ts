import type { KnowledgeBase } from '../kb/knowledgeBase';

import { scanTokens, Tokens } from '../text/tokenize';
import type { Resolution } from '../types';
import type { FormEntry } from './nameIndex';

export interface Mention {
  start: number;
  end: number;
  /** As written in the document. */
  text: string;
  /** The entity meant; for an ambiguous mention, the first candidate. */
  entityId: string;
  resolution: Resolution;
  /** Every entity the words could name, when there is more than one. */
  candidates?: string[];
  /** Set when a shared name was settled by a nearby unambiguous mention. */
  resolvedBy?: { start: number; end: number };
  /** Set when the words are no known form but most likely a garbled spelling of the entity. */
  garbled?: Garbling;
}

export interface Garbling {
  /** The spelling to put in its place. */
  replacement: string;
  /** The knowledge-base form it was matched against. */
  target: string;
  /** 0 for the same sounds, up to about a third for a heavily garbled name. */
  distance: number;
  /** What differs, in words: "l/r exchanged", "split by a hyphen". */
  reasons: string[];
  /** Resolved mentions of the same entity in the document, which made the reading likely. */
  support: number;
  /**
   * Only the spelling differs, not the sounds (Staline, Koutepov): another transliteration
   * rather than a corruption, reported as an inconsistent spelling.
   */
  sameSounds: boolean;
}

/** A shared surname is settled only by an unambiguous mention this close, in characters. */
export const CONTEXT_WINDOW = 1500;

/** A match of a known form, before the document decides what it means. */
export interface RawMatch {
  start: number;
  end: number;
  entries: FormEntry[];
  ids: string[];
  /** A lone word at a sentence start, such as "Chambers", which might be an ordinary word. */
  weak: boolean;
  /** The weak word in lower case, to look for it written so; empty when not weak. */
  word: string;
}

type Raw = RawMatch;

/** Every known form in a tokenized text, longest first, as the trie finds them. */
export function matchNames(tokens: Tokens, kb: KnowledgeBase): RawMatch[] {
  const raws: Raw[] = [];
  for (let i = 0; i < tokens.count; ) {
    if (!tokens.capitalized(i)) {
      i++;
      continue;
    }
    const match = kb.names.matchAt(tokens, i);
    if (!match) {
      i++;
      continue;
    }
    const { entries, ids } = chosen(match.entries);
    const weak = match.length === 1 && tokens.sentenceInitial(i);
    raws.push({ start: tokens.start[i]!, end: tokens.end[i + match.length - 1]!, entries, ids, weak, word: weak ? tokens.text(i).toLowerCase() : '' });
    i += match.length;
  }
  return raws;
}

const choices = new WeakMap<FormEntry[], { entries: FormEntry[]; ids: string[] }>();

/** The entries a match stands for and their entities; a book repeats its names, so remembered. */
function chosen(matched: FormEntry[]): { entries: FormEntry[]; ids: string[] } {
  let c = choices.get(matched);
  if (!c) {
    const entries = preferExplicit(matched);
    choices.set(matched, (c = { entries, ids: [...new Set(entries.map((e) => e.entityId))].sort() }));
  }
  return c;
}

/** Lower-case words of the text that begin some known form ("chambers"): they make a capital suspect. */
export function lowerCaseNameWords(tokens: Tokens, kb: KnowledgeBase): readonly string[] {
  let out: Set<string> | undefined;
  for (let i = 0; i < tokens.count; i++) if (!tokens.capitalized(i) && kb.names.beginsForm(tokens, i)) (out ??= new Set()).add(tokens.text(i));
  // Most paragraphs have none: they share one empty list.
  return out ? [...out] : NONE;
}

const NONE: readonly string[] = Object.freeze([]);

/** What the matches mean in this document: common words dropped, shared names settled. */
export function resolveMentions(text: string, raws: RawMatch[], lowerCase: ReadonlySet<string>): Mention[] {
  return resolve(text, dropCommonWords(raws, lowerCase));
}

/** The same, from matches whose common words are already dropped. */
export function resolveKept(text: string, kept: RawMatch[]): Mention[] {
  return resolve(text, kept);
}

/** Columns for findMentions on a short text, which keeps nothing of them. */
const scratch = new Tokens(64);

export function findMentions(text: string, kb: KnowledgeBase, tokens: Tokens = scanTokens(text, scratch)): Mention[] {
  return resolveMentions(text, matchNames(tokens, kb), new Set(lowerCaseNameWords(tokens, kb)));
}

/** A form written in an entry outranks a surname derived from another entry. */
function preferExplicit(entries: FormEntry[]): FormEntry[] {
  const explicit = entries.filter((e) => e.explicit);
  return explicit.length ? explicit : entries;
}

/**
 * "Chambers" opening a sentence could be the man or the rooms. When the document also uses the
 * word in lower case, the capital proves nothing, so the mention is kept only if the same entity
 * is named elsewhere in a way that is not in doubt.
 */
export function dropCommonWords(raws: Raw[], lowerSeen: ReadonlySet<string>): Raw[] {
  if (lowerSeen.size === 0 || !raws.some((r) => r.weak && lowerSeen.has(r.word))) return raws;
  const confirmed = new Set<string>();
  for (const r of raws) {
    if (!(r.weak && lowerSeen.has(r.word)) && r.ids.length === 1) confirmed.add(r.ids[0]!);
  }
  return raws.filter((r) => !(r.weak && lowerSeen.has(r.word)) || r.ids.some((id) => confirmed.has(id)));
}

function resolve(text: string, raws: Raw[]): Mention[] {
  const out: Mention[] = new Array(raws.length);
  for (let k = 0; k < raws.length; k++) out[k] = resolveOne(text, raws, k);
  return out;
}

/** What the k-th match means: its own entity, or a shared name settled by the nearest unambiguous match. */
export function resolveOne(text: string, raws: Raw[], k: number): Mention {
  const r = raws[k]!;
  const slice = text.slice(r.start, r.end);
  if (r.ids.length === 1) return { start: r.start, end: r.end, text: slice, entityId: r.ids[0]!, resolution: resolutionOf(r.entries) };
  const near = nearestUnambiguous(raws, k);
  if (!near) return { start: r.start, end: r.end, text: slice, entityId: r.ids[0]!, resolution: 'ambiguous', candidates: r.ids };
  const id = near.ids[0]!;
  return {
    start: r.start,
    end: r.end,
    text: slice,
    entityId: id,
    resolution: resolutionOf(r.entries.filter((e) => e.entityId === id)),
    candidates: r.ids,
    resolvedBy: { start: near.start, end: near.end },
  };
}

function resolutionOf(entries: FormEntry[]): Resolution {
  if (entries.some((e) => e.origin === 'name')) return 'exact';
  if (entries.some((e) => e.origin === 'alias')) return 'alias';
  return 'variant';
}

function nearestUnambiguous(raws: Raw[], k: number): Raw | undefined {
  const target = raws[k]!;
  const isCandidate = (r: Raw) => r.ids.length === 1 && target.ids.includes(r.ids[0]!);
  let before: Raw | undefined;
  for (let j = k - 1; j >= 0 && target.start - raws[j]!.end <= CONTEXT_WINDOW; j--) {
    if (isCandidate(raws[j]!)) {
      before = raws[j];
      break;
    }
  }
  let after: Raw | undefined;
  for (let j = k + 1; j < raws.length && raws[j]!.start - target.end <= CONTEXT_WINDOW; j++) {
    if (isCandidate(raws[j]!)) {
      after = raws[j];
      break;
    }
  }
  if (!before) return after;
  if (!after) return before;
  const dBefore = target.start - before.end;
  const dAfter = after.start - target.end;
  if (dBefore === dAfter && before.ids[0] !== after.ids[0]) return undefined;
  return dBefore <= dAfter ? before : after;
}

