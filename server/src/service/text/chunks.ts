// Splits a document into paragraphs that can be analysed on their own: no name spans a blank
// line, so a paragraph's matches depend only on its own text, and an edit touches one of them.

/** Past this size a paragraph is cut further, at a line that ends a sentence. */
const MAX_CHUNK = 32 * 1024;

/** Where paragraphs start; a paragraph runs to the next start or the end of the text. */
export interface Chunking {
  starts: number[];
  /** The starts that cut a long paragraph rather than follow a blank line. */
  cuts: Set<number>;
}

/** A rechunking, with how many paragraphs at the start and at the end are the old ones, unchanged. */
export interface Rechunking extends Chunking {
  head: number;
  tail: number;
}

/** Where the paragraphs of a text start, found by reading it all. */
export function chunking(text: string): Chunking {
  const out: Chunking = { starts: [0], cuts: new Set() };
  startsFrom(text, 0, (at, cut) => {
    out.starts.push(at);
    if (cut) out.cuts.add(at);
    return false;
  });
  return out;
}

/**
 * The chunking of `text`, an edited version of `old.text`, found without reading the whole text:
 * the search starts again at the last start after a blank line before the first changed
 * paragraph, and stops where it meets a start after a blank line of the unchanged end.
 *
 * Exact because the search carries no state past a start that follows a blank line: from there
 * it only looks for the next newline and reads forward.
 */
export function rechunk(text: string, old: { text: string; starts: number[]; cuts: Set<number> }): Rechunking {
  const shift = text.length - old.text.length;
  const n = old.starts.length;
  const endOf = (i: number) => old.starts[i + 1] ?? old.text.length;
  // Paragraphs unchanged at the start and at the end, found by halving: a few comparisons of
  // slices (native, and fast) rather than one per paragraph, each of only what is not yet known to agree.
  let same = 0;
  const head = longest(n, (h) => {
    const end = endOf(h - 1);
    if (end > text.length || old.text.slice(same, end) !== text.slice(same, end)) return false;
    same = end;
    return true;
  });
  if (head === n && text.length === old.text.length) return { starts: old.starts, cuts: old.cuts, head: n, tail: 0 };
  let sameFrom = old.text.length;
  const tail = longest(n - head, (t) => {
    const from = old.starts[n - t]!;
    if (from + shift < 0 || old.text.slice(from, sameFrom) !== text.slice(from + shift, sameFrom + shift)) return false;
    sameFrom = from;
    return true;
  });
  // The restart: the last start before the first changed paragraph that follows a blank line.
  let from = Math.min(head, n - 1);
  while (from > 0 && old.cuts.has(old.starts[from]!)) from--;
  const restart = old.starts[from]!;
  const unchangedFrom = n - tail < n ? old.starts[n - tail]! + shift : Infinity;
  const oldIndex = new Map<number, number>();
  for (let i = n - tail; i < n; i++) oldIndex.set(old.starts[i]!, i);

  const out: Rechunking = { starts: old.starts.slice(0, from + 1), cuts: new Set([...old.cuts].filter((c) => c < restart)), head: from, tail: 0 };
  startsFrom(text, restart, (at, cut) => {
    const same = at >= unchangedFrom && !cut ? oldIndex.get(at - shift) : undefined;
    if (same !== undefined && !old.cuts.has(at - shift)) {
      out.tail = n - same;
      for (let i = same; i < n; i++) {
        out.starts.push(old.starts[i]! + shift);
        if (old.cuts.has(old.starts[i]!)) out.cuts.add(old.starts[i]! + shift);
      }
      return true;
    }
    out.starts.push(at);
    if (cut) out.cuts.add(at);
    return false;
  });
  return out;
}

/** The largest k from 0 to `max` for which `holds(k)`, given that it holds for 0 and, if for k, then for every smaller k. */
function longest(max: number, holds: (k: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (holds(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Reports every start after `from` (itself a start), in order, until `found` returns true.
 * `cut` tells a start that cuts a long paragraph from one that follows a blank line.
 */
function startsFrom(text: string, from: number, found: (at: number, cut: boolean) => boolean): void {
  let last = from;
  // A blank line: a newline, then only spaces, tabs or carriage returns, then a newline.
  for (let nl = text.indexOf('\n', from); nl >= 0; ) {
    let j = nl + 1;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 9 || c === 13) c = text.charCodeAt(++j);
    if (c !== 10) {
      nl = text.indexOf('\n', j);
      continue;
    }
    const at = j + 1;
    if (cutLong(text, last, at, found) || found(at, false)) return;
    last = at;
    nl = text.indexOf('\n', at);
  }
  cutLong(text, last, text.length, found);
}

/** Cuts a paragraph longer than MAX_CHUNK at sentence ends; true when `found` asked to stop. */
function cutLong(text: string, from: number, to: number, found: (at: number, cut: boolean) => boolean): boolean {
  let begin = from;
  while (to - begin > MAX_CHUNK) {
    let cut = -1;
    for (let i = text.indexOf('\n', begin + MAX_CHUNK / 2); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
      if (/[.!?"”)\]]\s*$/.test(text.slice(Math.max(begin, i - 3), i))) {
        cut = i + 1;
        break;
      }
    }
    if (cut < 0 || cut >= to) return false;
    if (found(cut, true)) return true;
    begin = cut;
  }
  return false;
}
