// The workspace every editor test opens: a temporary copy of the sample sources and one broken
// entity file (for knowledge-base diagnostics). All other entities come from the knowledge base
// built into the extension, the server and the CLI (corpus/entities).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO, 'dist/cli.js');
export const CHAPTER = 'orlov-secret-history-001.txt';
export const BROKEN_ENTITY = '---\nid: broken\ntype: persn\nname: Broken Entry\n---\nA faulty entry: its type is misspelled.\n';

export interface Workspace {
  /** The temporary folder: the workspace (corpus/) and room for profiles beside it. */
  scratch: string;
  /** The workspace folder: sources/ and entities/broken.md. */
  root: string;
  source(name: string): string;
  cleanup(): void;
}

export function makeWorkspace(prefix: string): Workspace {
  const scratch = mkdtempSync(path.join(tmpdir(), `annalist-${prefix}-`));
  const root = path.join(scratch, 'corpus');
  cpSync(path.join(REPO, 'corpus/sources'), path.join(root, 'sources'), { recursive: true });
  mkdirSync(path.join(root, 'entities'));
  writeFileSync(path.join(root, 'entities/broken.md'), BROKEN_ENTITY);
  return {
    scratch,
    root,
    source: (name) => path.join(root, 'sources', name),
    cleanup: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** The 0-based line of `name:` in a built-in entity file: where Go to Definition lands. */
export function nameLine(id: string): number {
  return readFileSync(path.join(REPO, 'corpus/entities', `${id}.md`), 'utf8').split('\n').findIndex((l) => l.startsWith('name:'));
}

/**
 * The first ```LANG code block under a README heading, with the README's placeholder path of the
 * CLI replaced by this checkout's: the editor tests run the configurations the README gives.
 */
export function readmeConfig(heading: string, lang: string): string {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README.md has no heading ‘${heading}’`);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(readme.slice(at));
  if (!m) throw new Error(`README.md has no \`\`\`${lang} block under ‘${heading}’`);
  if (!m[1]!.includes(README_CLI_PATH)) throw new Error(`the ${lang} block under ‘${heading}’ does not use ${README_CLI_PATH}`);
  return m[1]!.split(README_CLI_PATH).join(CLI);
}
export const README_CLI_PATH = '/path/to/annalist/dist/cli.js';

/** The chapter with garbled names: Karl Pauker written “Bokor”, “Paokel”, “Paul Kerr”… */
export const GARBLED_CHAPTER = 'orlov-secret-history-118.txt';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** The offset of an LSP position in a text (lines split at \n, characters in UTF-16 as JavaScript counts them). */
export function offsetAt(text: string, p: LspRange['start']): number {
  let at = 0;
  for (let line = 0; line < p.line; line++) {
    at = text.indexOf('\n', at) + 1;
    if (at === 0) throw new Error(`no line ${p.line}`);
  }
  return at + p.character;
}

export const textAt = (text: string, range: LspRange) => text.slice(offsetAt(text, range.start), offsetAt(text, range.end));

/** A text with one LSP range replaced. */
export const replaceRange = (text: string, range: LspRange, newText: string) =>
  text.slice(0, offsetAt(text, range.start)) + newText + text.slice(offsetAt(text, range.end));

/**
 * Runs an editor in batch mode on a test script that writes what it saw, as JSON, to `out`; fails
 * with the editor's own output when the script wrote nothing or reported an error.
 */
export function runScriptedEditor<T>(editor: string, command: string, args: string[], cwd: string, env: Record<string, string>, out: string): { facts: T; took: number } {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  const took = Date.now() - started;
  let text = '';
  try {
    text = readFileSync(out, 'utf8');
  } catch {
    assert.fail(`${editor} wrote nothing (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  const facts = JSON.parse(text) as T & { error?: string };
  assert.equal(facts.error, undefined, `the ${editor} script failed: ${facts.error}\n${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return { facts, took };
}
