import { NameIndex } from '../recognition/nameIndex';
import { foldKey } from '../text/normalize';
import type { ServiceDiagnostic } from '../types';
import type { EntityFileInput } from '../workspace';
import { KbCode } from './codes';
import type { Entity } from './entity';
import { surfaceForms } from './forms';
import { parseEntityFile, type EntityParser, type ParsedEntityFile } from './parseEntityFile';

/** The loaded entities, the name index built from them, and what is wrong in each entity file. */
export class KnowledgeBase {
  private readonly byId = new Map<string, Entity>();
  private readonly problems = new Map<string, ServiceDiagnostic[]>();
  readonly names = new NameIndex();
  readonly fileUris: string[];
  /** The text each entity file had when loaded, to edit it in place. */
  readonly texts = new Map<string, string>();

  /** Every file as parsed, in load order: another thread can build the same knowledge base from it. */
  readonly parsed: ParsedEntityFile[];

  /**
   * From entity files, read with `parse` (which may remember earlier results), or from files
   * another knowledge base already parsed (`preParsed`, its `parsed`).
   */
  constructor(files: EntityFileInput[], preParsed?: ParsedEntityFile[], parse: EntityParser = parseEntityFile) {
    // Built-in entries first, so that a workspace entry with the same id replaces them.
    const ordered = [...files].sort((a, b) => layerRank(a) - layerRank(b) || compare(a.uri, b.uri));
    for (const f of ordered) this.texts.set(f.uri, f.text);
    const parsed = preParsed ?? ordered.map((f) => parse(f));
    this.parsed = parsed;
    this.fileUris = parsed.map((f) => f.uri);
    const firstById = new Map<string, ParsedEntityFile>();
    for (const file of parsed) {
      this.problems.set(file.uri, file.diagnostics);
      const e = file.entity;
      if (!e) continue;
      const earlier = firstById.get(e.id);
      if (earlier?.entity && earlier.entity.layer === e.layer) {
        this.reportDuplicate(file, earlier);
        continue;
      }
      firstById.set(e.id, file);
      this.byId.set(e.id, e);
    }
    this.checkAliasClashes([...firstById.values()].filter((f) => this.byId.get(f.entity!.id) === f.entity));
    for (const entity of this.byId.values()) {
      for (const form of surfaceForms(entity)) {
        this.names.add(form.text, { entityId: entity.id, origin: form.origin, explicit: form.explicit });
      }
    }
  }

  get(id: string): Entity | undefined {
    return this.byId.get(id);
  }

  all(): Entity[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  diagnosticsFor(uri: string): ServiceDiagnostic[] {
    return this.problems.get(uri) ?? [];
  }

  isEntityFile(uri: string): boolean {
    return this.problems.has(uri);
  }

  private reportDuplicate(file: ParsedEntityFile, earlier: ParsedEntityFile): void {
    const id = file.entity!.id;
    const where = (f: ParsedEntityFile) => `${baseName(f.uri)} (line ${(f.idRange?.start.line ?? 0) + 1})`;
    this.push(file.uri, {
      range: file.idRange ?? file.entity!.nameRange,
      severity: 'error',
      code: KbCode.DuplicateId,
      message: `Duplicate id \`${id}\`: ${where(earlier)} already defines it, so this entry is not loaded.`,
      data: { id, otherUri: earlier.uri },
    });
    this.push(earlier.uri, {
      range: earlier.idRange ?? earlier.entity!.nameRange,
      severity: 'error',
      code: KbCode.DuplicateId,
      message: `Duplicate id \`${id}\`: ${where(file)} defines it too and is not loaded.`,
      data: { id, otherUri: file.uri },
    });
  }

  private checkAliasClashes(files: ParsedEntityFile[]): void {
    const owners = new Map<string, { file: ParsedEntityFile; form: string }>();
    for (const file of files) {
      const entity = file.entity!;
      const shared = new Set(entity.sharedAliases.map(foldKey));
      for (const [form, range] of file.formRanges) {
        const key = foldKey(form);
        const owner = owners.get(key);
        if (!owner) {
          owners.set(key, { file, form });
          continue;
        }
        const other = owner.file.entity!;
        if (other.id === entity.id) continue;
        const otherShares = other.sharedAliases.map(foldKey).includes(key);
        if (shared.has(key) && otherShares) continue;
        const message = (a: Entity, b: Entity) =>
          `“${form}” is claimed by both \`${a.id}\` and \`${b.id}\` (${baseName(b.uri)}). ` +
          'If both really bear this name, list it under `sharedAliases` in both entries; mentions of it are then reported as ambiguous.';
        this.push(file.uri, { range, severity: 'error', code: KbCode.AliasConflict, message: message(entity, other), data: { alias: form, otherId: other.id } });
        const otherRange = owner.file.formRanges.get(owner.form);
        if (otherRange) {
          this.push(owner.file.uri, {
            range: otherRange,
            severity: 'error',
            code: KbCode.AliasConflict,
            message: message(other, entity),
            data: { alias: owner.form, otherId: entity.id },
          });
        }
      }
    }
  }

  private push(uri: string, d: ServiceDiagnostic): void {
    const list = this.problems.get(uri) ?? [];
    list.push(d);
    this.problems.set(uri, list);
  }
}

function layerRank(f: EntityFileInput): number {
  return f.layer === 'builtin' ? 0 : 1;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function baseName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
