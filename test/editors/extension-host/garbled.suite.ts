// Garbled names and their quick fixes, as VS Code holds and applies them. Orlov's chapter 118
// garbles Karl Pauker's name as “Bokor”, “Paokel”, “Paul Kerr” and more. Every fix applied here
// is undone before the test ends (revert, never save; the dismissals file is deleted), and each
// test waits until the server has published the chapter's warnings again, so the next one starts
// from the text on disk.
import assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import {
  builtInEntityUri,
  codeActions,
  codeOf,
  coveredText,
  GARBLED_CHAPTER,
  hover,
  hoverText,
  openSource,
  positionOf,
  readText,
  revertAndClose,
  serverReady,
  waitForDiagnostics,
  workspaceUri,
} from './helpers';

const SPELLINGS = ['Bokor', 'Paokel', 'Paul Kerr'];

suite('garbled names', () => {
  let doc: vscode.TextDocument;
  let original: string;
  /** How many garbled-name warnings each spelling has in the chapter as it is on disk. */
  let baseline: Map<string, number>;

  const garbled = (ds: readonly vscode.Diagnostic[], written?: string) =>
    ds.filter((d) => codeOf(d) === 'garbled-name' && (written === undefined || coveredText(doc, d) === written));
  const countBySpelling = (ds: readonly vscode.Diagnostic[]) => {
    const counts = new Map<string, number>();
    for (const d of garbled(ds)) counts.set(coveredText(doc, d), (counts.get(coveredText(doc, d)) ?? 0) + 1);
    return counts;
  };
  const sameCounts = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, n]) => b.get(k) === n);
  /** The warnings as they were before a fix, once the server has published them again. */
  const backToBaseline = () => waitForDiagnostics(doc.uri, (ds) => sameCounts(countBySpelling(ds), baseline));
  /** The first warning on a spelling, and the quick fixes VS Code offers for it. */
  async function fixesFor(written: string) {
    const warning = garbled(vscode.languages.getDiagnostics(doc.uri), written)[0];
    assert.ok(warning, `no garbled-name warning on ‘${written}’`);
    return { warning, actions: await codeActions(doc.uri, warning.range) };
  }
  const titled = (actions: vscode.CodeAction[], start: string) => {
    const found = actions.find((a) => a.title.startsWith(start));
    assert.ok(found, `no action ‘${start}…’ among: ${actions.map((a) => a.title).join(' | ')}`);
    return found;
  };

  suiteSetup(async () => {
    // Fixes here are applied and reverted, never saved; one edits a file of the built-in knowledge
    // base in the repository. VS Code in a browser saves after a delay by default: the runner turns
    // that off (extension-host.editor.ts), and this makes sure of it before anything is edited.
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'files.autoSave must be off for this suite');
    await serverReady();
    doc = await openSource(GARBLED_CHAPTER);
    original = doc.getText();
    const ds = await waitForDiagnostics(doc.uri, (d) => SPELLINGS.every((s) => garbled(d, s).length > 0));
    baseline = countBySpelling(ds);
  });

  test('garbled spellings get warnings that name the person meant', () => {
    const ds = vscode.languages.getDiagnostics(doc.uri);
    for (const spelling of SPELLINGS) {
      for (const d of garbled(ds, spelling)) {
        assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, spelling);
        assert.equal(d.source, 'annalist');
        assert.match(d.message, new RegExp(`‘${spelling}’ is probably Karl Pauker`), d.message);
      }
    }
    assert.match(garbled(ds, 'Bokor')[0]!.message, /b\/p exchanged/);
    assert.match(garbled(ds, 'Paul Kerr')[0]!.message, /split into two words/);
    // The right spelling is never taken for a garbled one.
    assert.equal(garbled(ds, 'Pauker').length, 0);
    assert.ok(doc.getText().includes('Pauker'));
  });

  test('hovering a garbled spelling shows the card of the person meant and says why', async () => {
    const text = hoverText(await hover(doc.uri, positionOf(doc, 'Paokel')));
    assert.match(text, /\*\*Karl Pauker\*\*/);
    assert.ok(text.includes('‘Paokel’ is probably a garbled spelling of ‘Pauker’'), text);
  });

  test('the quick fixes: replace here, replace all, record the spelling, or say it is not him', async () => {
    const { actions } = await fixesFor('Paokel');
    const titles = actions.map((a) => a.title);
    const replace = titled(actions, 'Replace ‘Paokel’ with ‘Pauker’');
    assert.equal(replace.isPreferred, true);
    assert.deepEqual(actions.filter((a) => a.isPreferred), [replace], 'one preferred fix');
    assert.ok(titles.some((t) => /^Replace all \d+ ‘Paokel’ in this document with ‘Pauker’$/.test(t)), titles.join(' | '));
    assert.ok(titles.includes('Record ‘Paokel’ as a spelling of Karl Pauker (in a workspace copy, entities/pauker.md)'), titles.join(' | '));
    assert.ok(titles.includes('‘Paokel’ here is not Karl Pauker (note it in not-variants.yaml)'), titles.join(' | '));
    // (vscode.executeCodeActionProvider hands back no diagnostics of an action: the LSP clients check those.)
    for (const a of actions) {
      assert.equal(a.kind?.value, vscode.CodeActionKind.QuickFix.value, a.title);
      assert.ok(a.edit, `${a.title} has an edit`);
    }
  });

  test('the preferred fix changes that word and nothing else', async () => {
    const { warning, actions } = await fixesFor('Paokel');
    const preferred = actions.find((a) => a.isPreferred)!;
    const start = doc.offsetAt(warning.range.start);
    const end = doc.offsetAt(warning.range.end);
    try {
      assert.ok(await vscode.workspace.applyEdit(preferred.edit!));
      assert.equal(doc.getText(), original.slice(0, start) + 'Pauker' + original.slice(end));
      assert.equal(doc.isDirty, true);
      // Fixed: that warning goes, the other “Paokel” keeps its own.
      await waitForDiagnostics(doc.uri, (ds) => garbled(ds, 'Paokel').length === baseline.get('Paokel')! - 1);
    } finally {
      await revertAndClose(doc);
      doc = await openSource(GARBLED_CHAPTER);
    }
    assert.equal(doc.getText(), original);
    await backToBaseline();
  });

  test('replace all changes every such spelling in the document, and only those', async () => {
    const { actions } = await fixesFor('Paokel');
    const all = titled(actions, 'Replace all ');
    const spots = garbled(vscode.languages.getDiagnostics(doc.uri), 'Paokel').map((d) => [doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)] as const);
    assert.ok(spots.length > 1);
    let expected = original;
    for (const [start, end] of [...spots].sort((a, b) => b[0] - a[0])) expected = expected.slice(0, start) + 'Pauker' + expected.slice(end);
    try {
      assert.ok(await vscode.workspace.applyEdit(all.edit!));
      assert.equal(doc.getText(), expected);
      await waitForDiagnostics(doc.uri, (ds) => garbled(ds, 'Paokel').length === 0 && garbled(ds, 'Bokor').length > 0);
    } finally {
      await revertAndClose(doc);
      doc = await openSource(GARBLED_CHAPTER);
    }
    assert.equal(doc.getText(), original);
    await backToBaseline();
  });

  test('recording a spelling of a built-in entry makes a workspace copy with it under variants:, and the warning goes', async () => {
    const pauker = builtInEntityUri('pauker');
    const onDisk = await readText(pauker);
    const copy = vscode.Uri.joinPath(workspaceUri(), 'entities', 'pauker.md');
    const { actions } = await fixesFor('Bokor');
    const record = titled(actions, 'Record ‘Bokor’ as a spelling of Karl Pauker');
    // The built-in entry belongs to the extension: the fix writes a copy into the workspace.
    assert.deepEqual(record.edit!.entries().map(([uri]) => uri.toString()), [copy.toString()]);
    try {
      assert.ok(await vscode.workspace.applyEdit(record.edit!));
      const entityDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === copy.toString());
      assert.ok(entityDoc, 'the copy is open');
      // The copy is the entry with a new field closing the front matter; nothing else changes.
      const close = onDisk.indexOf('\n---\n', 3) + 1;
      assert.equal(entityDoc.getText(), `${onDisk.slice(0, close)}variants:\n  - Bokor\n${onDisk.slice(close)}`);
      // The copy replaces the built-in entry by its id, and the chapter's warnings change.
      await waitForDiagnostics(doc.uri, (ds) => garbled(ds, 'Bokor').length === 0 && garbled(ds, 'Paokel').length > 0);
      const text = hoverText(await hover(doc.uri, positionOf(doc, 'Bokor')));
      assert.match(text, /\*\*Karl Pauker\*\*/);
      assert.ok(!text.includes('garbled'), text);
    } finally {
      const opened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === copy.toString());
      if (opened && !opened.isClosed) await revertAndClose(opened);
      // Only the copy goes: the workspace's entities folder holds the suite's own broken.md.
      const remove = new vscode.WorkspaceEdit();
      remove.deleteFile(copy, { ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(remove);
    }
    assert.equal(await readText(pauker), onDisk, 'the built-in pauker.md is untouched');
    await backToBaseline();
  });

  test('saying a spelling is not him notes it in .annalist/not-variants.yaml, and the warning goes', async () => {
    const file = vscode.Uri.joinPath(workspaceUri(), '.annalist', 'not-variants.yaml');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(file)), 'no dismissals file before');
    const { actions } = await fixesFor('Paokel');
    const dismiss = titled(actions, '‘Paokel’ here is not Karl Pauker');
    try {
      assert.ok(await vscode.workspace.applyEdit(dismiss.edit!));
      await vscode.workspace.fs.stat(file); // created on disk
      const noted = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      assert.ok(noted, 'the dismissals file is open');
      const text = noted.getText();
      assert.match(text, /^- spelling: Paokel\n {2}notEntity: pauker\n {2}file: "?sources\/orlov-secret-history-118\.txt"?\n$/m, text);
      await waitForDiagnostics(doc.uri, (ds) => garbled(ds, 'Paokel').length === 0 && garbled(ds, 'Bokor').length > 0);
      // The text itself is untouched.
      assert.equal(doc.getText(), original);
    } finally {
      const noted = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      if (noted && !noted.isClosed) await revertAndClose(noted);
      const remove = new vscode.WorkspaceEdit();
      remove.deleteFile(vscode.Uri.joinPath(workspaceUri(), '.annalist'), { recursive: true, ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(remove);
    }
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(file)), 'the dismissals file is gone');
    await backToBaseline();
  });
});
