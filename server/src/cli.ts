// The command-line front end: the same language service as the editor, over whole corpora.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS, type AnnalistSettings } from './common/settings';
import { describeFsError, findFiles, loadKnowledgeBaseFiles, readTextFile, toUri } from './node/files';
import { snapshotParser } from './node/kbSnapshot';
import { loadLexicon } from './node/lexicon';
import { createLanguageService, DISMISSALS_PATH, type LanguageService, type ServiceDiagnostic } from './service';

const USAGE = `Usage:
  annalist scan [--kb GLOB]... [--format text|json] PATH...
  annalist entities [--kb GLOB]... [--format text|json]
  annalist index [--kb GLOB]... [--jobs N] [--format text|json] PATH...
  annalist lsp --stdio
  annalist --help | --version

scan      prints the mentions and diagnostics of each file (folders are searched for *.txt and *.md)
entities  lists the knowledge base
index     reads a whole corpus with one worker per core and prints what it holds: files, size,
          mentions, the entities most named, the diagnostics by kind, time and memory
lsp       starts the language server on standard input and output

--kb GLOB       entity files to use instead of the defaults (repeatable); the defaults are
                ${DEFAULT_SETTINGS.knowledgeBase.join(', ')} under the current folder plus the built-in knowledge base
--format        text (default) or json

Exit status: 0 when every file was read, 1 when a knowledge-base file has errors, 2 for a bad
option or a file that could not be read (the other files are still processed).`;

class UsageError extends Error {}

interface Output {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function main(argv: string[], io: Output = defaultOutput()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await scan(rest, io);
      case 'entities':
        return await entities(rest, io);
      case 'index':
        return await index(rest, io);
      case 'lsp':
        return lsp(rest);
      case '--version':
      case '-v':
        io.out(version());
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return 0;
      case undefined:
        throw new UsageError('missing command');
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`annalist: ${(err as Error).message}. Run 'annalist --help' for usage.`);
      return 2;
    }
    throw err;
  }
}

function options(args: string[], extra: { jobs?: boolean } = {}) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      kb: { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      ...(extra.jobs ? { jobs: { type: 'string' as const } } : {}),
    },
  });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const jobs = (values as { jobs?: string }).jobs;
  if (jobs !== undefined && !/^[1-9]\d*$/.test(jobs)) throw new UsageError(`--jobs must be a whole number from 1, not '${jobs}'`);
  return { kb: values.kb, format: values.format as 'text' | 'json', paths: positionals, jobs: jobs === undefined ? undefined : Number(jobs) };
}

/** The source files under the given paths, as scan would read them; unreadable paths reported. */
async function sourceFiles(paths: string[], service: LanguageService, settings: AnnalistSettings, io: Output, unlisted = new Set<string>()): Promise<{ files: string[]; unreadable: boolean }> {
  let unreadable = false;
  const files: string[] = [];
  for (const p of paths) {
    try {
      const stat = await fs.stat(p);
      if (stat.isDirectory()) {
        // Entity files are never sources, whether the default globs or --kb found them.
        const entries = new Set(service.kb.fileUris);
        const found = await findFiles(p, settings.sources, [...settings.exclude, ...settings.knowledgeBase], (folder, reason) => {
          if (!unlisted.has(path.resolve(folder))) io.err(`annalist: cannot read ${relativeToCwd(folder)}: it ${reason}`);
          unlisted.add(path.resolve(folder));
          unreadable = true;
        });
        files.push(...found.filter((f) => !entries.has(toUri(f))).map(relativeToCwd));
      } else files.push(p);
    } catch (err) {
      io.err(`annalist: cannot read ${p}: it ${describeFsError(err)}`);
      unreadable = true;
    }
  }
  return { files, unreadable };
}

async function index(args: string[], io: Output): Promise<number> {
  const started = performance.now();
  const opts = options(args, { jobs: true });
  if (opts.paths.length === 0) throw new UsageError('index needs at least one file or folder');
  const { service, failed, settings, unlisted } = await loadService(opts.kb, io);
  const found = await sourceFiles(opts.paths, service, settings, io, unlisted);
  let unreadable = found.unreadable;
  const sized = await Promise.all(found.files.map(async (f) => ({ path: f, size: (await fs.stat(f).catch(() => ({ size: 0 }))).size })));
  const { indexCorpus } = require('./node/corpusIndex') as typeof import('./node/corpusIndex');
  const result = await indexCorpus(sized, service.kb.parsed, settings.maxFileSize, opts.jobs);
  const seconds = (performance.now() - started) / 1000;
  const totals = { files: 0, bytes: 0, mentions: 0, entities: {} as Record<string, number>, diagnostics: {} as Record<string, number> };
  for (const f of result.files) {
    if (f.skipped) {
      io.err(`annalist: cannot read ${f.path}: it ${f.skipped}`);
      unreadable = true;
      continue;
    }
    totals.files++;
    totals.bytes += f.bytes;
    totals.mentions += f.mentions;
    for (const [id, n] of Object.entries(f.entities)) totals.entities[id] = (totals.entities[id] ?? 0) + n;
    for (const [code, n] of Object.entries(f.diagnostics)) totals.diagnostics[code] = (totals.diagnostics[code] ?? 0) + n;
  }
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  if (opts.format === 'json') {
    io.out(JSON.stringify({ ...totals, seconds: Math.round(seconds * 1000) / 1000, jobs: result.jobs, peakRssMB }));
  } else {
    const top = Object.entries(totals.entities).sort((a, b) => b[1] - a[1]).slice(0, 10);
    io.out(`${count(totals.files, 'file')}, ${(totals.bytes / 1e6).toFixed(1)} MB: ${count(totals.mentions, 'mention')} of ${count(Object.keys(totals.entities).length, 'entity', 'entities')}`);
    io.out(`most named: ${top.map(([id, n]) => `${id} ${n}`).join(', ')}`);
    io.out(`diagnostics: ${Object.entries(totals.diagnostics).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`);
    io.out(`${seconds.toFixed(2)} s with ${count(result.jobs, 'worker')}, ${(totals.bytes / 1e6 / seconds).toFixed(1)} MB/s, peak memory ${peakRssMB} MB`);
  }
  return unreadable ? 2 : failed ? 1 : 0;
}

/** The knowledge base the extension would use with the current folder open, or the --kb globs. */
async function loadService(kbGlobs: string[] | undefined, io: Output): Promise<{ service: LanguageService; failed: boolean; settings: AnnalistSettings; unlisted: Set<string> }> {
  const settings: AnnalistSettings = kbGlobs ? { ...DEFAULT_SETTINGS, knowledgeBase: kbGlobs, builtInKnowledgeBase: false } : DEFAULT_SETTINGS;
  const kb = await loadKnowledgeBaseFiles([process.cwd()], settings);
  if (kbGlobs && kb.files.length === 0) throw new UsageError(`no entity files match ${kbGlobs.map((g) => `'${g}'`).join(', ')}`);
  const unlisted = new Set<string>();
  // An entity file that cannot be read is a knowledge-base file with an error (exit status 1).
  let failed = kb.skipped.some((s) => !s.folder);
  for (const s of kb.skipped) {
    if (!s.folder) io.err(`annalist: skipped knowledge-base file ${relativeToCwd(s.file)}: it ${s.reason}`);
    else if (!unlisted.has(path.resolve(s.file))) {
      // The search for entity files goes through the whole folder; a folder it cannot list is said once.
      unlisted.add(path.resolve(s.file));
      io.err(`annalist: cannot read ${relativeToCwd(s.file)}: it ${s.reason}`);
    }
  }
  const service = createLanguageService(kb.files, { lexicon: loadLexicon((m) => io.err(`annalist: ${m}`)), keepParagraphScans: false, parseEntityFile: snapshotParser() });
  const dismissals = path.join(process.cwd(), DISMISSALS_PATH);
  const record = await readTextFile(dismissals, settings.maxFileSize);
  service.setDismissals({ uri: toUri(dismissals), text: record.ok ? record.text : '', exists: record.ok });
  for (const uri of service.kb.fileUris) {
    for (const d of service.diagnostics(uri)) {
      io.err(formatDiagnostic(displayPath(uri), d));
      if (d.severity === 'error') failed = true;
    }
  }
  return { service, failed, settings, unlisted };
}

async function scan(args: string[], io: Output): Promise<number> {
  const opts = options(args);
  if (opts.paths.length === 0) throw new UsageError('scan needs at least one file or folder');
  const { service, failed, settings, unlisted } = await loadService(opts.kb, io);
  const found = await sourceFiles(opts.paths, service, settings, io, unlisted);
  let unreadable = found.unreadable;
  const files = found.files;
  const results = [];
  for (const file of files) {
    const read = await readTextFile(file, DEFAULT_SETTINGS.maxFileSize);
    if (!read.ok) {
      io.err(`annalist: cannot read ${file}: it ${read.reason}`);
      unreadable = true;
      continue;
    }
    const uri = toUri(file);
    service.updateSource({ uri, version: read.mtime, text: read.text });
    results.push(fileReport(service, uri, file));
    service.removeSource(uri);
  }
  if (opts.format === 'json') {
    io.out(JSON.stringify({ files: results }));
  } else {
    let mentions = 0;
    let diagnostics = 0;
    const entities = new Set<string>();
    for (const r of results) {
      for (const m of r.mentions) {
        const who = m.resolution === 'ambiguous' ? `${m.candidates!.join(' or ')}?` : m.entityId;
        io.out(`${r.path}:${m.range.start.line + 1}:${m.range.start.character + 1}: mention: ${oneLine(m.text)} = ${who} (${m.resolution})`);
        if (m.resolution !== 'ambiguous') entities.add(m.entityId);
      }
      for (const d of r.diagnostics) io.out(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`);
      mentions += r.mentions.length;
      diagnostics += r.diagnostics.length;
    }
    io.out(`${count(results.length, 'file')}: ${count(mentions, 'mention')} of ${count(entities.size, 'entity', 'entities')}, ${count(diagnostics, 'diagnostic')}`);
  }
  return unreadable ? 2 : failed ? 1 : 0;
}

function fileReport(service: LanguageService, uri: string, file: string) {
  const analysis = service.analysis(uri)!;
  return {
    path: file,
    mentions: analysis.mentions.map((m) => ({
      range: analysis.rangeOf(m),
      text: m.text,
      entityId: m.entityId,
      resolution: m.resolution,
      ...(m.candidates && m.resolution === 'ambiguous' ? { candidates: m.candidates } : {}),
    })),
    diagnostics: service.diagnostics(uri).map((d) => ({
      range: d.range,
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(typeof d.data?.entityId === 'string' ? { entityId: d.data.entityId } : {}),
      ...(typeof d.data?.replacement === 'string' ? { replacement: d.data.replacement } : {}),
    })),
  };
}

async function entities(args: string[], io: Output): Promise<number> {
  const opts = options(args);
  if (opts.paths.length) throw new UsageError(`entities takes no paths (got '${opts.paths[0]}')`);
  const { service, failed } = await loadService(opts.kb, io);
  const list = service.kb
    .all()
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      aliases: e.aliases,
      ...(e.born ?? e.founded ? { born: e.born ?? e.founded } : {}),
      ...(e.died ?? e.dissolved ? { died: e.died ?? e.dissolved } : {}),
      ...(e.wikidata ? { wikidata: e.wikidata } : {}),
      file: displayPath(e.uri),
      line: e.nameRange.start.line + 1,
    }));
  if (opts.format === 'json') io.out(JSON.stringify(list));
  else {
    for (const e of list) {
      const dates = e.born || e.died ? ` (${e.born ?? '?'}–${e.died ?? ''})` : '';
      io.out(`${e.id}\t${e.type}\t${e.name}${dates}${e.aliases.length ? `\taka ${e.aliases.join('; ')}` : ''}`);
    }
    io.out(count(list.length, 'entity', 'entities'));
  }
  return failed ? 1 : 0;
}

function lsp(args: string[]): number {
  if (!args.includes('--stdio')) throw new UsageError('lsp needs --stdio');
  // Loaded only here so that scan and entities start without the protocol libraries.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require('./server') as typeof import('./server');
  const { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)));
  return -1;
}

function formatDiagnostic(file: string, d: ServiceDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}

function displayPath(uri: string): string {
  return relativeToCwd(fileURLToPath(uri));
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function relativeToCwd(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ');
}

function version(): string {
  return typeof ANNALIST_VERSION === 'string' ? ANNALIST_VERSION : 'development';
}

declare const ANNALIST_VERSION: string | undefined;

function defaultOutput(): Output {
  return { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`annalist: internal error: ${String((err as Error)?.stack ?? err)}\n`);
      process.exitCode = 70;
    },
  );
}
