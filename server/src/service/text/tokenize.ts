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

// A 0 or 1 between letters is OCR's reading of o, l or I, and stays inside the word ("Sta1in").
const WORD = /\p{L}(?:[\p{L}\p{M}]|[01](?=\p{L}))*(?:['\u2019][\p{L}\p{M}]+)*/gu;
const CONTINUATION = /[ \t]*(?:\r\n|\n|\r)[ \t]*(\p{Ll}[\p{L}\p{M}]*)/uy;
const POSSESSIVE = /['\u2019][sS]$/;
const OPENERS = new Set(['"', '\u201C', '\u2018', "'", '(', '[', '*', '_', '\u00AB', '\u201E', '-', '\u2014', '\u2013']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const start = m.index;
    let word = m[0];
    let end = start + word.length;

    if (text.charCodeAt(end) === 45 /* - */) {
      CONTINUATION.lastIndex = end + 1;
      const cont = CONTINUATION.exec(text);
      if (cont) {
        word += cont[1]!;
        end = CONTINUATION.lastIndex;
        WORD.lastIndex = end;
      }
    }
    if (POSSESSIVE.test(word) && word.length > 3) {
      word = word.slice(0, -2);
      end -= 2;
    }
    const capitalized = isCapital(word);
    if (capitalized && word.length === 1 && text.charCodeAt(end) === 46 /* . */) {
      word += '.';
      end += 1;
      WORD.lastIndex = end;
    }
    tokens.push({ start, end, text: word, capitalized, sentenceInitial: false });
  }
  markSentenceStarts(text, tokens);
  return tokens;
}

function isCapital(word: string): boolean {
  const ch = word[0]!;
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
