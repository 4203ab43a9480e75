import type { EntityType } from '../types';
import type { ServiceContext } from './context';

export const SEMANTIC_TOKEN_TYPES = ['person', 'organization'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['ambiguous', 'variant'] as const;

export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: EntityType;
  modifiers: (typeof SEMANTIC_TOKEN_MODIFIERS)[number][];
}

/** One token per line of each mention (a name broken across lines becomes two), in document order. */
export function semanticTokens(ctx: ServiceContext, uri: string): SemanticToken[] {
  const analysis = ctx.index.get(uri);
  if (!analysis) return [];
  const out: SemanticToken[] = [];
  for (const m of analysis.mentions) {
    const type = ctx.kb.get(m.entityId)?.type;
    if (!type) continue;
    const modifiers: SemanticToken['modifiers'] = [];
    if (m.resolution === 'ambiguous') modifiers.push('ambiguous');
    if (m.resolution === 'variant') modifiers.push('variant');
    const { start, end } = analysis.rangeOf(m);
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.character : 0;
      const to = line === end.line ? end.character : analysis.lines.lineText(line).length;
      if (to > from) out.push({ line, character: from, length: to - from, type, modifiers });
    }
  }
  return out;
}
