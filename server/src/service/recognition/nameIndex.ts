import type { FormOrigin } from '../kb/forms';
import { foldKey, isAcronym } from '../text/normalize';
import type { CharCodes } from '../text/chars';
import { hashKey, tokenize, type Tokens } from '../text/tokenize';

/** What a word of a form demands of the word in the text. */
const enum CaseRule {
  Any = 0,
  Capital = 1,
  Acronym = 2,
}

export interface FormEntry {
  entityId: string;
  origin: FormOrigin;
  explicit: boolean;
  caseRules: CaseRule[];
}

interface TrieNode {
  /** The folded word that leads here. */
  key: string;
  /** By the hash of the next folded word; words whose hashes collide share a list. */
  children?: Map<number, TrieNode[]>;
  entries?: FormEntry[];
}

export interface NameMatch {
  /** Number of tokens matched. */
  length: number;
  entries: FormEntry[];
}

// Words of a multi-word name may be separated by spaces, one line break, a hyphen, or the
// apostrophe of a plural possessive ("Workers' Opposition"), nothing else.
const MAX_GAP = 4;

/**
 * A trie over the folded words of every form: one walk per capitalized word of the text finds
 * the longest form that starts there, whatever the number of entities.
 */
export class NameIndex {
  private readonly root: TrieNode = { key: '' };
  /** Marks the low bits of every first word's hash: most words of prose are ruled out by one lookup. */
  private readonly firstWords = new Uint8Array(1 << 16);
  private formCount = 0;

  add(form: string, entry: Omit<FormEntry, 'caseRules'>): void {
    const words = tokenize(form);
    if (words.length === 0) return;
    let node = this.root;
    this.firstWords[hashKey(foldKey(words[0]!.text)) & 0xffff] = 1;
    for (const w of words) {
      const key = foldKey(w.text);
      node.children ??= new Map();
      const hash = hashKey(key);
      let list = node.children.get(hash);
      if (!list) node.children.set(hash, (list = []));
      let next = list.find((n) => n.key === key);
      if (!next) list.push((next = { key }));
      node = next;
    }
    const caseRules = words.map((w) => (isAcronym(w.text) ? CaseRule.Acronym : w.capitalized ? CaseRule.Capital : CaseRule.Any));
    node.entries ??= [];
    if (!node.entries.some((e) => e.entityId === entry.entityId && e.origin === entry.origin && e.explicit === entry.explicit)) {
      node.entries.push({ ...entry, caseRules });
      this.formCount++;
    }
  }

  /** Whether some form's first word, folded, is this word as written (a lower-case "chambers"). */
  beginsForm(tokens: Tokens, i: number): boolean {
    const hash = tokens.lowerPlain(i) ? tokens.hash[i]! : hashKey(tokens.text(i));
    if (!this.firstWords[hash & 0xffff]) return false;
    const list = this.root.children?.get(hash);
    if (!list) return false;
    for (const node of list) if (tokens.textEquals(i, node.key)) return true;
    return false;
  }

  get size(): number {
    return this.formCount;
  }

  /** The longest form starting at tokens[i] whose capitalization fits the text, if any. */
  matchAt(tokens: Tokens, i: number): NameMatch | undefined {
    if (!this.firstWords[tokens.hash[i]! & 0xffff]) return undefined;
    let node: TrieNode | undefined = this.root;
    let best: NameMatch | undefined;
    for (let j = i; j < tokens.count && node?.children; j++) {
      if (j > i && !adjacent(tokens.chars, tokens.end[j - 1]!, tokens.start[j]!)) break;
      node = child(node, tokens, j);
      if (!node) break;
      if (node.entries) {
        const entries = fitting(node.entries, tokens, i);
        if (entries.length) best = { length: j - i + 1, entries };
      }
    }
    return best;
  }
}

/** The entries whose capitalization the text fits: the same array when all do, as they mostly do, so that callers can remember what they derive from it. */
function fitting(entries: FormEntry[], tokens: Tokens, i: number): FormEntry[] {
  let all = true;
  for (const e of entries) if (!fits(e.caseRules, tokens, i)) all = false;
  if (all) return entries;
  const out: FormEntry[] = [];
  for (const e of entries) if (fits(e.caseRules, tokens, i)) out.push(e);
  return out;
}

function child(node: TrieNode, tokens: Tokens, j: number): TrieNode | undefined {
  const list = node.children!.get(tokens.hash[j]!);
  if (list) for (const next of list) if (tokens.keyIs(j, next.key)) return next;
  return undefined;
}

function fits(rules: CaseRule[], tokens: Tokens, i: number): boolean {
  for (let k = 0; k < rules.length; k++) {
    const rule = rules[k]!;
    if (rule === CaseRule.Capital && !tokens.capitalized(i + k)) return false;
    if (rule === CaseRule.Acronym && !tokens.isAcronym(i + k)) return false;
  }
  return true;
}

function adjacent(chars: CharCodes, from: number, to: number): boolean {
  if (to - from > MAX_GAP) return false;
  let newlines = 0;
  for (let p = from; p < to; p++) {
    const c = chars.at(p);
    if (c === 10) newlines++;
    else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xa0 && c !== 45 /* - */ && c !== 39 /* ' */ && c !== 0x2019) return false;
  }
  return newlines <= 1;
}
