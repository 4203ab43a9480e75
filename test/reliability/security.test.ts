// Hostile content and a server under audit: knowledge-base text becomes inert Markdown (no command
// or javascript: links, no raw HTML, links only into the workspace, the knowledge base or a
// validated Wikidata page), and a whole session neither writes a file, nor reaches the network,
// nor starts a process, nor evaluates code.
// Run: node scripts/test.mjs test/reliability/security.test.ts
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// markdown-it (here through @vscode/vsce) parses as CommonMark does; VS Code's renderer adds GFM
// autolinks, checked apart below. It ships no types: the little used here is declared.
interface MdToken {
  type: string;
  content: string;
  children: MdToken[] | null;
  attrGet(name: string): string | null;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { validateLink: (url: string) => boolean; parse(src: string, env: object): MdToken[]; render(src: string): string };
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { linkPolicy, safeMarkdown } from '../../server/src/service/features/safeMarkdown';
import { entity, positionOf, REPO, removeWorkspace, startSession, uriOf, workspace, type Session } from './harness';

const BUILT_IN_KB = path.join(REPO, 'corpus/entities');

const EVIL = [
  '[x](command:workbench.action.quit)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[js](javascript:alert(1))',
  '<javascript:alert(1)>',
  '<a href="command:x">a</a>',
  '![pixel](https://evil.example/p.png)',
  '[[nested](command:y)](command:z)',
  '[ref][r]',
  'https://evil.example/autolink',
  'www.evil.example',
  '[spaced] (command:spaced)',
  '[angle](<command:angle>)',
  '[title](command:t "t")',
  '&lt;script&gt; &#106;avascript:alert(1)',
  '`<code>` [c](command:code)',
].join(' ');

const HOSTILE = [
  '---',
  'id: hostile',
  'type: person',
  'name: "Ivan Evilov"',
  'aliases:',
  '  - Evilov',
  '  - "Evil [x](command:workbench.action.quit) <img src=x onerror=alert(1)>"',
  'born: "1890"',
  'roles:',
  `  - ${JSON.stringify(`Role ${EVIL}`)}`,
  '  - "<script>alert(1)</script>"',
  '  - "[click](javascript:alert(1))"',
  'wikidata: "Q1) [evil](command:x"',
  'dateNote: "[d](command:d) <b onmouseover=alert(1)>bold</b>"',
  'sources:',
  '  - file: "text.txt](command:evil) <img src=x>"',
  '    line: 1',
  '    note: "[n](command:n) <script>x</script>"',
  '  - file: text.txt',
  '    line: 1',
  '    note: "<svg onload=alert(1)> [n](javascript:n)"',
  '---',
  `Biography. ${EVIL}`,
  '',
  '[r]: command:workbench.action.quit',
  '[R2]: javascript:alert(1) "title"',
  '',
  '<div onclick="alert(1)">block html</div>',
  '',
  '<script>',
  'alert(1)',
  '</script>',
  '',
].join('\n');

// A second entity sharing an alias with the first, so that the ambiguous card shows both names.
const NAMESAKE = [
  '---',
  'id: namesake',
  'type: person',
  'name: "Pyotr Evilov"',
  'aliases:',
  '  - Evilov',
  'sharedAliases:',
  '  - Evilov',
  'roles:',
  `  - ${JSON.stringify(`Namesake ${EVIL}`)}`,
  'wikidata: Q42',
  '---',
  `A namesake. ${EVIL}`,
  '',
].join('\n');

const TEXT = 'Ivan Evilov wrote to Pyotr Evilov. Later he met Stalin.\n';
// Alone, with no full name nearby, the shared alias is ambiguous.
const ALONE = 'Evilov came alone.\n';

/** Every link and image target the Markdown yields, and every piece of raw HTML. */
function inspect(markdown: string): { links: string[]; html: string[] } {
  const md = new MarkdownIt({ html: true, linkify: true });
  // Let every target through, so that the test sees what a laxer renderer would make of it.
  md.validateLink = () => true;
  const links: string[] = [];
  const html: string[] = [];
  const walk = (tokens: MdToken[]) => {
    for (const t of tokens) {
      if (t.type === 'html_inline' || t.type === 'html_block') html.push(t.content);
      if (t.type === 'link_open') links.push(t.attrGet('href') ?? '');
      if (t.type === 'image') links.push(t.attrGet('src') ?? '');
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return { links, html };
}

function insideFolder(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** A link a hover may carry: a file of the workspace or the knowledge base, or a Wikidata item. */
function allowedLink(href: string, ws: string): boolean {
  if (/^https:\/\/www\.wikidata\.org\/wiki\/Q[1-9]\d*$/.test(href)) return true;
  if (!href.startsWith('file:')) return false;
  const file = fileURLToPath(href.replace(/#L\d+$/, ''));
  return insideFolder(file, ws) || insideFolder(file, BUILT_IN_KB);
}

/** What VS Code's renderer (GFM) would turn into a link although CommonMark does not. */
function gfmAutolinks(markdown: string): string[] {
  // Backslash escapes break an autolink, as they do in the renderer.
  return [...markdown.matchAll(/(?<![\\\w])(?:https?:\/\/|www\.)[^\s<]*/g)].map((m) => m[0]).filter((u) => !/^https:\/\/www\.wikidata\.org\/wiki\/Q[1-9]\d*\)?$/.test(u));
}

function assertSafe(markdown: string, ws: string): void {
  const { links, html } = inspect(markdown);
  assert.deepEqual(html, [], `raw HTML in:\n${markdown}`);
  for (const href of links) assert.ok(allowedLink(href, ws), `link to ${href} in:\n${markdown}`);
  assert.deepEqual(gfmAutolinks(markdown), [], `a bare address a GFM renderer would link, in:\n${markdown}`);
  assert.doesNotMatch(markdown, /(?<!\\)\]\((?:command|javascript):/i);
}

describe('hostile knowledge-base text in hovers', () => {
  let ws: string;
  let s: Session;
  let uri: string;
  before(async () => {
    ws = workspace({
      'entities/hostile.md': HOSTILE,
      'entities/namesake.md': NAMESAKE,
      'entities/stalin.md': entity('stalin', 'Joseph Stalin', 'wikidata: Q855\n'),
      'sources/text.txt': TEXT,
      'sources/alone.txt': ALONE,
    });
    s = await startSession(ws, { settings: { builtInKnowledgeBase: false } });
    uri = s.open('sources/text.txt', TEXT);
  });
  after(async () => {
    await s?.stop();
    removeWorkspace(ws);
  });

  test('the card of an entity with hostile fields has no command or javascript link, no raw HTML, and only allowed links', async () => {
    const at = positionOf(TEXT, 'Ivan Evilov');
    const card = await s.hoverText(uri, at.line, at.character + 1);
    assert.match(card, /Ivan Evilov/);
    assert.match(card, /Biography\./, 'the biography is shown');
    assertSafe(card, ws);
    const { links } = inspect(card);
    assert.ok(links.includes(`${uriOf(ws, 'entities/hostile.md')}#L4`), `a link to the entry: ${links.join(' ')}`);
    assert.ok(!links.some((l) => l.includes('wikidata')), 'a malformed Wikidata id gets no link');
  });

  test('the ambiguous card naming hostile entities is safe too', async () => {
    const alone = s.open('sources/alone.txt', ALONE);
    const card = await s.hoverText(alone, 0, 1);
    assert.match(card, /could be any of/);
    assertSafe(card, ws);
  });

  test('the card of the namesake links to its Wikidata item and nothing else outside', async () => {
    const at = positionOf(TEXT, 'Pyotr Evilov');
    const card = await s.hoverText(uri, at.line, at.character + 1);
    assertSafe(card, ws);
    assert.ok(inspect(card).links.includes('https://www.wikidata.org/wiki/Q42'));
  });

  test('the entity file is reported at its faulty line (the Wikidata id), not rejected whole', async () => {
    const d = await s.nextDiagnostics(uriOf(ws, 'entities/hostile.md'));
    const wikidataLine = HOSTILE.split('\n').findIndex((l) => l.startsWith('wikidata:'));
    assert.ok(d.diagnostics.some((x: Diagnostic) => x.range.start.line === wikidataLine), JSON.stringify(d.diagnostics));
  });
});

describe('the server-side gate on hover Markdown', () => {
  const gate = (md: string) => safeMarkdown(md, linkPolicy((uri) => uri.startsWith('file:///kb/')));

  test('leaves what a reader sees unchanged: every built-in biography renders the same through it', () => {
    const md = new MarkdownIt({ html: true, linkify: true });
    let checked = 0;
    for (const name of readdirSync(BUILT_IN_KB).filter((n) => n.endsWith('.md') && n !== 'README.md')) {
      const biography = readFileSync(path.join(BUILT_IN_KB, name), 'utf8').split(/^---$/m).slice(2).join('---');
      assert.equal(md.render(gate(biography)), md.render(biography), name);
      checked++;
    }
    assert.ok(checked > 50, `${checked} biographies`);
  });

  test('keeps allowed links and unwraps every other', () => {
    assert.equal(gate('[entry](file:///kb/a.md#L3) · [W](https://www.wikidata.org/wiki/Q855)'), '[entry](file:///kb/a.md#L3) · [W](https://www.wikidata.org/wiki/Q855)');
    assert.equal(gate('[x](file:///etc/passwd)'), '\\[x\\](file\\:///etc/passwd)');
    assert.equal(gate('[W](https://www.wikidata.org/wiki/Q1x)'), '\\[W\\](https\\://www\\.wikidata.org/wiki/Q1x)');
    assert.equal(gate('[<b>x</b>](file:///kb/a.md)'), '[&lt;b>x&lt;/b>](file:///kb/a.md)');
    assert.equal(gate('`[x](command:y)` and <i>'), '`[x](command:y)` and &lt;i>');
    assert.equal(gate('mail me@evil.example'), 'mail me\\@evil.example');
  });
});

/** Every path under a folder with its kind, size, time and content hash. */
function tree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      const st = lstatSync(file);
      const rel = path.relative(root, file);
      if (st.isSymbolicLink()) out.set(rel, `link ${readlinkSync(file)}`);
      else if (st.isDirectory()) {
        out.set(rel, `dir ${st.mode}`);
        walk(file);
      } else out.set(rel, `file ${st.mode} ${st.size} ${st.mtimeMs} ${createHash('sha1').update(readFileSync(file)).digest('hex')}`);
    }
  };
  walk(root);
  return out;
}

/** What the audit reported for a server session, without its `ready` line. */
const audited = (s: Session) =>
  s
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('ANNALIST-AUDIT ') && !l.startsWith('ANNALIST-AUDIT ready '));

const PRELOAD = path.join(__dirname, 'audit-preload.cjs');

describe('a whole session under audit', () => {
  test('the server writes no file, reaches no network, starts no process, and evaluates no text of the workspace', async () => {
    // The code a server makes from strings when it validates one plain entity file (the schema
    // validator, compiled on first use): the only code allowed.
    const bare = workspace({ 'entities/plain.md': entity('plain', 'Plain Person', '') });
    const idle = await startSession(bare, { nodeArgs: ['--require', PRELOAD] });
    await idle.stop();
    removeWorkspace(bare);
    assert.match(idle.stderr(), /^ANNALIST-AUDIT ready \d+$/m, 'the audit was loaded');
    const ownCode = audited(idle);
    assert.ok(ownCode.every((l) => / code /.test(l)), ownCode.join('\n'));

    const ws = workspace({
      'entities/hostile.md': HOSTILE,
      'entities/stalin.md': entity('stalin', 'Joseph Stalin', 'wikidata: Q855\naliases:\n  - Koba\n'),
      'sources/text.txt': `${TEXT}Stalin and Stalin and Koba. Stalyn wrote.\n`,
      'sources/other.md': '# Notes\n\nKoba, that is Stalin, and Stalin again.\n',
    });
    const before = tree(ws);
    const s = await startSession(ws, { settings: { builtInKnowledgeBase: true }, nodeArgs: ['--require', PRELOAD] });
    try {
      const text = readFileSync(path.join(ws, 'sources/text.txt'), 'utf8');
      const uri = s.open('sources/text.txt', text);
      const ask = (method: string, params: object) => s.connection.sendRequest(method, { textDocument: { uri }, ...params });
      const at = positionOf(text, 'Stalin');
      await s.hover(uri, at.line, at.character + 1);
      await s.hover(uri, 0, 1);
      await ask('textDocument/definition', { position: at });
      await ask('textDocument/references', { position: at, context: { includeDeclaration: true } });
      await ask('textDocument/documentHighlight', { position: at });
      await ask('textDocument/documentSymbol', {});
      await ask('textDocument/semanticTokens/full', {});
      await s.connection.sendRequest('workspace/symbol', { query: 'Evil' });
      await s.connection.sendRequest('annalist/listEntities');
      // Every quick fix is offered as an edit for the client to apply; none is applied by the server.
      const diagnostics = (await s.nextDiagnostics(uri, (p) => p.version === 1)).diagnostics;
      let actions = 0;
      for (const d of diagnostics) {
        const found = (await ask('textDocument/codeAction', { range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
        actions += found.length;
      }
      s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Stalyn and Koba. ' }],
      });
      s.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
      await s.nextDiagnostics(uri, (p) => p.version === 2);
      s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ws, 'entities/stalin.md'), type: 2 }] });
      await s.connection.sendRequest('annalist/reindex');
      s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.ok(await s.alive());
      assert.ok(actions > 0, 'the session asked for quick fixes and got some');
    } finally {
      await s.stop();
    }
    assert.match(s.stderr(), /^ANNALIST-AUDIT ready \d+$/m, 'the audit was loaded');
    // Nothing refused, and no code but the server's own, byte for byte the same as in a bare start.
    assert.deepEqual(audited(s), ownCode);
    assert.ok(!s.logs.some((m) => /EvalError|refused by the test audit/.test(m.message)), s.logs.map((m) => m.message).join('\n'));
    const after = tree(ws);
    assert.deepEqual([...after], [...before], 'the workspace is unchanged, file for file and byte for byte');
    removeWorkspace(ws);
  });

  test('the audit itself refuses what it should (so that its silence means something)', async () => {
    const { spawnSync } = await import('node:child_process');
    const probe = [
      "try { require('net').connect(80, 'example.org') } catch {}",
      "try { require('https').get('https://example.org/') } catch {}",
      "try { require('fs').writeFileSync('/tmp/annalist-audit-probe', 'x') } catch {}",
      "try { require('fs').openSync('/tmp/annalist-audit-probe', 'w') } catch {}",
      "try { require('child_process').execSync('true') } catch {}",
      "eval('1 + 1'); new Function('return 1')();",
      "const s = require('net').connect(1, '127.0.0.1'); s.on('error', () => {});",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--require', PRELOAD, '-e', probe], { encoding: 'utf8' });
    const kinds = r.stderr.split('\n').filter((l) => l.startsWith('ANNALIST-AUDIT ')).map((l) => l.split(' ').slice(1, 3).join(' '));
    assert.deepEqual(kinds.slice(1), ['network connect', 'network get', 'write fs.writeFileSync', 'write fs.openSync', 'process execSync', 'code eval', 'code Function']);
  });
});

// Hover type, for the compiler only.
export type { Hover };
