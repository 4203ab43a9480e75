// Splits a document into paragraphs that can be analysed on their own: no name spans a blank
// line, so a paragraph's matches depend only on its own text, and an edit touches one of them.

/** Past this size a paragraph is cut further, at a line that ends a sentence. */
const MAX_CHUNK = 32 * 1024;

/** Offsets where each chunk begins; chunks run to the next start or the end of the text. */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  const blank = /\n[ \t\r]*\n/g;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = blank.exec(text)) !== null) {
    const at = m.index + m[0].length;
    cutLong(text, last, at, starts);
    starts.push(at);
    last = at;
  }
  cutLong(text, last, text.length, starts);
  return starts;
}

function cutLong(text: string, from: number, to: number, starts: number[]): void {
  let begin = from;
  while (to - begin > MAX_CHUNK) {
    let cut = -1;
    for (let i = text.indexOf('\n', begin + MAX_CHUNK / 2); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
      if (/[.!?"”)\]]\s*$/.test(text.slice(Math.max(begin, i - 3), i))) {
        cut = i + 1;
        break;
      }
    }
    if (cut < 0 || cut >= to) return;
    starts.push(cut);
    begin = cut;
  }
}
