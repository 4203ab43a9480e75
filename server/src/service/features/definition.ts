import type { Location, Position } from '../types';
import { targetAt, type ServiceContext } from './context';

/** The entry of the entity named at the cursor, at its `name` line; every candidate when ambiguous. */
export function definition(ctx: ServiceContext, uri: string, position: Position): Location[] {
  const target = targetAt(ctx, uri, position);
  if (!target?.mention) return [];
  return target.ids.flatMap((id) => {
    const e = ctx.kb.get(id);
    return e ? [{ uri: e.uri, range: e.nameRange }] : [];
  });
}
