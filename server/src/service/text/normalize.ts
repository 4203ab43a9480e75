// Matching compares folded keys: case, diacritics and apostrophe style are ignored there,
// while capitalization is checked separately against the original text.

/** Letters, periods, apostrophes and hyphens of ASCII only: lower case is the whole fold. */
function plainAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 46 || c === 39 || c === 45)) return false;
  }
  return true;
}
const MARKS = /\p{M}/gu;
const APOSTROPHES = /[\u2019\u2018\u02BC\u0060\u00B4]/g;

export function foldKey(word: string): string {
  if (plainAscii(word)) return word.toLowerCase();
  return word.normalize('NFD').replace(MARKS, '').replace(APOSTROPHES, "'").toLowerCase().normalize('NFC');
}

export function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

export function startsUpper(word: string): boolean {
  const first = String.fromCodePoint(word.codePointAt(0) ?? 32);
  return isUpper(first);
}

/** An acronym such as OGPU or NKVD: two or more letters, all capitals. */
export function isAcronym(word: string): boolean {
  let letters = 0;
  for (const ch of word) {
    if (ch === '.' || ch === '-' || ch === "'") continue;
    if (!isUpper(ch)) return false;
    letters++;
  }
  return letters >= 2;
}
