// Splits prose into word tokens with their offsets. Hyphenated compounds become separate
// tokens ("Kamenev-Zinoviev"), a word broken by a hyphen at a line end becomes one token,
// possessive endings stay outside the token, and a single capital followed by a period is an initial.

export interface Token {
  start: number;
  /** Exclusive; a possessive ’s is not included. */
  end: number;
  /** The word as read, with a line-end hyphen break removed. */
  text: string;
  /** First letter is a capital. */
  capitalized: boolean;
  /** Stands where a sentence begins, so its capital says nothing about being a name. */
  sentenceInitial: boolean;
}

const CONTINUATION = /[ \t]*(?:\r\n|\n|\r)[ \t]*(\p{Ll}[\p{L}\p{M}]*)/uy;
const OPENERS = new Set(['"', '\u201C', '\u2018', "'", '(', '[', '*', '_', '\u00AB', '\u201E', '-', '\u2014', '\u2013']);
const LETTER = /\p{L}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;

// Character classes by code, so that the common (ASCII) case needs no regular expression.
function isLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return LETTER.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

function isLetterOrMark(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (c >= 0xdc00 && c <= 0xdfff) return true; // the second half of an astral letter already taken
  return LETTER_OR_MARK.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

/**
 * A word: a letter, then letters and marks; a 0 or 1 between letters is OCR's reading of o, l or
 * I and stays inside ("Sta1in"); an apostrophe between letters too ("O'Brien", "Stalin's").
 */
function wordEnd(text: string, start: number): number {
  let i = start + (text.charCodeAt(start) >= 0xd800 && text.charCodeAt(start) <= 0xdbff ? 2 : 1);
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isLetterOrMark(text, i)) i++;
    else if ((c === 48 || c === 49 || c === 39 || c === 0x2019) && i + 1 < n && isLetter(text, i + 1)) i += 2;
    else break;
  }
  return i;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isLetter(text, i)) {
      i++;
      continue;
    }
    const start = i;
    let end = wordEnd(text, start);
    let word = text.slice(start, end);
    i = end;

    if (text.charCodeAt(end) === 45 /* - */) {
      CONTINUATION.lastIndex = end + 1;
      const cont = CONTINUATION.exec(text);
      if (cont) {
        word += cont[1]!;
        end = CONTINUATION.lastIndex;
        i = end;
      }
    }
    // A possessive 's stays outside the word ("Stalin's").
    const last = word.charCodeAt(word.length - 1);
    const before = word.charCodeAt(word.length - 2);
    if ((last === 115 || last === 83) && (before === 39 || before === 0x2019) && word.length > 3) {
      word = word.slice(0, -2);
      end -= 2;
    }
    const capitalized = isCapital(word);
    if (capitalized && word.length === 1 && text.charCodeAt(end) === 46 /* . */) {
      word += '.';
      end += 1;
      i = end;
    }
    tokens.push({ start, end, text: word, capitalized, sentenceInitial: false });
  }
  markSentenceStarts(text, tokens);
  return tokens;
}

function isCapital(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  const ch = String.fromCodePoint(word.codePointAt(0)!);
  return ch !== ch.toLowerCase();
}

function markSentenceStarts(text: string, tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (!tok.capitalized) continue;
    let p = tok.start - 1;
    while (p >= 0 && (isSpace(text.charCodeAt(p)) || OPENERS.has(text[p]!))) p--;
    if (p < 0) {
      tok.sentenceInitial = true;
      continue;
    }
    const ch = text[p]!;
    if (ch === '!' || ch === '?' || ch === ':' || ch === '\u2026') {
      tok.sentenceInitial = true;
    } else if (ch === '.') {
      const prev = tokens[i - 1];
      // The period of an initial ("V. M. Molotov") does not end a sentence.
      tok.sentenceInitial = !(prev && prev.end === p + 1 && prev.text.endsWith('.'));
    } else if (blankLineBetween(text, p, tok.start)) {
      tok.sentenceInitial = true;
    }
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

function blankLineBetween(text: string, from: number, to: number): boolean {
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) newlines++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) newlines++;
  }
  // A heading or a paragraph that opens without punctuation before it.
  return newlines >= 2;
}
