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
 * Membership in a sorted list of 290,000 words, one per line, searched in place by halving the
 * text itself: loading it costs nothing but the read, which matters to every process and worker
 * that starts.
 */
function sortedWords(text: string): (word: string) => boolean {
  return (word) => {
    let lo = 0;
    let hi = text.length;
    // Invariant: the word, if present, starts a line within [lo, hi).
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const start = text.lastIndexOf('\n', mid - 1) + 1;
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      if (start < lo) {
        // The line holding mid began before lo, so no line starts in [lo, mid]: look after it.
        lo = end + 1;
        continue;
      }
      const w = text.slice(start, end);
      if (w === word) return true;
      if (w < word) lo = end + 1;
      else hi = start;
    }
    return false;
  };
}
