// The built-in knowledge base parsed at build time (dist/kb-snapshot.json), so that a server or
// CLI starting up parses only the entity files that differ from it: hundreds of YAML documents
// cost most of a cold start.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseEntityFile, type EntityParser, type ParsedEntityFile, type Range } from '../service';

/** A parse result without the file's address, which the snapshot cannot know. */
interface Stored {
  entity?: Omit<NonNullable<ParsedEntityFile['entity']>, 'uri' | 'layer'>;
  diagnostics: ParsedEntityFile['diagnostics'];
  formRanges: [string, Range][];
  idRange?: Range;
}

const hash = (text: string) => createHash('sha1').update(text).digest('hex');

/** Writes the snapshot of every entity file in `dir` (run by the build). */
export function writeSnapshot(dir: string, out: string): number {
  const stored: Record<string, Stored> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const parsed = parseEntityFile({ uri: `file:///${f}`, text, layer: 'builtin' });
    const entity = parsed.entity ? (({ uri: _u, layer: _l, ...rest }) => rest)(parsed.entity) : undefined;
    stored[hash(text)] = { ...(entity ? { entity } : {}), diagnostics: parsed.diagnostics, formRanges: [...parsed.formRanges], ...(parsed.idRange ? { idRange: parsed.idRange } : {}) };
  }
  writeFileSync(out, JSON.stringify(stored));
  return Object.keys(stored).length;
}

/** A parser that takes what the snapshot already holds and parses the rest. */
export function snapshotParser(file = path.join(__dirname, 'kb-snapshot.json')): EntityParser {
  if (!existsSync(file)) return parseEntityFile;
  let stored: Record<string, Stored>;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Stored>;
  } catch {
    return parseEntityFile;
  }
  return (input) => {
    const s = stored[hash(input.text)];
    if (!s) return parseEntityFile(input);
    return {
      uri: input.uri,
      ...(s.entity ? { entity: { ...s.entity, uri: input.uri, layer: input.layer } } : {}),
      diagnostics: s.diagnostics.map((d) => ({ ...d })),
      formRanges: new Map(s.formRanges),
      ...(s.idRange ? { idRange: s.idRange } : {}),
    };
  };
}
