// Hover, definition, references and symbols, as VS Code's own commands return them.
import assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { basename, builtInEntityUri, CHAPTER, definitions, hover, hoverText, openSource, positionOf, readText, references, serverReady, SOURCES } from './helpers';

suite('navigation', () => {
  let chapter: vscode.TextDocument;
  suiteSetup(async () => {
    await serverReady();
    chapter = await openSource(CHAPTER);
  });

  test('hovering a name shows the biography card', async () => {
    const text = hoverText(await hover(chapter.uri, positionOf(chapter, 'Stalin')));
    assert.match(text, /\*\*Joseph Stalin\*\*/);
    assert.match(text, /mentions? in this document, \d+ in the workspace \(5 files\)/);
  });

  test('a possessive opens the same card', async () => {
    const text = hoverText(await hover(chapter.uri, positionOf(chapter, 'Stalin’s')));
    assert.match(text, /\*\*Joseph Stalin\*\*/);
  });

  test('plain words have no card', async () => {
    assert.equal(hoverText(await hover(chapter.uri, positionOf(chapter, 'belong'))), '');
  });

  test('Go to Definition opens the built-in entity file at its name line', async () => {
    const [target, ...more] = await definitions(chapter.uri, positionOf(chapter, 'Stalin'));
    assert.ok(target, 'no definition');
    assert.equal(more.length, 0);
    const expected = builtInEntityUri('stalin');
    assert.equal(target.uri.toString(), expected.toString());
    const nameLine = (await readText(expected)).split('\n').findIndex((l) => l.startsWith('name:'));
    assert.ok(nameLine > 0);
    assert.equal(target.range.start.line, nameLine);
  });

  test('Find All References lists mentions in every source, and the declaration in the knowledge base', async () => {
    const refs = (await references(chapter.uri, positionOf(chapter, 'Stalin'))) ?? [];
    const inSources = refs.filter((r) => SOURCES.includes(basename(r.uri)));
    assert.deepEqual([...new Set(inSources.map((r) => basename(r.uri)))].sort(), SOURCES);
    assert.ok(inSources.length > 1000, `${inSources.length} references`);
    // VS Code asks with includeDeclaration: the entity file's name line comes too.
    const elsewhere = refs.filter((r) => !inSources.includes(r));
    assert.deepEqual(elsewhere.map((r) => r.uri.toString()), [builtInEntityUri('stalin').toString()]);
  });

  test('document highlights mark the mentions in the chapter', async () => {
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>(
      'vscode.executeDocumentHighlights',
      chapter.uri,
      positionOf(chapter, 'Stalin'),
    );
    const local = ((await references(chapter.uri, positionOf(chapter, 'Stalin'))) ?? []).filter((r) => r.uri.toString() === chapter.uri.toString());
    assert.equal(highlights?.length, local.length);
  });

  test('the Outline lists the chapter’s figures in order of first appearance', async () => {
    const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
      'vscode.executeDocumentSymbolProvider',
      chapter.uri,
    );
    const names = (symbols ?? []).map((s) => s.name);
    assert.equal(names[0], 'Joseph Stalin', names.join(', '));
    assert.ok(names.includes('Vladimir Lenin'), names.join(', '));
    assert.equal(new Set(names).size, names.length, 'each figure once');
  });

  test('Go to Symbol in Workspace finds an entity by an alias', async () => {
    // The server ranks Stalin first; VS Code merges and orders the results itself, so look him up.
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'Koba');
    const stalin = symbols?.find((s) => s.name === 'Joseph Stalin');
    assert.ok(stalin, (symbols ?? []).map((s) => s.name).join(', '));
    assert.equal(stalin.location.uri.toString(), builtInEntityUri('stalin').toString());
  });

  test('semantic tokens use the contributed person and organization types', async () => {
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', chapter.uri);
    assert.ok(legend?.tokenTypes.includes('person'));
    assert.ok(legend?.tokenTypes.includes('organization'));
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', chapter.uri);
    assert.ok(tokens && tokens.data.length >= 5 * 10, 'at least ten names are coloured');
  });

  test('the chapter opens as a historical text', () => {
    assert.equal(chapter.languageId, 'annalist-text');
  });
});
