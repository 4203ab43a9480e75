// Annalist's own requests, declared once for client and server. Plain descriptors, because the
// client and server libraries each bring their own copy of the JSON-RPC types.
import type { EntityType } from '../service/types';

export interface EntitySummary {
  id: string;
  type: EntityType;
  name: string;
  aliases: string[];
  born?: string;
  died?: string;
  wikidata?: string;
  /** URI of the entity file. */
  uri: string;
  /** 0-based line of its `name`. */
  line: number;
}

export interface IndexSummary {
  sources: number;
  entities: number;
  skipped: { uri: string; reason: string }[];
}

/** A request without parameters; `Result` documents and types its answer. */
export interface Request0<Result> {
  readonly method: string;
  readonly result?: Result;
}

export const ListEntitiesRequest: Request0<EntitySummary[]> = { method: 'annalist/listEntities' };
export const ReindexRequest: Request0<IndexSummary> = { method: 'annalist/reindex' };

/** Command ids, as contributed in package.json. */
export const Commands = {
  reindex: 'annalist.reindex',
  showEntity: 'annalist.showEntity',
  showOutput: 'annalist.showOutput',
} as const;
