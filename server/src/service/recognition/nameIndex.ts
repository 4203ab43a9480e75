import type { FormOrigin } from '../kb/forms';
import { foldKey, isAcronym } from '../text/normalize';
import { tokenize, type Token } from '../text/tokenize';

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
  children?: Map<string, TrieNode>;
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
  private readonly root: TrieNode = {};
  private formCount = 0;

  add(form: string, entry: Omit<FormEntry, 'caseRules'>): void {
    const words = tokenize(form);
    if (words.length === 0) return;
    let node = this.root;
    for (const w of words) {
      const key = foldKey(w.text);
      node.children ??= new Map();
      let next = node.children.get(key);
      if (!next) node.children.set(key, (next = {}));
      node = next;
    }
    const caseRules = words.map((w) => (isAcronym(w.text) ? CaseRule.Acronym : w.capitalized ? CaseRule.Capital : CaseRule.Any));
    node.entries ??= [];
    if (!node.entries.some((e) => e.entityId === entry.entityId && e.origin === entry.origin && e.explicit === entry.explicit)) {
      node.entries.push({ ...entry, caseRules });
      this.formCount++;
    }
  }

  /** Whether some form's first word is this (folded) word. */
  beginsForm(word: string): boolean {
    return this.root.children?.has(word) ?? false;
  }

  get size(): number {
    return this.formCount;
  }

  /** The longest form starting at tokens[i] whose capitalization fits the text, if any. */
  matchAt(text: string, tokens: Token[], i: number, keys: (string | undefined)[]): NameMatch | undefined {
    let node: TrieNode | undefined = this.root;
    let best: NameMatch | undefined;
    for (let j = i; j < tokens.length && node?.children; j++) {
      const tok = tokens[j]!;
      if (j > i && !adjacent(text, tokens[j - 1]!.end, tok.start)) break;
      const key = (keys[j] ??= foldKey(tok.text));
      node = node.children.get(key);
      if (!node) break;
      if (node.entries) {
        const fitting = node.entries.filter((e) => fits(e.caseRules, tokens, i));
        if (fitting.length) best = { length: j - i + 1, entries: fitting };
      }
    }
    return best;
  }
}

function fits(rules: CaseRule[], tokens: Token[], i: number): boolean {
  for (let k = 0; k < rules.length; k++) {
    const tok = tokens[i + k]!;
    const rule = rules[k]!;
    if (rule === CaseRule.Capital && !tok.capitalized) return false;
    if (rule === CaseRule.Acronym && !isAcronym(tok.text)) return false;
  }
  return true;
}

function adjacent(text: string, from: number, to: number): boolean {
  if (to - from > MAX_GAP) return false;
  let newlines = 0;
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (c === 10) newlines++;
    else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xa0 && c !== 45 /* - */ && c !== 39 /* ' */ && c !== 0x2019) return false;
  }
  return newlines <= 1;
}
