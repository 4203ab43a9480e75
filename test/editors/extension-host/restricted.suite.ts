// Restricted mode: the extension declares untrusted workspaces supported, because its server only
// reads and answers. Run only in the untrusted window (ANNALIST_RESTRICTED=1, see
// extension-host.editor.ts), where it checks that everything a reader needs still works.
import assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { codeActions, codeOf, extension, GARBLED_CHAPTER, hover, hoverText, openSource, positionOf, serverReady, waitForDiagnostics } from './helpers';

suite('restricted mode', function () {
  suiteSetup(async function () {
    if (process.env.ANNALIST_RESTRICTED !== '1') this.skip();
    await serverReady();
  });

  test('the window is untrusted, and the extension is active in it', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(extension().isActive, true);
  });

  test('hover, diagnostics and quick fixes work as in a trusted window', async () => {
    const doc = await openSource(GARBLED_CHAPTER);
    const ds = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'garbled-name'));
    const bokor = ds.find((d) => codeOf(d) === 'garbled-name' && doc.getText(d.range) === 'Bokor');
    assert.ok(bokor, 'a garbled-name warning on Bokor');
    assert.match(hoverText(await hover(doc.uri, positionOf(doc, 'Stalin'))), /\*\*Joseph Stalin\*\*/);
    const titles = (await codeActions(doc.uri, bokor.range)).map((a) => a.title);
    assert.ok(titles.includes('Replace ‘Bokor’ with ‘Pauker’'), titles.join('\n'));
  });
});
