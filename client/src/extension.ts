// The VS Code side: starts the language server and wires commands to it. No name logic here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Commands, ListEntitiesRequest, ReindexRequest, type EntitySummary, type IndexSummary } from '../../server/src/common/protocol';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../../server/src/common/settings';
import { DISMISSALS_PATH } from '../../server/src/service/variants/dismissals';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const watched = [
    ...(config.get<string[]>('sources') ?? DEFAULT_SETTINGS.sources),
    ...(config.get<string[]>('knowledgeBase') ?? DEFAULT_SETTINGS.knowledgeBase),
    `**/${DISMISSALS_PATH}`,
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...['annalist-text', 'plaintext', 'markdown'].flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      // The record of dismissed readings, so that an edit to it takes effect before it is saved.
      { scheme: 'file', pattern: `**/${DISMISSALS_PATH}` },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: watched.map((glob) => vscode.workspace.createFileSystemWatcher(glob)),
    },
    markdown: { isTrusted: false, supportHtml: false },
  };
  client = new LanguageClient('annalist', 'Annalist', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.reindex, async () => {
      const summary = await client!.sendRequest<IndexSummary>(ReindexRequest.method);
      const skipped = summary.skipped.length ? `; ${summary.skipped.length} skipped (see the Annalist output)` : '';
      void vscode.window.showInformationMessage(`Annalist read ${summary.sources} sources and ${summary.entities} entities${skipped}.`);
    }),
    vscode.commands.registerCommand(Commands.showEntity, async () => {
      const entities = await client!.sendRequest<EntitySummary[]>(ListEntitiesRequest.method);
      const picked = await vscode.window.showQuickPick(
        entities.map((e) => ({ label: e.name, description: e.aliases.join(', '), detail: e.type, entity: e })),
        { placeHolder: 'Open the knowledge-base entry of…', matchOnDescription: true },
      );
      if (!picked) return;
      const position = new vscode.Position(picked.entity.line, 0);
      await vscode.window.showTextDocument(vscode.Uri.parse(picked.entity.uri), { selection: new vscode.Range(position, position) });
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => client?.outputChannel.show()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
