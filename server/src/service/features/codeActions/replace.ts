import type { DocumentAnalysis } from '../../analysis';
import type { Mention } from '../../recognition/mentions';
import { foldKey } from '../../text/normalize';
import type { Range, TextEdit } from '../../types';
import type { ServiceContext } from '../context';

/** A spelling to replace: what the diagnostic's data carries. */
export interface SpellingFix {
  entityId: string;
  written: string;
  replacement: string;
}

const lineBreaks = (s: string) => s.replace(/-[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '').replace(/\s+/g, ' ');

/** Whether the words at a range still read as the diagnostic said, so a stale fix cannot land elsewhere. */
export function stillWritten(analysis: DocumentAnalysis, range: Range, written: string): boolean {
  const { lines, text } = analysis;
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  // Still a word of its own: the spelling inside a longer word ("BokorSdalin") is not it.
  const letter = /[\p{L}\p{M}]/u;
  if (letter.test(text[start - 1] ?? '') || letter.test(text[end] ?? '')) return false;
  return lineBreaks(text.slice(start, end)) === lineBreaks(written);
}

/** Every place in a document where the same spelling of the same entity is reported. */
export function sameSpellingEdits(ctx: ServiceContext, analysis: DocumentAnalysis, fix: SpellingFix): TextEdit[] {
  const key = foldKey(lineBreaks(fix.written));
  const edits: TextEdit[] = [];
  const matches = (written: string, entityId: string) => entityId === fix.entityId && foldKey(lineBreaks(written)) === key;
  for (const m of analysis.mentions) {
    if (m.garbled && !m.garbled.sameSounds && matches(m.text, m.entityId)) edits.push(edit(analysis, m, fix.replacement));
  }
  for (const f of analysis.spellingFindings(ctx.kb, ctx.preferredSpelling)) {
    if (matches(f.written, f.entityId)) edits.push({ range: analysis.rangeOf(f), newText: fix.replacement });
  }
  return edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function edit(analysis: DocumentAnalysis, m: Mention, newText: string): TextEdit {
  return { range: analysis.rangeOf(m), newText };
}
