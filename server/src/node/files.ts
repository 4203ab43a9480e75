// The file-system side shared by the server and the CLI: finding, reading and vetting files.
import { existsSync, promises as fs, readdir, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import type { AnnalistSettings } from '../common/settings';
import type { EntityFileInput } from '../service/workspace';

export type ReadResult = { ok: true; text: string; mtime: number } | { ok: false; reason: string };

const SNIFF_BYTES = 8000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a text file, refusing what would mislead or stall the analysis, with a reason a user can act on. */
export async function readTextFile(file: string, maxSize: number): Promise<ReadResult> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) return { ok: false, reason: 'is a folder' };
    const tooLarge = sizeProblem(stat.size, maxSize);
    if (tooLarge) return { ok: false, reason: tooLarge };
    const bytes = await fs.readFile(file);
    if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { ok: false, reason: 'looks binary (it contains NUL bytes)' };
    try {
      return { ok: true, text: utf8.decode(bytes), mtime: stat.mtimeMs };
    } catch {
      return { ok: false, reason: 'is not valid UTF-8 text' };
    }
  } catch (err) {
    return { ok: false, reason: describeFsError(err) };
  }
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ELOOP') return 'is a symbolic link loop';
  return (err as Error)?.message ?? String(err);
}

/** Why a file of `bytes` is refused under the size limit, or undefined when it is within it. */
export function sizeProblem(bytes: number, maxSize: number): string | undefined {
  return bytes > maxSize ? `is ${formatSize(bytes)}, above the ${formatSize(maxSize)} limit (setting annalist.maxFileSize)` : undefined;
}

/** The same for a text held in memory (an open document), by its size as UTF-8. */
export function textSizeProblem(text: string, maxSize: number): string | undefined {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most texts need no counting.
  return text.length * 3 <= maxSize ? undefined : sizeProblem(Buffer.byteLength(text, 'utf8'), maxSize);
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export function toUri(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}

/**
 * Files under a folder that match the include globs and none of the exclude globs, sorted. A
 * folder that cannot be listed (no permission) is passed to `unreadable` with the reason, since
 * the globbing itself would pass over it in silence.
 */
export async function findFiles(root: string, include: string[], exclude: string[], unreadable?: (folder: string, reason: string) => void): Promise<string[]> {
  const watched = unreadable && {
    readdir: ((dir: string, options: object, callback: (err: NodeJS.ErrnoException | null, entries: unknown) => void) =>
      readdir(dir, options, (err, entries) => {
        if (err && err.code !== 'ENOENT' && err.code !== 'ENOTDIR') unreadable(path.normalize(dir).replace(/(?<=.)[\\/]+$/, ''), describeFsError(err));
        callback(err, entries);
      })) as unknown as typeof readdir,
  };
  const found = await glob(include, { cwd: root, ignore: exclude, absolute: true, onlyFiles: true, followSymbolicLinks: false, dot: false, ...(watched ? { fs: watched } : {}) });
  return found.map((f) => path.normalize(f)).sort();
}

/** A matcher for paths relative to a workspace folder. */
export function globMatcher(include: string[], exclude: string[] = []): (relative: string) => boolean {
  const inc = picomatch(include, { dot: false });
  const exc = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  return (relative) => {
    const p = relative.split(path.sep).join('/');
    return inc(p) && !exc(p);
  };
}

/**
 * The knowledge base that ships with Annalist: `corpus/entities` beside the bundle
 * (dist/…) or, when running from source, at the repository root.
 */
export function builtInKnowledgeBaseDir(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'corpus', 'entities');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

export interface KnowledgeBaseFiles {
  files: EntityFileInput[];
  /** Files that could not be used, and folders (`folder`) that could not be listed. */
  skipped: { file: string; reason: string; folder?: boolean }[];
}

/** Entity files of the given folders, plus the built-in ones unless a folder already is the built-in knowledge base. */
export async function loadKnowledgeBaseFiles(roots: string[], settings: AnnalistSettings, overrides = new Map<string, string>()): Promise<KnowledgeBaseFiles> {
  const out: KnowledgeBaseFiles = { files: [], skipped: [] };
  const seen = new Set<string>();
  const readOne = async (file: string, layer: EntityFileInput['layer']): Promise<{ file: EntityFileInput } | { skipped: { file: string; reason: string } }> => {
    const uri = toUri(file);
    const open = overrides.get(uri);
    if (open !== undefined) return { file: { uri, text: open, layer } };
    const read = await readTextFile(file, settings.maxFileSize);
    return read.ok ? { file: { uri, text: read.text, layer } } : { skipped: { file, reason: read.reason } };
  };
  // Found first, then read together: hundreds of small files read one after another cost more
  // than the parsing does. Workspace files come first so that they win over the built-in copies.
  const found: [string, EntityFileInput['layer']][] = [];
  const unreadable = (folder: string, reason: string) => out.skipped.push({ file: folder, reason, folder: true });
  for (const root of roots) {
    for (const file of await findFiles(root, settings.knowledgeBase, [...settings.exclude, '**/README.md'], unreadable)) found.push([file, 'workspace']);
  }
  const builtIn = settings.builtInKnowledgeBase ? builtInKnowledgeBaseDir() : undefined;
  if (builtIn) {
    for (const file of await findFiles(builtIn, ['*.md'], ['README.md'])) found.push([file, 'builtin']);
  }
  const unique = found.filter(([file]) => {
    const real = safeRealpath(file);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
  const results = await Promise.all(unique.map(([file, layer]) => readOne(file, layer)));
  for (const r of results) {
    if ('skipped' in r) out.skipped.push(r.skipped);
    else out.files.push(r.file);
  }
  return out;
}

function safeRealpath(file: string): string {
  try {
    // The system's realpath, one call per file: the JavaScript one walks every folder of the path,
    // which for the knowledge base's hundreds of files was a noticeable part of a start.
    return realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}
