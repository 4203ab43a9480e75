import { foldKey } from '../text/normalize';
import type { EntityType, Location, Range } from '../types';
import type { ServiceContext } from './context';

export interface DocumentSymbolInfo {
  name: string;
  detail: string;
  kind: EntityType | 'ambiguous';
  /** The first mention. */
  range: Range;
  entityIds: string[];
}

/** The document's dramatis personae, in order of first appearance. */
export function documentSymbols(ctx: ServiceContext, uri: string): DocumentSymbolInfo[] {
  const analysis = ctx.index.get(uri);
  if (!analysis) return [];
  const seen = new Map<string, DocumentSymbolInfo & { count: number }>();
  for (const m of analysis.mentions) {
    const ambiguous = m.resolution === 'ambiguous';
    const key = ambiguous ? `?${m.candidates!.join('|')}` : m.entityId;
    const existing = seen.get(key);
    if (existing) {
      existing.count++;
      continue;
    }
    const entity = ctx.kb.get(m.entityId);
    if (!entity) continue;
    const names = (m.candidates ?? []).map((id) => ctx.kb.get(id)?.name ?? id);
    seen.set(key, {
      name: ambiguous ? `${m.text} (${names.join(' or ')}?)` : entity.name,
      detail: '',
      kind: ambiguous ? 'ambiguous' : entity.type,
      range: analysis.rangeOf(m),
      entityIds: ambiguous ? m.candidates! : [m.entityId],
      count: 1,
    });
  }
  return [...seen.values()].map(({ count, ...s }) => ({ ...s, detail: count === 1 ? '1 mention' : `${count} mentions` }));
}

export interface WorkspaceSymbolInfo {
  name: string;
  kind: EntityType;
  detail: string;
  location: Location;
}

const MAX_RESULTS = 500;

/** Entities whose name or an alias contains the query's letters in order, best matches first. */
export function workspaceSymbols(ctx: ServiceContext, query: string): WorkspaceSymbolInfo[] {
  const q = foldKey(query.replace(/\s+/g, ''));
  const scored: { score: number; info: WorkspaceSymbolInfo }[] = [];
  for (const e of ctx.kb.all()) {
    let best = -1;
    for (const form of [e.name, ...e.aliases, ...e.variants]) best = Math.max(best, matchScore(foldKey(form.replace(/\s+/g, '')), q));
    if (best < 0) continue;
    scored.push({
      score: best,
      info: { name: e.name, kind: e.type, detail: e.roles[0] ?? e.type, location: { uri: e.uri, range: e.nameRange } },
    });
  }
  scored.sort((a, b) => b.score - a.score || a.info.name.localeCompare(b.info.name));
  return scored.slice(0, MAX_RESULTS).map((s) => s.info);
}

/** -1 when the query's letters do not occur in order; higher for a prefix or a contiguous run. */
function matchScore(candidate: string, query: string): number {
  if (!query) return 0;
  if (candidate.startsWith(query)) return 3;
  if (candidate.includes(query)) return 2;
  let i = 0;
  for (const ch of candidate) if (ch === query[i]) i++;
  return i === query.length ? 1 : -1;
}
