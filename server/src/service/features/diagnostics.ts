import { CONTEXT_WINDOW } from '../recognition/mentions';
import type { Mention } from '../recognition/mentions';
import type { SpellingFinding } from '../variants/inconsistent';
import type { Range, ServiceDiagnostic } from '../types';
import type { ServiceContext } from './context';

export const SourceCode = {
  AmbiguousName: 'ambiguous-name',
  GarbledName: 'garbled-name',
  InconsistentSpelling: 'inconsistent-spelling',
} as const;

/** Problems of a knowledge-base file, or the findings in a source document. */
export function diagnostics(ctx: ServiceContext, uri: string): ServiceDiagnostic[] {
  if (ctx.kb.isEntityFile(uri)) return ctx.kb.diagnosticsFor(uri);
  const analysis = ctx.index.get(uri);
  if (!analysis) return [];
  const out: ServiceDiagnostic[] = [];
  for (const m of analysis.mentions) {
    if (m.garbled) {
      if (!m.garbled.sameSounds) out.push(garbledDiagnostic(ctx, m, analysis.rangeOf(m)));
      continue;
    }
    if (m.resolution !== 'ambiguous') continue;
    const names = (m.candidates ?? []).map((id) => ctx.kb.get(id)?.name ?? id);
    out.push({
      range: analysis.rangeOf(m),
      severity: 'hint',
      code: SourceCode.AmbiguousName,
      message: `“${m.text}” could be ${orList(names)}; no unambiguous mention within ${CONTEXT_WINDOW} characters settles which.`,
      data: { candidates: m.candidates },
    });
  }
  for (const f of analysis.spellingFindings(ctx.kb, ctx.preferredSpelling)) out.push(spellingDiagnostic(ctx, f, analysis.rangeOf(f)));
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function spellingDiagnostic(ctx: ServiceContext, f: SpellingFinding, range: Range): ServiceDiagnostic {
  const name = ctx.kb.get(f.entityId)?.name ?? f.entityId;
  const counts = f.counts.map(([w, n]) => `‘${w}’ ${n === 1 ? 'once' : `${n} times`}`);
  const why = ctx.preferredSpelling === 'canonical' ? 'the knowledge base’s form' : 'the document’s most frequent';
  const unrecorded = f.unrecorded ? ' The knowledge base does not record this spelling.' : '';
  return {
    range,
    severity: 'information',
    code: SourceCode.InconsistentSpelling,
    message: `This document spells ${name}’s name ${orList(counts).replace(/ or ([^,]*)$/, ' and $1')}; preferred: ‘${f.preferred}’ (${why}).${unrecorded}`,
    data: { entityId: f.entityId, written: f.written, replacement: f.preferred, unrecorded: f.unrecorded },
  };
}

export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function garbledDiagnostic(ctx: ServiceContext, m: Mention, range: Range): ServiceDiagnostic {
  const g = m.garbled!;
  const name = ctx.kb.get(m.entityId)?.name ?? m.entityId;
  const support = g.support ? ` The document names ${name} ${g.support === 1 ? 'once' : `${g.support} times`} elsewhere.` : '';
  return {
    range,
    severity: 'warning',
    code: SourceCode.GarbledName,
    message: `‘${oneLine(m.text)}’ is probably ${name}: ${g.reasons.join(', ')} (against ‘${g.target}’).${support}`,
    data: { entityId: m.entityId, written: m.text, replacement: g.replacement },
  };
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ');
}
