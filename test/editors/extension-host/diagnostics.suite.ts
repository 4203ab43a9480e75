// Diagnostics as VS Code holds them: codes, severities, ranges. Further codes (garbled names and
// their quick fixes) get a suite of their own beside this one.
import assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { brokenEntityUri, CHAPTER, codeOf, hover, hoverText, openSource, serverReady, waitForDiagnostics } from './helpers';

suite('diagnostics', () => {
  suiteSetup(serverReady);

  test('a broken entity file gets an error with its code at the faulty line', async () => {
    const diagnostics = vscode.languages.getDiagnostics(brokenEntityUri());
    assert.deepEqual(
      diagnostics.map((d) => [codeOf(d), d.range.start.line, d.severity, d.source]),
      [['kb-invalid-field', 2, vscode.DiagnosticSeverity.Error, 'annalist']],
    );
  });

  test('an ambiguous surname typed into a text gets a hint naming the candidates, and the hover lists them', async () => {
    const doc = await openSource(CHAPTER);
    const editor = await vscode.window.showTextDocument(doc);
    try {
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Kamenev. ')));
      const diagnostics = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'ambiguous-name' && d.range.start.isEqual(new vscode.Position(0, 0))));
      const hint = diagnostics.find((d) => codeOf(d) === 'ambiguous-name' && d.range.start.line === 0)!;
      assert.equal(hint.severity, vscode.DiagnosticSeverity.Hint);
      assert.equal(hint.range.end.character, 'Kamenev'.length);
      assert.match(hint.message, /Lev Kamenev/);
      assert.match(hint.message, /Sergei Kamenev/);
      assert.match(hoverText(await hover(doc.uri, new vscode.Position(0, 2))), /could be any of/);
    } finally {
      // Back to the text on disk; nothing is saved.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(doc.isDirty, false);
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => d.range.start.line === 0 && codeOf(d) === 'ambiguous-name'));
  });

  test('the hints of a whole corpus file carry the ambiguous-name code and stay hints', async () => {
    const doc = await openSource('myers-krivitsky-chambers.txt');
    const diagnostics = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'ambiguous-name'));
    for (const d of diagnostics.filter((x) => codeOf(x) === 'ambiguous-name')) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Hint);
      assert.equal(d.source, 'annalist');
      assert.ok(!d.range.isEmpty);
    }
  });
});
