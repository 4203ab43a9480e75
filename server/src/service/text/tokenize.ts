// Splits prose into word tokens with their offsets. Hyphenated compounds become separate
// tokens ("Kamenev-Zinoviev"), a word broken by a hyphen at a line end becomes one token,
// possessive endings stay outside the token, and a single capital followed by a period is an initial.
//
// A book has over a hundred thousand words, so the tokens are kept as columns of numbers
// (Tokens) rather than an object and a substring each: most words are only ever asked whether
// they are capitalized, and a word's text is cut from the document only when something needs it.
import { CharCodes, classOf, classOfAstral, isHighSurrogate, isLowSurrogate, LETTER, MARK, UPPER } from './chars';
import { foldKey, isAcronym } from './normalize';

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

const CAPITALIZED = 1;
const SENTENCE_INITIAL = 2;
/** Letters of ASCII, periods, apostrophes and hyphens only: lower case is the whole fold (see foldKey). */
const PLAIN = 4;
/** Plain and with no capital at all: the word is its own fold. */
const LOWER_PLAIN = 8;
/** Healed across a line-end hyphen: its text is kept apart (see Tokens.healed). */
const HEALED = 16;

/** The words of a text, as columns; `text(i)` cuts a word's text when it is needed. */
export class Tokens {
  count = 0;
  start: Int32Array;
  end: Int32Array;
  /** Of the folded word (see hashKey), to look it up in a table of names without cutting it out. */
  hash: Int32Array;
  private flags: Uint8Array;
  /** Words healed across a line-end hyphen, whose text is not one stretch of the document. */
  private healed = new Map<number, string>();
  private folded = new Map<number, string>();
  source = '';
  /** The codes of the stretch scanned, read in place of the string (see chars.ts). */
  readonly chars = new CharCodes();

  constructor(capacity = 1024) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.hash = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  /** Empties the columns for another text, keeping their memory. */
  reset(source: string, from = 0, to = source.length): this {
    this.source = source;
    this.chars.load(source, from, to);
    this.count = 0;
    if (this.healed.size) this.healed = new Map();
    if (this.folded.size) this.folded = new Map();
    return this;
  }

  text(i: number): string {
    return this.flags[i]! & HEALED ? this.healed.get(i)! : this.source.slice(this.start[i], this.end[i]);
  }

  /** The word as names are matched: case, diacritics and apostrophe style ignored. */
  key(i: number): string {
    if (this.flags[i]! & LOWER_PLAIN) return this.text(i);
    let k = this.folded.get(i);
    if (k === undefined) this.folded.set(i, (k = foldKey(this.text(i))));
    return k;
  }

  /** Whether the folded word is `key`, compared in place for a plain word. */
  keyIs(i: number, key: string): boolean {
    if (!(this.flags[i]! & PLAIN)) return this.key(i) === key;
    const s = this.start[i]! - this.chars.from;
    if (this.end[i]! - this.start[i]! !== key.length) return false;
    const codes = this.chars.codes;
    for (let k = 0; k < key.length; k++) if (lower(codes[s + k]!) !== key.charCodeAt(k)) return false;
    return true;
  }

  /** Whether the word as written is exactly `word`, compared in place. */
  textEquals(i: number, word: string): boolean {
    if (this.flags[i]! & HEALED) return this.healed.get(i) === word;
    const s = this.start[i]! - this.chars.from;
    if (this.end[i]! - this.start[i]! !== word.length) return false;
    const codes = this.chars.codes;
    for (let k = 0; k < word.length; k++) if (codes[s + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  /** Two or more capitals and nothing else but periods and apostrophes (see isAcronym). */
  isAcronym(i: number): boolean {
    if (!(this.flags[i]! & PLAIN)) return isAcronym(this.text(i));
    const codes = this.chars.codes;
    let letters = 0;
    for (let p = this.start[i]! - this.chars.from, e = this.end[i]! - this.chars.from; p < e; p++) {
      const c = codes[p]!;
      if (c === 46 || c === 39 || c === 45) continue;
      if (c < 65 || c > 90) return false;
      letters++;
    }
    return letters >= 2;
  }

  capitalized(i: number): boolean {
    return (this.flags[i]! & CAPITALIZED) !== 0;
  }

  sentenceInitial(i: number): boolean {
    return (this.flags[i]! & SENTENCE_INITIAL) !== 0;
  }

  /** Whether the word as written is its own fold, so that its hash is that of its text. */
  lowerPlain(i: number): boolean {
    return (this.flags[i]! & LOWER_PLAIN) !== 0;
  }

  token(i: number): Token {
    return { start: this.start[i]!, end: this.end[i]!, text: this.text(i), capitalized: this.capitalized(i), sentenceInitial: this.sentenceInitial(i) };
  }

  push(start: number, end: number, healedText: string | undefined, capitalized: boolean): void {
    if (this.count === this.start.length) this.grow();
    const i = this.count++;
    this.start[i] = start;
    this.end[i] = end;
    let flags = capitalized ? CAPITALIZED : 0;
    if (healedText !== undefined) {
      // Never PLAIN, so that every comparison goes through the healed text.
      this.healed.set(i, healedText);
      flags |= HEALED;
      this.hash[i] = hashKey(foldKey(healedText));
    } else {
      let h = 0;
      let plain = true;
      let lowerOnly = true;
      const codes = this.chars.codes;
      const off = this.chars.from;
      for (let p = start - off; p < end - off; p++) {
        const c = codes[p]!;
        if (c >= 65 && c <= 90) lowerOnly = false;
        else if (!((c >= 97 && c <= 122) || c === 46 || c === 39 || c === 45)) {
          plain = false;
          break;
        }
        h = (Math.imul(h, 31) + lower(c)) | 0;
      }
      if (plain) flags |= lowerOnly ? PLAIN | LOWER_PLAIN : PLAIN;
      this.hash[i] = plain ? h & HASH_MASK : hashKey(foldKey(this.source.slice(start, end)));
    }
    this.flags[i] = flags;
  }

  markSentenceInitial(i: number): void {
    this.flags[i]! |= SENTENCE_INITIAL;
  }

  private grow(): void {
    const n = Math.max(16, this.start.length * 2);
    const widen = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.start = widen(this.start, (k) => new Int32Array(k));
    this.end = widen(this.end, (k) => new Int32Array(k));
    this.hash = widen(this.hash, (k) => new Int32Array(k));
    this.flags = widen(this.flags, (k) => new Uint8Array(k));
  }
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * Hashes keep 30 bits: V8 holds an integer that wide in place, but boxes a wider one, and a boxed
 * number as a Map key costs an allocation and a slower lookup.
 */
const HASH_MASK = 0x3fffffff;

/** The hash a folded word has in Tokens.hash. */
export function hashKey(key: string): number {
  let h = 0;
  for (let k = 0; k < key.length; k++) h = (Math.imul(h, 31) + key.charCodeAt(k)) | 0;
  return h & HASH_MASK;
}

const CONTINUATION = /[ \t]*(?:\r\n|\n|\r)[ \t]*(\p{Ll}[\p{L}\p{M}]*)/uy;
const OPENERS = new Set([34, 0x201c, 0x2018, 39, 40, 91, 42, 95, 0xab, 0x201e, 45, 0x2014, 0x2013]);

/** Whether a letter starts at k (a code point of the first plane or a surrogate pair). */
function isLetter(codes: Uint16Array, k: number, n: number): boolean {
  const c = codes[k]!;
  if (isHighSurrogate(c)) return k + 1 < n && isLowSurrogate(codes[k + 1]!) && (classOfAstral(c, codes[k + 1]!) & LETTER) !== 0;
  return !isLowSurrogate(c) && (classOf(c) & LETTER) !== 0;
}

function isLetterOrMark(codes: Uint16Array, k: number, n: number): boolean {
  const c = codes[k]!;
  if (isLowSurrogate(c)) return true; // the second half of an astral letter already taken
  if (isHighSurrogate(c)) return k + 1 < n && isLowSurrogate(codes[k + 1]!) && (classOfAstral(c, codes[k + 1]!) & (LETTER | MARK)) !== 0;
  return (classOf(c) & (LETTER | MARK)) !== 0;
}

/**
 * A word: a letter, then letters and marks; a 0 or 1 between letters is OCR's reading of o, l or
 * I and stays inside ("Sta1in"); an apostrophe between letters too ("O'Brien", "Stalin's").
 * Offsets here count from the start of the codes.
 */
function wordEnd(codes: Uint16Array, start: number, n: number): number {
  let k = start + (isHighSurrogate(codes[start]!) ? 2 : 1);
  while (k < n) {
    const c = codes[k]!;
    if (c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) : isLetterOrMark(codes, k, n)) k++;
    else if ((c === 48 || c === 49 || c === 39 || c === 0x2019) && k + 1 < n && isLetter(codes, k + 1, n)) k += 2;
    else break;
  }
  return k;
}

/**
 * The words of `text`, or of its stretch from `from` to `to` read as if nothing stood around it
 * (offsets stay those of `text`). Scanning many paragraphs one after another, pass the same
 * `into` each time: its columns are reused, so a paragraph costs no allocation.
 */
export function scanTokens(text: string, into?: Tokens, from = 0, to = text.length): Tokens {
  const tokens = (into ?? new Tokens(Math.max(16, ((to - from) >> 3) + 16))).reset(text, from, to);
  const codes = tokens.chars.codes;
  const n = to - from;
  let k = 0;
  while (k < n) {
    const c = codes[k]!;
    if (c < 128 ? !((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) : !isLetter(codes, k, n)) {
      k++;
      continue;
    }
    const start = k;
    let end = wordEnd(codes, start, n);
    let healed: string | undefined;
    k = end;

    if (end < n && codes[end] === 45 /* - */) {
      CONTINUATION.lastIndex = from + end + 1;
      const cont = end + 1 < n ? CONTINUATION.exec(text) : null;
      // The word after the break must begin inside the stretch, and is cut at its end.
      const contStart = cont ? CONTINUATION.lastIndex - cont[1]!.length : to;
      if (cont && contStart < to) {
        const contEnd = Math.min(CONTINUATION.lastIndex, to);
        healed = text.slice(from + start, from + end) + text.slice(contStart, contEnd);
        end = contEnd - from;
        k = end;
      }
    }
    // A possessive 's stays outside the word ("Stalin's").
    const length = healed?.length ?? end - start;
    const last = healed ? healed.charCodeAt(length - 1) : codes[end - 1]!;
    const before = healed ? healed.charCodeAt(length - 2) : length > 1 ? codes[end - 2]! : -1;
    if ((last === 115 || last === 83) && (before === 39 || before === 0x2019) && length > 3) {
      if (healed) healed = healed.slice(0, -2);
      end -= 2;
    }
    const capitalized = isCapital(codes, start, n);
    if (capitalized && (healed?.length ?? end - start) === 1 && end < n && codes[end] === 46 /* . */) {
      end += 1;
      k = end;
    }
    tokens.push(from + start, from + end, healed, capitalized);
  }
  markSentenceStarts(tokens);
  return tokens;
}

/** Columns for tokenize, which copies the words out before anything else can scan. */
const forObjects = new Tokens(64);

/** The words of a short text as objects, for callers that keep few of them (a name's forms). */
export function tokenize(text: string): Token[] {
  const tokens = scanTokens(text, forObjects);
  const out: Token[] = new Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) out[i] = tokens.token(i);
  return out;
}

function isCapital(codes: Uint16Array, k: number, n: number): boolean {
  const c = codes[k]!;
  if (c < 128) return c >= 65 && c <= 90;
  if (isHighSurrogate(c)) return k + 1 < n && (classOfAstral(c, codes[k + 1]!) & UPPER) !== 0;
  return (classOf(c) & UPPER) !== 0;
}

function markSentenceStarts(tokens: Tokens): void {
  const codes = tokens.chars.codes;
  const off = tokens.chars.from;
  for (let i = 0; i < tokens.count; i++) {
    if (!tokens.capitalized(i)) continue;
    const start = tokens.start[i]! - off;
    let p = start - 1;
    while (p >= 0 && (isSpace(codes[p]!) || OPENERS.has(codes[p]!))) p--;
    if (p < 0) {
      tokens.markSentenceInitial(i);
      continue;
    }
    const ch = codes[p]!;
    if (ch === 33 /* ! */ || ch === 63 /* ? */ || ch === 58 /* : */ || ch === 0x2026) {
      tokens.markSentenceInitial(i);
    } else if (ch === 46 /* . */) {
      // The period of an initial ("V. M. Molotov") does not end a sentence.
      const afterInitial = i > 0 && tokens.end[i - 1] === p + off + 1 && tokens.text(i - 1).endsWith('.');
      if (!afterInitial) tokens.markSentenceInitial(i);
    } else if (blankLineBetween(codes, p, start)) {
      tokens.markSentenceInitial(i);
    }
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

function blankLineBetween(codes: Uint16Array, from: number, to: number): boolean {
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const c = codes[i]!;
    if (c === 10) newlines++;
    else if (c === 13 && codes[i + 1] !== 10) newlines++;
  }
  // A heading or a paragraph that opens without punctuation before it.
  return newlines >= 2;
}
