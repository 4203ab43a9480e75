// Loads the word lists written by scripts/lexicon.mjs at build time (dist/lexicon/).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createLexicon, EMPTY_LEXICON, type Lexicon } from '../service/variants/lexicon';

export function lexiconDir(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    for (const candidate of [path.join(dir, 'lexicon'), path.join(dir, 'dist', 'lexicon')]) {
      if (existsSync(path.join(candidate, 'words.txt'))) return candidate;
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

/** The lexicon, or an empty one (with a warning through `warn`) when the lists are missing. */
export function loadLexicon(warn: (message: string) => void = () => undefined): Lexicon {
  const dir = lexiconDir();
  if (!dir) {
    warn('The word lists (dist/lexicon) are missing: run `npm run build`. Garbled-name detection will be less precise.');
    return EMPTY_LEXICON;
  }
  const read = (name: string) => readFileSync(path.join(dir, `${name}.txt`), 'utf8');
  const small = createLexicon({ firstNames: read('first-names').split('\n').filter(Boolean), places: read('places').split('\n').filter(Boolean) });
  const words = sortedWords(read('words'));
  return { ...small, isWord: (word) => words(word) || words(word.toLowerCase()) };
}

/**
 * Membership in a sorted list of 290,000 words, searched in place: loading it costs a scan for
 * line breaks instead of building a set, which matters to every worker that starts.
 */
function sortedWords(text: string): (word: string) => boolean {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i = text.indexOf('\n', i) + 1) {
    starts.push(i);
    if (text.indexOf('\n', i) < 0) break;
  }
  const offsets = Int32Array.from(starts);
  const wordAt = (k: number) => {
    const from = offsets[k]!;
    const to = text.indexOf('\n', from);
    return text.slice(from, to < 0 ? text.length : to);
  };
  return (word) => {
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = wordAt(mid);
      if (w === word) return true;
      if (w < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
}
