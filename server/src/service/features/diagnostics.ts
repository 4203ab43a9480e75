import { CONTEXT_WINDOW } from '../recognition/mentions';
import type { ServiceDiagnostic } from '../types';
import type { ServiceContext } from './context';

export const SourceCode = {
  AmbiguousName: 'ambiguous-name',
} as const;

/** Problems of a knowledge-base file, or the findings in a source document. */
export function diagnostics(ctx: ServiceContext, uri: string): ServiceDiagnostic[] {
  if (ctx.kb.isEntityFile(uri)) return ctx.kb.diagnosticsFor(uri);
  const analysis = ctx.index.get(uri);
  if (!analysis) return [];
  const out: ServiceDiagnostic[] = [];
  for (const m of analysis.mentions) {
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
  return out;
}

export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
