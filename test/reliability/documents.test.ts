// Strange documents, over the protocol (a spawned server) and the command line: each is either
// analysed with exact positions or refused with a message that says why, and the server keeps
// answering. Run: node scripts/test.mjs test/reliability/documents.test.ts
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DocumentHighlight, DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { entity, positionOf, removeWorkspace, runCli, showRun, startSession, workspace, type Session } from './harness';

const ENTITIES = {
  'entities/stalin.md': entity('stalin', 'Joseph Stalin', 'aliases:\n  - Иосиф Сталин\n  - Сталин\n'),
  'entities/trotsky.md': entity('trotsky', 'Leon Trotsky', 'aliases:\n  - Лев Троцкий\n'),
};
const GOOD = 'Stalin and Trotsky quarrelled.\n';
const LIMIT = 6 * 1024 * 1024;
const LINE_5MB = 'Stalin met Trotsky in the hall of the Politburo, and they argued. '.repeat(Math.ceil((5 * 1024 * 1024) / 66));
const RTL = 'قال الرفيق إن Stalin كان هناك. אמר החבר ש־Stalin היה שם.\n';
const CYRILLIC = 'Вчера Сталин спорил с Троцким; Лев Троцкий ушёл.\n';
const ASTRAL = '𓀀𓀁 🙂🇷🇺 Stalin, e\u0301 Trotsky 𝔖 Stalin.\n';
const ENDINGS = {
  crlf: 'First line.\r\nThen Stalin spoke.\r\n\r\nTrotsky answered Stalin.\r\n',
  cr: 'First line.\rThen Stalin spoke.\r\rTrotsky answered Stalin.\r',
  mixed: 'First line.\r\nThen Stalin spoke.\n\rTrotsky answered\rStalin.\r\n',
};
const NUL_TEXT = 'A\u0000B Stalin\u0000 met\u0000\u0000Trotsky. Sta\u0000lin.\n';
const INVALID_UTF8 = Buffer.concat([Buffer.from('Stalin met Trotsky in the caf'), Buffer.from([0xe9, 0x20, 0xff, 0xfe]), Buffer.from('.\n')]);

let ws: string;
let s: Session;

before(async () => {
  ws = workspace({
    ...ENTITIES,
    'sources/good.txt': GOOD,
    'sources/latin1.txt': INVALID_UTF8,
    'sources/nul.txt': Buffer.from(NUL_TEXT),
    'sources/huge-on-disk.txt': Buffer.alloc(LIMIT + 1, 0x61),
  });
  s = await startSession(ws, { settings: { builtInKnowledgeBase: false, maxFileSize: LIMIT } });
});

after(async () => {
  await s?.stop();
  removeWorkspace(ws);
});

/** Hover over a known name in the untouched good document: proof that the server still answers. */
async function stillAnswers(): Promise<void> {
  const uri = s.open('sources/good.txt', GOOD);
  assert.match(await s.hoverText(uri, 0, 1), /\*\*Joseph Stalin\*\*/, 'the server still answers hovers');
}

async function highlights(uri: string, line: number, character: number): Promise<DocumentHighlight[]> {
  return (await s.connection.sendRequest('textDocument/documentHighlight', { textDocument: { uri }, position: { line, character } })) as DocumentHighlight[];
}

describe('documents over the protocol', () => {
  test('an empty document gets empty answers and an empty diagnostics list', async () => {
    const uri = s.open('sources/empty.txt', '');
    assert.equal(await s.hover(uri, 0, 0), null);
    assert.deepEqual(await s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(((await s.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as { data: number[] }).data, []);
    const d = await s.nextDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(d.diagnostics, []);
    // A position past the end of an empty document is no reason to fail.
    assert.equal(await s.hover(uri, 7, 99), null);
    await stillAnswers();
  });

  test('a single line of 5 MB is analysed: names at its start and its end have cards', async () => {
    const uri = s.open('sources/one-line.txt', LINE_5MB);
    const first = await s.hoverText(uri, 0, 1, 60_000);
    assert.match(first, /\*\*Joseph Stalin\*\*/);
    const last = LINE_5MB.lastIndexOf('Trotsky');
    assert.match(await s.hoverText(uri, 0, last + 2, 60_000), /\*\*Leon Trotsky\*\*/);
    const d = await s.nextDiagnostics(uri, (p) => p.version === 1, 60_000);
    assert.ok(d.diagnostics.every((x) => x.range.start.line === 0 && x.range.end.line === 0));
    await stillAnswers();
  });

  for (const [name, text] of Object.entries(ENDINGS)) {
    test(`${name} line endings: every mention is at its exact line and character`, async () => {
      const uri = s.open(`sources/${name}.txt`, text);
      for (const [word, nth, id] of [['Stalin', 0, 'Joseph Stalin'], ['Trotsky', 0, 'Leon Trotsky'], ['Stalin', 1, 'Joseph Stalin']] as const) {
        const at = positionOf(text, word, nth);
        const hover = await s.hover(uri, at.line, at.character + 1);
        assert.ok(hover, `${word} #${nth} at ${at.line}:${at.character}`);
        assert.match((hover.contents as { value: string }).value, new RegExp(`\\*\\*${id}\\*\\*`));
        assert.deepEqual(hover.range, { start: at, end: { line: at.line, character: at.character + word.length } });
      }
      const at = positionOf(text, 'Stalin');
      const marks = await highlights(uri, at.line, at.character);
      assert.deepEqual(
        marks.map((m) => m.range.start),
        [positionOf(text, 'Stalin', 0), positionOf(text, 'Stalin', 1)],
      );
    });
  }

  test('NUL bytes inside an open document break no request; names beside them are found', async () => {
    const uri = s.open('sources/nul-open.txt', NUL_TEXT);
    const at = positionOf(NUL_TEXT, 'Stalin');
    assert.match(await s.hoverText(uri, at.line, at.character + 1), /\*\*Joseph Stalin\*\*/);
    const t = positionOf(NUL_TEXT, 'Trotsky');
    assert.match(await s.hoverText(uri, t.line, t.character + 1), /\*\*Leon Trotsky\*\*/);
    // "Sta\0lin" is not a name; asking there must not fail either.
    const split = positionOf(NUL_TEXT, 'Sta\u0000lin');
    await s.hover(uri, split.line, split.character + 4);
    const symbols = (await s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((x) => x.name).sort(), ['Joseph Stalin', 'Leon Trotsky']);
    await s.nextDiagnostics(uri, (p) => p.version === 1);
  });

  test('right-to-left text around a Latin name keeps exact UTF-16 positions', async () => {
    const uri = s.open('sources/rtl.txt', RTL);
    for (const nth of [0, 1]) {
      const at = positionOf(RTL, 'Stalin', nth);
      const hover = await s.hover(uri, at.line, at.character + 3);
      assert.ok(hover, `Stalin #${nth}`);
      assert.match((hover.contents as { value: string }).value, /\*\*Joseph Stalin\*\*/);
      assert.deepEqual(hover.range, { start: at, end: { line: 0, character: at.character + 6 } });
    }
  });

  test('Cyrillic names given as aliases are recognized in Cyrillic text', async () => {
    const uri = s.open('sources/cyrillic.txt', CYRILLIC);
    const at = positionOf(CYRILLIC, 'Сталин');
    const hover = await s.hover(uri, at.line, at.character + 2);
    assert.match((hover?.contents as { value: string }).value, /\*\*Joseph Stalin\*\*/);
    assert.deepEqual(hover!.range, { start: at, end: { line: 0, character: at.character + 'Сталин'.length } });
    const t = positionOf(CYRILLIC, 'Лев Троцкий');
    assert.match(await s.hoverText(uri, t.line, t.character + 5), /\*\*Leon Trotsky\*\*/);
  });

  test('astral characters and combining marks before names leave UTF-16 positions exact', async () => {
    const uri = s.open('sources/astral.txt', ASTRAL);
    for (const [word, nth] of [['Stalin', 0], ['Trotsky', 0], ['Stalin', 1]] as const) {
      const at = positionOf(ASTRAL, word, nth);
      const hover = await s.hover(uri, at.line, at.character);
      assert.ok(hover, `${word} #${nth} at ${at.character}`);
      assert.deepEqual(hover.range, { start: at, end: { line: 0, character: at.character + word.length } });
    }
  });

  test('a document above annalist.maxFileSize is not analysed: a diagnostic at line 0 and a message say why', async () => {
    const big = `Stalin spoke.\n${'x'.repeat(LIMIT)}\n`;
    const uri = s.open('sources/too-big.txt', big);
    const d = await s.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.equal(d.diagnostics.length, 1);
    const [diag] = d.diagnostics;
    assert.equal(diag!.range.start.line, 0);
    assert.match(diag!.message as string, /not analysed/i);
    assert.match(diag!.message as string, /annalist\.maxFileSize/);
    const shown = await s.waitForMessage(/too-big\.txt.*annalist\.maxFileSize/);
    assert.ok(shown);
    assert.equal(await s.hover(uri, 0, 1), null, 'no analysis of a refused document');
    // Growing it further changes nothing; shrinking it below the limit brings the analysis back.
    s.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'more' }],
    });
    await s.nextDiagnostics(uri, (p) => p.version === 2 && p.diagnostics.length === 1);
    s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'Stalin spoke.\n' }] });
    const back = await s.nextDiagnostics(uri, (p) => p.version === 3);
    assert.deepEqual(back.diagnostics, []);
    assert.match(await s.hoverText(uri, 0, 1), /\*\*Joseph Stalin\*\*/);
    await stillAnswers();
  });

  test('a document closed and opened again at once is analysed from the text it was opened with, not from the disk', async () => {
    const uri = s.open('sources/good.txt', GOOD);
    for (let round = 0; round < 3; round++) {
      // The close starts a read of the file on disk; the open must win over it.
      s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      s.open('sources/good.txt', 'Nothing here.\n', 10 + round);
      await s.nextDiagnostics(uri, (p) => p.version === 10 + round);
      await new Promise((r) => setTimeout(r, 50));
      const symbols = (await s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
      assert.deepEqual(symbols, [], `round ${round}`);
      assert.equal(await s.hover(uri, 0, 1), null, `round ${round}`);
    }
    s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  test('workspace files that are not UTF-8, binary or too large are skipped, each with a message naming it', async () => {
    await s.waitForMessage(/latin1\.txt.*not valid UTF-8/);
    await s.waitForMessage(/nul\.txt.*binary/);
    await s.waitForMessage(/huge-on-disk\.txt: it is 6\.0 MB, above the 6\.0 MB limit \(setting annalist\.maxFileSize\)/);
    // Neither counts as a source: the workspace count covers good.txt only (plus open documents).
    const refs = (await s.connection.sendRequest('textDocument/references', {
      textDocument: { uri: s.open('sources/good.txt', GOOD) },
      position: { line: 0, character: 1 },
      context: { includeDeclaration: false },
    })) as { uri: string }[];
    assert.ok(!refs.some((r) => /latin1|\/nul\.txt|huge-on-disk/.test(r.uri)), refs.map((r) => r.uri).join());
    assert.ok(await s.alive());
  });
});

describe('documents on the command line', () => {
  let dir: string;
  before(() => {
    dir = workspace({
      ...ENTITIES,
      'texts/empty.txt': '',
      'texts/crlf.txt': ENDINGS.crlf,
      'texts/cr.txt': ENDINGS.cr,
      'texts/mixed.txt': ENDINGS.mixed,
      'texts/rtl.txt': RTL,
      'texts/cyrillic.txt': CYRILLIC,
      'texts/astral.txt': ASTRAL,
      'texts/one-line.txt': LINE_5MB,
      'bad/latin1.txt': INVALID_UTF8,
      'bad/nul.txt': Buffer.from(NUL_TEXT),
      'bad/good.txt': GOOD,
    });
  });
  after(() => removeWorkspace(dir));

  test('scan --format json gives exact LSP positions for every kind of line ending and script', async () => {
    const r = await runCli(['scan', '--kb', 'entities/*.md', '--format', 'json', 'texts'], dir, 120_000);
    assert.equal(r.code, 0, showRun(r));
    const files = (JSON.parse(r.stdout) as { files: { path: string; mentions: { range: { start: { line: number; character: number } }; text: string; entityId: string }[] }[] }).files;
    const byName = new Map(files.map((f) => [f.path.replace(/^texts\//, ''), f]));
    assert.deepEqual(byName.get('empty.txt')?.mentions, []);
    for (const [name, text] of [...Object.entries(ENDINGS).map(([k, v]) => [`${k}.txt`, v] as const), ['rtl.txt', RTL] as const, ['astral.txt', ASTRAL] as const]) {
      const got = byName.get(name)!.mentions.map((m) => [m.text, m.range.start]);
      const want: [string, { line: number; character: number }][] = [];
      for (const word of ['Stalin', 'Trotsky']) for (let n = 0; text.split(word).length - 1 > n; n++) want.push([word, positionOf(text, word, n)]);
      const key = (x: [string, { line: number; character: number }]) => x[1].line * 1e6 + x[1].character;
      assert.deepEqual(got.sort((a, b) => key(a as never) - key(b as never)), want.sort((a, b) => key(a) - key(b)), name);
    }
    const cyr = byName.get('cyrillic.txt')!.mentions;
    assert.deepEqual(
      cyr.map((m) => m.entityId),
      ['stalin', 'trotsky', 'trotsky'].slice(0, cyr.length),
    );
    assert.ok(cyr.some((m) => m.entityId === 'stalin' && m.text === 'Сталин'));
    const line = byName.get('one-line.txt')!.mentions;
    assert.ok(line.length > 100_000, `${line.length} mentions in the 5 MB line`);
  });

  test('scan names each unreadable file on its own line, exits 2, and still reports the others', async () => {
    const r = await runCli(['scan', '--kb', 'entities/*.md', 'bad'], dir);
    assert.equal(r.code, 2, showRun(r));
    const errors = r.stderr.trim().split('\n');
    assert.equal(errors.length, 2, showRun(r));
    assert.ok(errors.some((l) => /latin1\.txt.*not valid UTF-8/.test(l)), showRun(r));
    assert.ok(errors.some((l) => /nul\.txt.*binary/.test(l)), showRun(r));
    assert.match(r.stdout, /bad\/good\.txt:1:1: mention: Stalin = stalin/);
  });

  test('scan refuses a file above the size limit by name, without reading it', async () => {
    const big = workspace({ ...ENTITIES, 'huge.txt': Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), 'small.txt': GOOD });
    try {
      const r = await runCli(['scan', '--kb', 'entities/*.md', 'huge.txt', 'small.txt'], big);
      assert.equal(r.code, 2, showRun(r));
      assert.match(r.stderr, /^annalist: cannot read huge\.txt: it is 10\.0 MB, above the 10\.0 MB limit/m);
      assert.match(r.stdout, /small\.txt:1:1: mention: Stalin/);
    } finally {
      removeWorkspace(big);
    }
  });
});
