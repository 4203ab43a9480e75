// Text helpers for hover cards. Knowledge-base text is untrusted: it is escaped or neutralized
// before it becomes Markdown.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1879-12-18" → "18 December 1879"; partial and circa dates keep their precision. */
export function formatDate(date: string): string {
  const m = /^(c\. ?)?(\d{3,4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return date;
  const [, circa, year, month, day] = m;
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  const core = [day ? String(Number(day)) : '', monthName ?? '', year].filter(Boolean).join(' ');
  return circa ? `c. ${core}` : core;
}

export function formatSpan(from?: string, to?: string, words: [string, string] = ['born', 'died']): string | undefined {
  if (from && to) return `${formatDate(from)} – ${formatDate(to)}`;
  if (from) return `${words[0]} ${formatDate(from)}`;
  if (to) return `${words[1]} ${formatDate(to)}`;
  return undefined;
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|~]/g;
const HTML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Plain text shown literally: Markdown syntax is escaped and HTML cannot form. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML_SPECIAL[c]!).replace(MARKDOWN_SPECIAL, '\\$&');
}

/** Keeps a biography's emphasis and paragraphs but no raw HTML and no links of its own. */
export function neutralizeMarkdown(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => HTML_SPECIAL[c]!)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
