import type { DocumentAnalysis } from '../analysis';
import type { Entity } from '../kb/entity';
import type { KnowledgeBase } from '../kb/knowledgeBase';
import type { Mention } from '../recognition/mentions';
import type { Position } from '../types';
import type { SpellingPreference } from '../variants/inconsistent';
import type { WorkspaceIndex } from '../workspaceIndex';

export interface ServiceContext {
  readonly kb: KnowledgeBase;
  readonly index: WorkspaceIndex;
  readonly preferredSpelling: SpellingPreference;
}

/** What the cursor is on: a mention in a source, or an entry's own file. */
export interface Target {
  /** Every entity the cursor may mean; one unless the mention is ambiguous. */
  ids: string[];
  ambiguous: boolean;
  mention?: Mention;
  analysis?: DocumentAnalysis;
}

export function targetAt(ctx: ServiceContext, uri: string, position: Position): Target | undefined {
  const analysis = ctx.index.get(uri);
  if (analysis) {
    const mention = analysis.mentionAt(position);
    if (!mention) return undefined;
    const ambiguous = mention.resolution === 'ambiguous';
    return { ids: ambiguous ? mention.candidates ?? [mention.entityId] : [mention.entityId], ambiguous, mention, analysis };
  }
  const entity = entityOfFile(ctx, uri);
  return entity ? { ids: [entity.id], ambiguous: false } : undefined;
}

export function entityOfFile(ctx: ServiceContext, uri: string): Entity | undefined {
  return ctx.kb.all().find((e) => e.uri === uri);
}
