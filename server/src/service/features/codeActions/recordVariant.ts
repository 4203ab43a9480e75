// Adds a spelling to an entity file's `variants` list, touching nothing else in the file:
// comments, quoting and layout stay byte for byte as they were.
import type { Node } from 'yaml';
import { yaml } from '../../lazy';
import { findFrontMatter } from '../../kb/frontMatter';
import { LineIndex } from '../../text/lineIndex';
import type { TextEdit } from '../../types';

/** The edit that records `spelling` under `variants:`, or undefined when the file cannot take it. */
export function recordVariantEdit(fileText: string, spelling: string): TextEdit | undefined {
  const fm = findFrontMatter(fileText);
  if (!fm) return undefined;
  const { isMap, isSeq, parseDocument } = yaml();
  const doc = parseDocument(fm.yaml);
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const lines = new LineIndex(fileText);
  const at = (offset: number) => lines.positionAt(fm.yamlStart + offset);
  const insert = (offset: number, newText: string): TextEdit => ({ range: { start: at(offset), end: at(offset) }, newText });
  const value = yamlScalar(spelling);
  const eol = fileText.includes('\r\n') ? '\r\n' : '\n';

  const variants = doc.get('variants', true) as Node | undefined;
  if (variants && isSeq(variants) && variants.range) {
    const [start, end] = variants.range;
    if (variants.flow) {
      const close = fm.yaml.lastIndexOf(']', end);
      const before = fm.yaml.slice(start + 1, close).trim();
      return insert(close, before === '' || before.endsWith(',') ? ` ${value}` : `, ${value}`);
    }
    const last = variants.items[variants.items.length - 1] as Node | undefined;
    const lineEnd = fm.yaml.indexOf('\n', last?.range ? last.range[1] - 1 : start);
    const first = variants.items[0] as Node | undefined;
    // The list's own dash: the last one before the first item's text ("- -Pauker" has two).
    let dash = first?.range ? first.range[0] - 1 : -1;
    while (dash >= 0 && fm.yaml[dash] === ' ') dash--;
    if (dash >= 0 && fm.yaml[dash] !== '-') dash = -1;
    const indent = dash >= 0 ? dash - (fm.yaml.lastIndexOf('\n', dash) + 1) : 2;
    const where = lineEnd < 0 ? fm.yaml.length : lineEnd;
    const cr = fm.yaml[where - 1] === '\r' ? 1 : 0;
    return insert(where - cr, `${eol}${' '.repeat(indent)}- ${value}`);
  }
  if (variants) return undefined;
  // No list yet: a new field at the end of the front matter.
  const needsBreak = fm.yaml.length > 0 && !fm.yaml.endsWith('\n');
  return insert(fm.yaml.length, `${needsBreak ? eol : ''}variants:${eol}  - ${value}${eol}`);
}

/** A plain scalar when that reads back as the same text, else a double-quoted one. */
export function yamlScalar(text: string): string {
  const plain = /^[\p{L}][\p{L}\p{M}\d .'’-]*$/u.test(text) && !/[ ]$/.test(text) && !/^(yes|no|true|false|null|on|off)$/i.test(text);
  return plain ? text : JSON.stringify(text);
}
