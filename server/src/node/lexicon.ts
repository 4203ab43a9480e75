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
  const read = (name: string) => readFileSync(path.join(dir, `${name}.txt`), 'utf8').split('\n').filter(Boolean);
  return createLexicon({ words: read('words'), firstNames: read('first-names'), places: read('places') });
}
