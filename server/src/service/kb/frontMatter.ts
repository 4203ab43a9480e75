/** Locates YAML front matter: a first line `---`, then YAML, then a line `---` or `...`. */
export interface FrontMatter {
  /** Offset of the YAML text in the file. */
  yamlStart: number;
  yaml: string;
  /** Offset where the body begins, after the closing line. */
  bodyStart: number;
}

const OPENING = /^\uFEFF?---[ \t]*(?:\r\n|\n|\r)/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

export function findFrontMatter(text: string): FrontMatter | undefined {
  const open = OPENING.exec(text);
  if (!open) return undefined;
  const yamlStart = open[0].length;
  const rest = text.slice(yamlStart);
  const close = CLOSING.exec(rest);
  if (!close) return undefined;
  const yamlEnd = yamlStart + close.index;
  let bodyStart = yamlEnd + close[0].length;
  if (text[bodyStart] === '\r') bodyStart++;
  if (text[bodyStart] === '\n') bodyStart++;
  return { yamlStart, yaml: text.slice(yamlStart, yamlEnd), bodyStart };
}
