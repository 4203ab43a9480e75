// Quick fixes for spelling diagnostics. Everything they need travels in the diagnostic's data,
// and every edit is checked against the text it names before it is offered.
import type { CodeActionInfo, Range, ServiceDiagnostic, TextEdit } from '../../types';
import type { Dismissals } from '../../variants/dismissals';
import type { ServiceContext } from '../context';
import { SourceCode } from '../diagnostics';
import { dismissEdit } from './dismiss';
import { recordVariantEdit } from './recordVariant';
import { sameSpellingEdits, stillWritten, type SpellingFix } from './replace';

export function codeActions(ctx: ServiceContext, dismissals: Dismissals, uri: string, range: Range, diagnostics: ServiceDiagnostic[]): CodeActionInfo[] {
  const analysis = ctx.index.get(uri);
  if (!analysis) return [];
  const out: CodeActionInfo[] = [];
  for (const d of diagnostics) {
    if (d.code !== SourceCode.GarbledName && d.code !== SourceCode.InconsistentSpelling) continue;
    const fix = spellingFix(d.data);
    if (!fix || !overlaps(d.range, range) || !stillWritten(analysis, d.range, fix.written)) continue;
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
    if (record) out.push(action(`Record ‘${written}’ as a spelling of ${entity.name} (in ${fileName(entity.uri)})`, [{ uri: entity.uri, edits: [record] }]));

    if (d.code === SourceCode.GarbledName) {
      const dismiss = dismissEdit(dismissals, dismissals.exists, dismissals.text, uri, written, entity.id);
      if (dismiss) out.push(action(`‘${written}’ here is not ${entity.name} (note it in ${fileName(dismissals.uri!)})`, dismiss.changes));
    }
  }
  return out;
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
