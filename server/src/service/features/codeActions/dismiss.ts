// Records that a spelling here means someone else, or no one, in the workspace's
// `.annalist/not-variants.yaml`, creating it when needed. The entry is inserted where the list
// the file already holds continues, in that list's own style; a file that holds no list is left
// alone (no action) rather than rewritten.
import type { Node } from 'yaml';
import { yaml } from '../../lazy';
import { DISMISSALS_HEADER, type Dismissals } from '../../variants/dismissals';
import { LineIndex } from '../../text/lineIndex';
import type { WorkspaceEditInfo } from '../../types';
import { yamlScalar } from './recordVariant';

export function dismissEdit(dismissals: Dismissals, exists: boolean, currentText: string, docUri: string, spelling: string, entityId: string): WorkspaceEditInfo | undefined {
  if (!dismissals.uri) return undefined;
  const file = dismissals.relativePath(docUri);
  const fields: [string, string][] = [
    ['spelling', yamlScalar(spelling)],
    ['notEntity', entityId],
    ...(file ? [['file', yamlScalar(file)] as [string, string]] : []),
  ];
  const block = (indent: string) => fields.map(([k, v], i) => `${indent}${i === 0 ? '- ' : '  '}${k}: ${v}\n`).join('');
  if (!exists) {
    return { changes: [{ uri: dismissals.uri, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: DISMISSALS_HEADER + block('') }] }] };
  }
  const insertion = whereToInsert(currentText, block, `{ ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }`);
  if (!insertion) return undefined;
  const at = new LineIndex(currentText).positionAt(insertion.offset);
  return { changes: [{ uri: dismissals.uri, edits: [{ range: { start: at, end: at }, newText: insertion.text }] }] };
}

/** Where and what to insert so that the file's list gains one entry, or undefined when it holds no list. */
function whereToInsert(text: string, block: (indent: string) => string, flowEntry: string): { offset: number; text: string } | undefined {
  const { isSeq, parseDocument } = yaml();
  const doc = parseDocument(text);
  if (doc.errors.length) return undefined;
  const contents = doc.contents as Node | null;
  if (contents === null) {
    // Only comments, or nothing: the list starts at the end.
    return { offset: text.length, text: (text.length && !text.endsWith('\n') ? '\n' : '') + block('') };
  }
  if (!isSeq(contents) || !contents.range) return undefined;
  const [start, end] = contents.range;
  if (contents.flow) {
    const close = text.lastIndexOf(']', end);
    const before = text.slice(start + 1, close).trim();
    return { offset: close, text: before === '' || before.endsWith(',') ? ` ${flowEntry}` : `, ${flowEntry}` };
  }
  // A block list continues on the line after its last item, at its own indentation, and before
  // any document end marker.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = text.slice(lineStart, start);
  if (!/^[ ]*$/.test(indent)) return undefined;
  let offset = end;
  while (offset < text.length && text[offset - 1] !== '\n') offset++;
  return { offset, text: (text[offset - 1] === '\n' ? '' : '\n') + block(indent) };
}
