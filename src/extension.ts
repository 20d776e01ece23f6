import * as vscode from 'vscode';
import { environmentResolver } from './domain/references';
import { ConnectionStore } from './domain/store/connectionStore';
import { TestResultStore } from './domain/testing/resultStore';
import { ConnectionTestService } from './domain/testing/testService';
import { confirmAndDelete, connectionCommands } from './vscode/commands/connectionCommands';
import { VIEW_ID, type CommandHandler, type CommandId } from './vscode/commands/ids';
import { registerCommands } from './vscode/commands/registerCommands';
import { ConnectionForms } from './vscode/form/connectionForms';
import { createLog } from './vscode/log';
import { SETTINGS_SECTION, readSettings } from './vscode/settings';
import { mementoState, secretVault } from './vscode/storage';
import { getEntraToken } from './vscode/testing/entra';
import { TestStatusBar } from './vscode/testing/statusBar';
import { runTestAll, testCommands } from './vscode/testing/testCommands';
import { ConnectionTreeProvider } from './vscode/tree/connectionTreeProvider';

/** Composition root: builds the store, tests, view, status bar, form and commands; VS Code gets every disposable. */
export function activate(context: vscode.ExtensionContext): void {
  const { channel, logger } = createLog();
  // Records hold no secrets, but connections are per machine: nothing is synced across devices.
  context.globalState.setKeysForSync([]);
  const states = {
    global: mementoState(context.globalState),
    ...(vscode.workspace.workspaceFolders?.length ? { workspace: mementoState(context.workspaceState) } : {}),
  };
  const store = new ConnectionStore({ ...states, secrets: secretVault(context.secrets), logger });
  const results = new TestResultStore(states, logger);
  const service = new ConnectionTestService({
    store,
    results,
    settings: () => readSettings(logger),
    logger,
    getEntraToken,
    resolveReference: environmentResolver(process.env),
  });
  const tree = new ConnectionTreeProvider(store, results, logger);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree });
  tree.attach(view);
  const reveal = (id: string) => {
    const node = tree.findNode(id);
    if (node) void view.reveal(node, { select: true, focus: false });
  };
  const forms = new ConnectionForms(context.extensionUri, store, logger, {
    deleteConnection: (connection) => confirmAndDelete(store, connection),
    saved: (connection) => setTimeout(() => reveal(connection.id), 0),
    test: (input, existingId) => service.testInput(input, existingId),
  });
  const statusBar = new TestStatusBar(store, results, readSettings(logger).statusBarVisible);
  const showLog = () => channel.show();
  const testContext = { store, service, statusBar, tree, logger, editConnection: (c: Parameters<ConnectionForms['open']>[0]) => forms.open(c), showLog };
  // Typed as the complete record: a command without a handler fails to compile.
  const handlers: Record<CommandId, CommandHandler> = {
    ...connectionCommands({ store, forms: () => forms, tree, reveal, showLog, selection: () => view.selection[0] }),
    ...testCommands(testContext),
  };
  context.subscriptions.push(
    channel,
    store,
    tree,
    view,
    forms,
    statusBar,
    ...registerCommands(handlers, logger),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.statusBar.visible`)) statusBar.setVisible(readSettings(logger).statusBarVisible);
    }),
    // Another window may have changed global connections; a focus is a cheap moment to look again.
    vscode.window.onDidChangeWindowState((state) => state.focused && tree.refresh()),
  );
  logger.info(`Activated: ${store.list().connections.length} connection(s).`);
  if (readSettings(logger).testOnStartup && vscode.workspace.isTrusted) void runTestAll(testContext, { quiet: true });
}

export function deactivate(): void {}
