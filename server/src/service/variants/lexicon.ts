// Words that are not names: the service asks, the caller supplies the lists (the server and the
// CLI load them from files; tests may pass small ones).

export interface Lexicon {
  /** An English word, common noun or proper ("time", "Kalinin", "Bulgarian"), as written or in lower case. */
  isWord(word: string): boolean;
  /** A common given name, as written ("Paul", "Liza"). */
  isFirstName(word: string): boolean;
  /** A country, capital or city, as written ("Berlin", "Kiev"). */
  isPlace(word: string): boolean;
}

export const EMPTY_LEXICON: Lexicon = { isWord: () => false, isFirstName: () => false, isPlace: () => false };

export function createLexicon(lists: { words?: Iterable<string>; firstNames?: Iterable<string>; places?: Iterable<string> }): Lexicon {
  const words = new Set(lists.words ?? []);
  const firstNames = new Set(lists.firstNames ?? []);
  const places = new Set(lists.places ?? []);
  return {
    isWord: (word) => words.has(word) || words.has(word.toLowerCase()),
    isFirstName: (word) => firstNames.has(word),
    isPlace: (word) => places.has(word),
  };
}
