// Records that a spelling here means someone else, or no one, in the workspace's
// `.annalist/not-variants.yaml`, creating it when needed.
import { DISMISSALS_HEADER, type Dismissals } from '../../variants/dismissals';
import { LineIndex } from '../../text/lineIndex';
import type { WorkspaceEditInfo } from '../../types';
import { yamlScalar } from './recordVariant';

export function dismissEdit(dismissals: Dismissals, exists: boolean, currentText: string, docUri: string, spelling: string, entityId: string): WorkspaceEditInfo | undefined {
  if (!dismissals.uri) return undefined;
  const file = dismissals.relativePath(docUri);
  const entry = `- spelling: ${yamlScalar(spelling)}\n  notEntity: ${entityId}\n${file ? `  file: ${yamlScalar(file)}\n` : ''}`;
  if (!exists) {
    return { changes: [{ uri: dismissals.uri, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: DISMISSALS_HEADER + entry }] }] };
  }
  const end = new LineIndex(currentText).positionAt(currentText.length);
  const prefix = currentText.length && !currentText.endsWith('\n') ? '\n' : '';
  return { changes: [{ uri: dismissals.uri, edits: [{ range: { start: end, end }, newText: prefix + entry }] }] };
}
