import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import { ajv, yaml } from '../lazy';
import { LineIndex } from '../text/lineIndex';
import type { Range, ServiceDiagnostic } from '../types';
import type { EntityFileInput } from '../workspace';
import { DATE_FIELDS, type Entity } from './entity';
import { findFrontMatter } from './frontMatter';
import { STRUCTURAL_FIELDS, entitySchema } from './schema';
import { KbCode } from './codes';

export interface ParsedEntityFile {
  uri: string;
  entity?: Entity;
  diagnostics: ServiceDiagnostic[];
  /** Where each name, alias and variant is written, to place clash reports. */
  formRanges: Map<string, Range>;
  idRange?: Range;
}

/** Reads one entity file; a caller may substitute one that remembers earlier results. */
export type EntityParser = (input: EntityFileInput) => ParsedEntityFile;

/**
 * A parser that re-reads only files whose text changed: editing one entry in the editor
 * rebuilds the knowledge base without parsing the other hundreds again. `fallback` reads a
 * file it has not seen (the default parser, or one backed by a prebuilt snapshot).
 */
export function rememberingParser(fallback: EntityParser = parseEntityFile): EntityParser {
  let last = new Map<string, { text: string; layer: string; parsed: ParsedEntityFile }>();
  let current = new Map<string, { text: string; layer: string; parsed: ParsedEntityFile }>();
  let rounds = 0;
  return (input) => {
    const seen = current.get(input.uri) ?? last.get(input.uri);
    const parsed = seen && seen.text === input.text && seen.layer === input.layer ? seen.parsed : fallback(input);
    current.set(input.uri, { text: input.text, layer: input.layer, parsed });
    // Keep the files of the last two loads only, so that deleted files are forgotten.
    if (++rounds % 4096 === 0 || current.size > 2 * Math.max(last.size, 1024)) {
      last = current;
      current = new Map();
    }
    return parsed;
  };
}

// Compiled on first use: a start-up that finds every entity file in the build's snapshot never
// validates one, and compiling the schema costs tens of milliseconds.
let compiled: ValidateFunction | undefined;
const validator = () => (compiled ??= new (ajv())({ allErrors: true, strict: false }).compile(entitySchema));

export function parseEntityFile(input: EntityFileInput): ParsedEntityFile {
  const lines = new LineIndex(input.text);
  const result: ParsedEntityFile = { uri: input.uri, diagnostics: [], formRanges: new Map() };
  const report = (range: Range, code: string, message: string, severity: ServiceDiagnostic['severity'] = 'error') =>
    result.diagnostics.push({ range, severity, code, message });
  const firstLine = lines.rangeOf(0, lines.offsetAt({ line: 0, character: Number.MAX_SAFE_INTEGER }));

  const fm = findFrontMatter(input.text);
  if (!fm) {
    report(firstLine, KbCode.NoFrontMatter, 'An entity file begins with YAML front matter: a line `---`, the fields, and another line `---`.');
    return result;
  }
  const at = (span: readonly number[] | null | undefined): Range =>
    span ? lines.rangeOf(fm.yamlStart + span[0]!, fm.yamlStart + (span[1] ?? span[0]!)) : firstLine;

  // The YAML parser knows no line break but \n and \r\n; a lone \r (old Mac files) becomes \n,
  // which keeps every offset where it was.
  const doc = yaml().parseDocument(fm.yaml.replace(/\r(?!\n)/g, '\n'), { uniqueKeys: true });
  for (const err of doc.errors) {
    const opened = unclosedOpening(fm.yaml, err.pos[0], err.message);
    const span = opened ?? err.pos;
    report(at(span), KbCode.YamlSyntax, `Invalid YAML: ${firstSentence(err.message)}${opened ? ' (it opens here)' : ''}`);
  }
  if (doc.errors.length > 0) return result;
  if (!yaml().isMap(doc.contents)) {
    report(firstLine, KbCode.YamlSyntax, 'The front matter must be a set of `field: value` lines.');
    return result;
  }

  const data = doc.toJS() as Record<string, unknown>;
  for (const field of DATE_FIELDS) {
    if (typeof data[field] === 'number') data[field] = String(data[field]);
  }
  const dropped = new Set<string>();
  const validate = validator();
  if (!validate(data)) {
    for (const err of validate.errors ?? []) {
      const field = fieldOf(err);
      if (field) dropped.add(field);
      const { range, message, code, severity } = describe(err, doc, at, firstLine);
      report(range, code, message, severity);
    }
  }
  if ([...dropped].some((f) => STRUCTURAL_FIELDS.has(f))) return result;
  for (const f of dropped) delete data[f];

  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(data[k]) ? (data[k] as string[]) : []);
  const entity: Entity = {
    id: data.id as string,
    type: data.type as Entity['type'],
    name: data.name as string,
    aliases: list('aliases'),
    variants: list('variants'),
    sharedAliases: list('sharedAliases'),
    surname: str('surname'),
    born: str('born'),
    died: str('died'),
    founded: str('founded'),
    dissolved: str('dissolved'),
    dateNote: str('dateNote'),
    roles: list('roles'),
    wikidata: str('wikidata'),
    sources: Array.isArray(data.sources) ? (data.sources as Entity['sources']) : [],
    biography: input.text.slice(fm.bodyStart).trim(),
    uri: input.uri,
    nameRange: at(nodeRange(doc, ['name'])),
    layer: input.layer,
  };
  result.entity = entity;
  result.idRange = at(nodeRange(doc, ['id']));
  result.formRanges.set(entity.name, entity.nameRange);
  for (const key of ['aliases', 'variants'] as const) {
    entity[key].forEach((form, i) => result.formRanges.set(form, at(nodeRange(doc, [key, i]))));
  }
  return result;
}

function nodeRange(doc: Document, path: (string | number)[]): number[] | undefined {
  const node = doc.getIn(path, true) as { range?: number[] } | undefined;
  return node?.range;
}

function keyRange(doc: Document, key: string): number[] | undefined {
  if (!yaml().isMap(doc.contents)) return undefined;
  for (const pair of doc.contents.items) {
    if (yaml().isScalar(pair.key) && pair.key.value === key) return pair.key.range ?? undefined;
  }
  return undefined;
}

function fieldOf(err: ErrorObject): string | undefined {
  if (err.keyword === 'required' && err.instancePath === '') return String(err.params.missingProperty);
  if (err.keyword === 'additionalProperties' && err.instancePath === '') return String(err.params.additionalProperty);
  const top = err.instancePath.split('/')[1];
  return top || undefined;
}

function describe(
  err: ErrorObject,
  doc: Document,
  at: (span: readonly number[] | undefined) => Range,
  firstLine: Range,
): { range: Range; message: string; code: string; severity: ServiceDiagnostic['severity'] } {
  const path = err.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const where = path.join('.');
  const value = path.length ? doc.getIn(path) : undefined;
  const shown = value === undefined ? '' : ` (found ${JSON.stringify(value)})`;
  const range = at(nodeRange(doc, path));
  switch (err.keyword) {
    case 'required':
      if (err.instancePath === '')
        return { range: firstLine, code: KbCode.MissingField, severity: 'error', message: `Missing required field \`${String(err.params.missingProperty)}\`.` };
      return { range, code: KbCode.MissingField, severity: 'error', message: `\`${where}\` needs a \`${String(err.params.missingProperty)}\` field.` };
    case 'additionalProperties': {
      const extra = String(err.params.additionalProperty);
      if (err.instancePath === '')
        return { range: at(keyRange(doc, extra)), code: KbCode.UnknownField, severity: 'warning', message: `Unknown field \`${extra}\`; it is ignored. Known fields are listed in corpus/README.md.` };
      return { range, code: KbCode.UnknownField, severity: 'warning', message: `Unknown field \`${extra}\` in \`${where}\`; it is ignored.` };
    }
    case 'enum':
      return { range, code: KbCode.InvalidField, severity: 'error', message: `\`${where}\` must be \`person\` or \`organization\`${shown}.` };
    case 'pattern':
      return { range, code: KbCode.InvalidField, severity: 'error', message: patternMessage(String(path[0]), shown) };
    case 'type':
      return { range, code: KbCode.InvalidField, severity: 'error', message: `\`${where}\` must be ${article(String(err.params.type))}${shown}.` };
    case 'minLength':
      return { range, code: KbCode.InvalidField, severity: 'error', message: `\`${where}\` must not be empty.` };
    case 'minimum':
      return { range, code: KbCode.InvalidField, severity: 'error', message: `\`${where}\` must be a line number from 1${shown}.` };
    default:
      return { range, code: KbCode.InvalidField, severity: 'error', message: `\`${where || 'front matter'}\` ${err.message ?? 'is invalid'}${shown}.` };
  }
}

function patternMessage(field: string, shown: string): string {
  if (field === 'id') return `\`id\` must be a slug of lowercase letters, digits and hyphens, like \`yakov-blumkin\`${shown}.`;
  if (field === 'wikidata') return `\`wikidata\` must be an item id like \`Q855\`${shown}.`;
  return `\`${field}\` must be a date written 1879, 1879-12 or 1879-12-18, optionally after "c. "${shown}.`;
}

function article(type: string): string {
  const words: Record<string, string> = { string: 'text', array: 'a list', object: 'a set of fields', integer: 'a whole number' };
  return words[type] ?? type;
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The parser notices an unclosed bracket or quote only where it gives up, often lines later;
 * the line that opened it is where the user has to look.
 */
function unclosedOpening(yaml: string, pos: number, message: string): [number, number] | undefined {
  const opener = /quote/i.test(message) ? /["']/ : /flow (sequence|mapping)/i.test(message) ? /[[{]/ : undefined;
  if (!opener) return undefined;
  const lines = yaml.slice(0, pos).split('\n');
  let offset = pos - lines[lines.length - 1]!.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (i < lines.length - 1) offset -= line.length + 1;
    const col = line.search(opener);
    if (col >= 0) return [offset + col, offset + line.length];
  }
  return undefined;
}
