// Quick fixes for spelling diagnostics. Everything they need travels in the diagnostic's data,
// and every edit is checked against the text it names before it is offered.
import type { CodeActionInfo, Range, ServiceDiagnostic, TextEdit } from '../../types';
import type { Dismissals } from '../../variants/dismissals';
import type { ServiceContext } from '../context';
import { diagnostics as diagnostics_, SourceCode } from '../diagnostics';
import { LineIndex } from '../../text/lineIndex';
import { dismissEdit } from './dismiss';
import { recordVariantEdit } from './recordVariant';
import { sameSpellingEdits, stillWritten, type SpellingFix } from './replace';

export function codeActions(ctx: ServiceContext, dismissals: Dismissals, uri: string, range: Range, diagnostics: ServiceDiagnostic[]): CodeActionInfo[] {
  const analysis = ctx.index.get(uri);
  if (!analysis) return [];
  const out: CodeActionInfo[] = [];
  let current: ServiceDiagnostic[] | undefined;
  const handled = new Set<string>();
  for (const sent of diagnostics) {
    if (sent.code !== SourceCode.GarbledName && sent.code !== SourceCode.InconsistentSpelling) continue;
    const fix = spellingFix(sent.data);
    if (!fix) continue;
    let d = sent;
    if (!overlaps(d.range, range) || !stillWritten(analysis, d.range, fix.written)) {
      // Some clients send the diagnostic back with its range counted otherwise (Neovim 0.7 in
      // bytes): the same finding, as the server has it now, at the place asked about, is the one
      // meant. A finding elsewhere is not offered.
      current ??= diagnostics_(ctx, uri);
      const same = current.find((c) => c.code === sent.code && overlaps(c.range, range) && sameFix(spellingFix(c.data), fix));
      if (!same || !stillWritten(analysis, same.range, fix.written)) continue;
      d = same;
    }
    const place = `${d.code}:${d.range.start.line}:${d.range.start.character}`;
    if (handled.has(place)) continue;
    handled.add(place);
    const entity = ctx.kb.get(fix.entityId);
    if (!entity) continue;
    const written = oneLine(fix.written);
    const action = (title: string, changes: CodeActionInfo['edit']['changes'], isPreferred = false): CodeActionInfo => ({
      title,
      kind: 'quickfix',
      diagnostics: [d],
      edit: { changes },
      ...(isPreferred ? { isPreferred } : {}),
    });

    out.push(action(`Replace ‘${written}’ with ‘${fix.replacement}’`, [{ uri, edits: [{ range: d.range, newText: fix.replacement }] }], true));

    const inDocument = sameSpellingEdits(ctx, analysis, fix);
    if (inDocument.length > 1) {
      out.push(action(`Replace all ${inDocument.length} ‘${written}’ in this document with ‘${fix.replacement}’`, [{ uri, edits: inDocument }]));
    }
    const inWorkspace: { uri: string; edits: TextEdit[] }[] = [];
    for (const other of ctx.index.analyses()) {
      const edits = other.uri === uri ? inDocument : sameSpellingEdits(ctx, other, fix);
      if (edits.length) inWorkspace.push({ uri: other.uri, edits });
    }
    const total = inWorkspace.reduce((n, c) => n + c.edits.length, 0);
    if (inWorkspace.length > 1) {
      out.push(action(`Replace all ${total} ‘${written}’ in ${inWorkspace.length} workspace files with ‘${fix.replacement}’`, inWorkspace));
    }

    const unrecorded = d.code === SourceCode.GarbledName || d.data?.unrecorded === true;
    const entityText = ctx.kb.texts.get(entity.uri);
    const record = unrecorded && entityText !== undefined ? recordVariantEdit(entityText, written) : undefined;
    if (record && entity.layer === 'workspace') {
      out.push(action(`Record ‘${written}’ as a spelling of ${entity.name} (in ${fileName(entity.uri)})`, [{ uri: entity.uri, edits: [record] }]));
    } else if (record && entityText !== undefined && dismissals.root) {
      // A built-in entry belongs to the extension, and an update would lose the spelling: the
      // workspace gets its own copy of the entry, which replaces the built-in one by its id.
      const copy = `${dismissals.root}entities/${entity.id}.md`;
      if (!ctx.kb.isEntityFile(copy)) {
        const text = applyEdit(entityText, record);
        out.push(action(`Record ‘${written}’ as a spelling of ${entity.name} (in a workspace copy, entities/${entity.id}.md)`, [{ uri: copy, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] }]));
      }
    }

    if (d.code === SourceCode.GarbledName) {
      const dismiss = dismissEdit(dismissals, dismissals.exists, dismissals.text, uri, written, entity.id);
      if (dismiss) out.push(action(`‘${written}’ here is not ${entity.name} (note it in ${fileName(dismissals.uri!)})`, dismiss.changes));
    }
  }
  return out;
}

function sameFix(a: SpellingFix | undefined, b: SpellingFix): boolean {
  return !!a && a.entityId === b.entityId && a.written === b.written && a.replacement === b.replacement;
}

/** Applies one edit to a text (for a copy made with the edit in it). */
function applyEdit(text: string, edit: TextEdit): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

function spellingFix(data: Record<string, unknown> | undefined): SpellingFix | undefined {
  if (!data) return undefined;
  const { entityId, written, replacement } = data;
  if (typeof entityId !== 'string' || typeof written !== 'string' || typeof replacement !== 'string') return undefined;
  return { entityId, written, replacement };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function oneLine(s: string): string {
  return s.replace(/-[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '').replace(/\s+/g, ' ');
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
