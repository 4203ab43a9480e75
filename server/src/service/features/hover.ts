import type { DocumentAnalysis } from '../analysis';
import type { Entity } from '../kb/entity';
import type { Mention } from '../recognition/mentions';
import type { Position, Range } from '../types';
import { targetAt, type ServiceContext } from './context';
import { orList } from './diagnostics';
import { escapeMarkdown, formatSpan, neutralizeMarkdown, plural } from './format';
import { linkPolicy, safeMarkdown } from './safeMarkdown';

export interface HoverResult {
  /** Markdown, safe to render untrusted. */
  markdown: string;
  range: Range;
}

export function hover(ctx: ServiceContext, uri: string, position: Position): HoverResult | undefined {
  const target = targetAt(ctx, uri, position);
  if (!target?.mention || !target.analysis) return undefined;
  const { mention, analysis } = target;
  const range = analysis.rangeOf(mention);
  const entity = ctx.kb.get(mention.entityId);
  if (!target.ambiguous && !entity) return undefined;
  const card = target.ambiguous ? ambiguousCard(ctx, mention) : entityCard(ctx, entity!, mention, analysis);
  // The last gate: whatever the escaping above missed, the card leaves with links only to entity
  // files, the workspace's sources and Wikidata items, and with no raw HTML.
  const allowed = linkPolicy((target) => {
    const file = target.replace(/#.*$/, '');
    return ctx.kb.isEntityFile(file) || ctx.index.has(file);
  });
  return { markdown: safeMarkdown(card, allowed), range };
}

function entityCard(ctx: ServiceContext, e: Entity, mention: Mention, analysis: DocumentAnalysis): string {
  const parts: string[] = [];
  const span = e.type === 'person' ? formatSpan(e.born, e.died) : formatSpan(e.founded, e.dissolved, ['founded', 'dissolved']);
  parts.push(`**${escapeMarkdown(e.name)}**${span ? ` (${span})` : ''}`);
  if (e.roles.length) parts.push(`*${e.roles.map(escapeMarkdown).join(' · ')}*`);
  if (e.dateNote) parts.push(`On the dates: ${escapeMarkdown(e.dateNote)}`);
  if (mention.garbled) {
    const g = mention.garbled;
    const written = escapeMarkdown(mention.text.replace(/\s+/g, ' '));
    parts.push(
      g.sameSounds
        ? `‘${written}’ is another spelling of ‘${escapeMarkdown(g.target)}’, not recorded in the knowledge base.`
        : `‘${written}’ is probably a garbled spelling of ‘${escapeMarkdown(g.target)}’: ${g.reasons.map(escapeMarkdown).join(', ')}.`,
    );
  }
  if (mention.resolvedBy) {
    const others = (mention.candidates ?? []).filter((id) => id !== e.id).map((id) => escapeMarkdown(ctx.kb.get(id)?.name ?? id));
    const line = analysis.lines.positionAt(mention.resolvedBy.start).line + 1;
    const near = escapeMarkdown(analysis.text.slice(mention.resolvedBy.start, mention.resolvedBy.end));
    parts.push(`Taken as ${escapeMarkdown(e.name)} from “${near}” nearby (line ${line}); could also be ${orList(others)}.`);
  }
  // The counts and links come before the biography: a hover's height is capped, and these are
  // what a reader checks at a glance.
  const here = analysis.resolvedMentionsOf(e.id).length;
  const all = ctx.index.mentionCount(e.id);
  const links = [`[Knowledge-base entry](${lineLink(e.uri, e.nameRange.start.line + 1)})`];
  if (e.wikidata && /^Q[1-9]\d*$/.test(e.wikidata)) links.push(`[Wikidata ${e.wikidata}](https://www.wikidata.org/wiki/${e.wikidata})`);
  parts.push(`${plural(here, 'mention')} in this document, ${all.total} in the workspace (${plural(all.files, 'file')}) · ${links.join(' · ')}`);
  if (e.biography) parts.push(neutralizeMarkdown(shortened(e.biography)));

  const facts: string[] = [];
  const spellings = spellingsIn(analysis, e.id);
  if (spellings.length > 1 || (spellings.length === 1 && spellings[0]![0] !== e.name)) {
    facts.push(`Written here as ${spellings.map(([s, n]) => `“${escapeMarkdown(s)}” ×${n}`).join(', ')}`);
  }
  const aliases = [...e.aliases].filter((a) => a !== e.name);
  if (aliases.length) facts.push(`Also known as ${aliases.map((a) => escapeMarkdown(a)).join(', ')}`);
  const described = e.sources.map((s) => sourceLink(ctx, s.file, s.line, s.note));
  if (described.length) facts.push(`Described in the corpus: ${described.join(' · ')}`);

  return facts.length ? `${parts.join('\n\n')}\n\n---\n\n${facts.map((f) => `- ${f}`).join('\n')}` : parts.join('\n\n');
}

function ambiguousCard(ctx: ServiceContext, mention: Mention): string {
  const lines = (mention.candidates ?? []).map((id) => {
    const e = ctx.kb.get(id);
    if (!e) return `- ${escapeMarkdown(id)}`;
    const span = formatSpan(e.born, e.died);
    const role = e.roles[0] ? `, ${escapeMarkdown(e.roles[0])}` : '';
    return `- [${escapeMarkdown(e.name)}](${lineLink(e.uri, e.nameRange.start.line + 1)})${span ? ` (${span})` : ''}${role}`;
  });
  return `**${escapeMarkdown(mention.text)}** could be any of:\n\n${lines.join('\n')}\n\nNo unambiguous mention nearby settles which; write the full name to settle it.`;
}

/** Spellings of the entity in this document, most frequent first; a broken line is read as one word. */
function spellingsIn(analysis: DocumentAnalysis, id: string): [string, number][] {
  const counts = new Map<string, number>();
  for (const m of analysis.resolvedMentionsOf(id)) {
    const s = m.text.replace(/-[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '').replace(/\s+/g, ' ');
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function sourceLink(ctx: ServiceContext, file: string, line: number, note?: string): string {
  const label = `${escapeMarkdown(file)}:${line}${note ? ` (${escapeMarkdown(note)})` : ''}`;
  const uri = ctx.index.uris().find((u) => u.endsWith(`/${encodeURIComponent(file)}`) || u.endsWith(`/${file}`));
  return uri ? `[${label}](${lineLink(uri, line)})` : label;
}

function lineLink(uri: string, line: number): string {
  return `${uri}#L${line}`;
}

/** A card is read at a glance: a biography past this length is cut at a sentence, the rest left to the entry. */
const BIOGRAPHY_LIMIT = 1500;

function shortened(text: string): string {
  if (text.length <= BIOGRAPHY_LIMIT) return text;
  const cut = text.lastIndexOf('. ', BIOGRAPHY_LIMIT);
  return `${text.slice(0, cut > BIOGRAPHY_LIMIT / 2 ? cut + 1 : BIOGRAPHY_LIMIT)} … (the rest is in the entry)`;
}
