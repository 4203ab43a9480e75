// The user's record of spellings that do not mean the entity Annalist suggested: a YAML list in
// the workspace, reviewed and committed like any other file.
import { yaml } from '../lazy';
import { foldKey } from '../text/normalize';
import { LineIndex } from '../text/lineIndex';
import type { ServiceDiagnostic } from '../types';

/** Where the record lives, relative to the workspace folder. */
export const DISMISSALS_PATH = '.annalist/not-variants.yaml';

export const DISMISSALS_HEADER = `# Spellings that Annalist took for a garbled name but that mean someone else, or no one.
# Each entry: the spelling, the id of the entity it is not, and the file it applies to
# (relative to the workspace folder; leave out \`file\` to apply it everywhere).
`;

export interface Dismissal {
  spelling: string;
  notEntity: string;
  file?: string;
}

export class Dismissals {
  private readonly entries: Dismissal[] = [];
  readonly problems: ServiceDiagnostic[] = [];

  /**
   * `uri` is the file's own URI (the workspace folder is the folder above `.annalist/`); `exists`
   * says whether it is on disk or open, since a fix must create it otherwise.
   */
  constructor(
    readonly uri?: string,
    readonly text = '',
    readonly exists = false,
  ) {
    if (!text.trim()) return;
    const lines = new LineIndex(text);
    const { isSeq, parseDocument } = yaml();
    const doc = parseDocument(text);
    for (const err of doc.errors) {
      this.problems.push({ range: lines.rangeOf(err.pos[0], err.pos[1]), severity: 'error', code: 'dismissals-yaml-syntax', message: `Invalid YAML: ${err.message.split('\n')[0]}` });
    }
    if (doc.errors.length) return;
    if (!isSeq(doc.contents)) {
      this.problems.push({ range: lines.rangeOf(0, 0), severity: 'error', code: 'dismissals-invalid', message: 'The file must be a list of entries, each `- spelling: …` with `notEntity: …`.' });
      return;
    }
    for (const item of doc.contents.items) {
      const value = (item as { toJSON?: () => unknown }).toJSON?.() as Partial<Dismissal> | undefined;
      const range = (item as { range?: number[] }).range;
      if (value && typeof value.spelling === 'string' && typeof value.notEntity === 'string' && (value.file === undefined || typeof value.file === 'string')) {
        this.entries.push({ spelling: value.spelling, notEntity: value.notEntity, ...(value.file ? { file: value.file } : {}) });
      } else {
        this.problems.push({
          range: range ? lines.rangeOf(range[0]!, range[1]!) : lines.rangeOf(0, 0),
          severity: 'error',
          code: 'dismissals-invalid',
          message: 'Each entry needs `spelling` and `notEntity` (text), and may have `file`.',
        });
      }
    }
  }

  /** The workspace folder's URI, with a trailing slash. */
  get root(): string | undefined {
    return this.uri?.endsWith(DISMISSALS_PATH) ? this.uri.slice(0, -DISMISSALS_PATH.length) : undefined;
  }

  relativePath(docUri: string): string | undefined {
    const root = this.root;
    return root && docUri.startsWith(root) ? decodeURIComponent(docUri.slice(root.length)) : undefined;
  }

  /** Whether the spelling was dismissed for the entity in this document. */
  covers(docUri: string, spelling: string, entityId: string): boolean {
    if (this.entries.length === 0) return false;
    const key = foldKey(spelling);
    const rel = this.relativePath(docUri);
    return this.entries.some((e) => e.notEntity === entityId && foldKey(e.spelling) === key && (e.file === undefined || e.file === rel));
  }
}
