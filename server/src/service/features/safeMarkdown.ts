// The last gate before hover Markdown leaves the server. The service escapes knowledge-base text
// already; this pass makes sure, whatever slips through, that the client receives no link but the
// allowed ones (a file of the workspace or the knowledge base, a Wikidata item), no raw HTML and
// no bare address a GFM renderer would turn into a link. It only adds backslash escapes and
// `&lt;`, so what the reader sees is the same text.

/** A link target the hover may carry. */
export type LinkPolicy = (target: string) => boolean;

const WIKIDATA = /^https:\/\/www\.wikidata\.org\/wiki\/Q[1-9]\d*$/;
// `[label](target)` with escaped characters allowed in the label but no bare bracket.
const LINK = /\[((?:\\[\s\S]|[^\\[\]])*)\]\(([^()\s<>]+)\)/y;
const BACKTICKS = /`+/y;
const SPECIAL = /[\\`[\]<]/g;
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Wikidata items, and file URIs that `isAllowedFile` accepts. */
export function linkPolicy(isAllowedFile: (uri: string) => boolean): LinkPolicy {
  return (target) => WIKIDATA.test(target) || (target.startsWith('file:') && isAllowedFile(target));
}

export function safeMarkdown(markdown: string, allowed: LinkPolicy): string {
  const out: string[] = [];
  let i = 0;
  while (i < markdown.length) {
    SPECIAL.lastIndex = i;
    const special = SPECIAL.exec(markdown);
    const at = special ? special.index : markdown.length;
    // Plain text up to the next character that matters.
    if (at > i) out.push(defuse(markdown.slice(i, at)));
    if (!special) break;
    i = at;
    const c = special[0];
    if (c === '\\') {
      const escaped = PUNCTUATION.test(markdown[i + 1] ?? '');
      out.push(markdown.slice(i, i + (escaped ? 2 : 1)));
      i += escaped ? 2 : 1;
    } else if (c === '`') {
      // A code span shows its text literally, links and all: it is copied whole once it closes.
      BACKTICKS.lastIndex = i;
      const run = BACKTICKS.exec(markdown)![0].length;
      const close = closingRun(markdown, i + run, run);
      if (close < 0) out.push('\\`'.repeat(run));
      else out.push(markdown.slice(i, close + run).replace(/</g, '&lt;'));
      i = close < 0 ? i + run : close + run;
    } else if (c === '[') {
      LINK.lastIndex = i;
      const link = LINK.exec(markdown);
      if (link && allowed(link[2]!)) {
        out.push(`[${safeMarkdown(link[1]!, allowed)}](${link[2]})`);
        i += link[0].length;
      } else {
        out.push('\\[');
        i++;
      }
    } else {
      out.push(c === ']' ? '\\]' : '&lt;');
      i++;
    }
  }
  return out.join('');
}

/** Breaks what GFM would link by itself: `scheme://`, `www.`, and e-mail addresses. */
function defuse(text: string): string {
  return text
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, '$1\\:')
    .replace(/\b(www)\.(?=\S)/gi, '$1\\.')
    .replace(/(?<=[\w.+-])@(?=[\w-]+\.)/g, '\\@');
}

/** Where the next run of exactly `length` backticks starts, or -1. */
function closingRun(text: string, from: number, length: number): number {
  for (let at = text.indexOf('`', from); at >= 0; at = text.indexOf('`', at)) {
    BACKTICKS.lastIndex = at;
    const run = BACKTICKS.exec(text)![0].length;
    if (run === length) return at;
    at += run;
  }
  return -1;
}
