import type { Location, Position, Range } from '../types';
import { targetAt, type ServiceContext } from './context';

/** Every mention of the entity across the workspace, whatever the spelling. */
export function references(ctx: ServiceContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const target = targetAt(ctx, uri, position);
  if (!target) return [];
  const ids = new Set(target.ids);
  const out = ctx.index.locationsOf(ids, target.ambiguous);
  if (includeDeclaration) {
    for (const id of ids) {
      const e = ctx.kb.get(id);
      if (e) out.unshift({ uri: e.uri, range: e.nameRange });
    }
  }
  return out;
}

/** The other mentions of the same entity in this document. */
export function documentHighlights(ctx: ServiceContext, uri: string, position: Position): Range[] {
  const target = targetAt(ctx, uri, position);
  if (!target?.analysis || !target.mention) return [];
  const { analysis, mention } = target;
  const same = (m: typeof mention) =>
    target.ambiguous
      ? m.resolution === 'ambiguous' && sameSet(m.candidates, mention.candidates)
      : m.resolution !== 'ambiguous' && m.entityId === mention.entityId;
  return analysis.mentions.filter(same).map((m) => analysis.rangeOf(m));
}

function sameSet(a: string[] | undefined, b: string[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}
