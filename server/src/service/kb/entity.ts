import type { EntityType, Range } from '../types';

export interface SourceRef {
  /** A source file name, relative to the workspace's sources. */
  file: string;
  /** 1-based, as people count lines. */
  line: number;
  note?: string;
}

export interface Entity {
  id: string;
  type: EntityType;
  name: string;
  aliases: string[];
  /** Attested spellings recorded by the user; they resolve as variants. */
  variants: string[];
  sharedAliases: string[];
  surname?: string;
  born?: string;
  died?: string;
  founded?: string;
  dissolved?: string;
  /** Why the dates differ from what a source in the corpus says, for the reader to weigh. */
  dateNote?: string;
  roles: string[];
  wikidata?: string;
  sources: SourceRef[];
  biography: string;
  /** Where the entry lives, for go-to-definition. */
  uri: string;
  nameRange: Range;
  layer: 'builtin' | 'workspace';
}

export const DATE_FIELDS = ['born', 'died', 'founded', 'dissolved'] as const;
