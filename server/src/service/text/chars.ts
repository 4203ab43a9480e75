// The character codes of a stretch of text, copied into an array, and what each code is.
//
// Why a copy: V8 reads a string's characters through code specialized for the kinds of string
// it has seen (one- or two-byte, flat, sliced, concatenated). The tokenizer sees every kind
// (a book, a name from YAML, an edited document), and reading a book through the generic path
// cost three times as much as reading an array.

type ByteWriter = { write(s: string, offset: number, length: number, encoding: string): number };
type BufferFactory = { from(buf: ArrayBuffer, offset: number, length: number): ByteWriter };

/** Node's Buffer, when the runtime has it and writes UTF-16 in the order a Uint16Array reads. */
const NodeBuffer: BufferFactory | undefined = (() => {
  const B = (globalThis as { Buffer?: BufferFactory }).Buffer;
  return B && new Uint16Array(new Uint8Array([1, 0]).buffer)[0] === 1 ? B : undefined;
})();

/** A reusable array holding the codes of text[from, to); reading outside that stretch gives NaN-like -1. */
export class CharCodes {
  codes = new Uint16Array(0);
  from = 0;
  to = 0;
  /** A byte view of `codes` for Node's native copy, made again only when `codes` grows. */
  private bytes?: ByteWriter;

  load(text: string, from: number, to: number): void {
    const length = to - from;
    if (this.codes.length < length) {
      this.codes = new Uint16Array(Math.max(length, this.codes.length * 2, 64));
      this.bytes = undefined;
    }
    if (NodeBuffer && length > 64) {
      this.bytes ??= NodeBuffer.from(this.codes.buffer as ArrayBuffer, this.codes.byteOffset, this.codes.byteLength);
      this.bytes.write(text.slice(from, to), 0, length * 2, 'utf16le');
    } else for (let k = 0; k < length; k++) this.codes[k] = text.charCodeAt(from + k);
    this.from = from;
    this.to = to;
  }

  /** The code at an offset of the whole text, or -1 outside the stretch loaded. */
  at(p: number): number {
    return p >= this.from && p < this.to ? this.codes[p - this.from]! : -1;
  }
}

export const LETTER = 1;
export const MARK = 2;
export const UPPER = 4;
const KNOWN = 8;

const classes = new Uint8Array(65536);
const LETTER_RE = /\p{L}/u;
const MARK_RE = /\p{M}/u;

function classify(ch: string): number {
  let k = KNOWN;
  if (LETTER_RE.test(ch)) k |= LETTER;
  else if (MARK_RE.test(ch)) k |= MARK;
  if (ch !== ch.toLowerCase()) k |= UPPER;
  return k;
}

/** LETTER, MARK and UPPER (changes in lower case) bits of a code outside the surrogates. */
export function classOf(c: number): number {
  let k = classes[c]!;
  if (k === 0) classes[c] = k = classify(String.fromCharCode(c));
  return k;
}

/** The same for a code point beyond the first plane (a high and a low surrogate). */
export function classOfAstral(high: number, low: number): number {
  return classify(String.fromCodePoint(((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000));
}

export function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
