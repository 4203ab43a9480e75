// Splits a document into paragraphs that can be analysed on their own: no name spans a blank
// line, so a paragraph's matches depend only on its own text, and an edit touches one of them.

/** Past this size a paragraph is cut further, at a line that ends a sentence. */
const MAX_CHUNK = 32 * 1024;

/** Offsets where each chunk begins; chunks run to the next start or the end of the text. */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  let last = 0;
  // A blank line: a newline, then only spaces, tabs or carriage returns, then a newline.
  for (let nl = text.indexOf('\n'); nl >= 0; ) {
    let j = nl + 1;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 9 || c === 13) c = text.charCodeAt(++j);
    if (c !== 10) {
      nl = text.indexOf('\n', j);
      continue;
    }
    const at = j + 1;
    cutLong(text, last, at, starts);
    starts.push(at);
    last = at;
    nl = text.indexOf('\n', at);
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
