import * as vscode from 'vscode';
import { ConnectionStore } from './domain/store/connectionStore';
import { confirmAndDelete, connectionCommands } from './vscode/commands/connectionCommands';
import { VIEW_ID } from './vscode/commands/ids';
import { registerCommands } from './vscode/commands/registerCommands';
import { ConnectionForms } from './vscode/form/connectionForms';
import { createLog } from './vscode/log';
import { mementoState, secretVault } from './vscode/storage';
import { ConnectionTreeProvider } from './vscode/tree/connectionTreeProvider';

/** Composition root: builds the store, the view, the form and the commands, and hands every disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  const { channel, logger } = createLog();
  // Records hold no secrets, but connections are per machine: nothing is synced across devices.
  context.globalState.setKeysForSync([]);
  const store = new ConnectionStore({
    global: mementoState(context.globalState),
    ...(vscode.workspace.workspaceFolders?.length ? { workspace: mementoState(context.workspaceState) } : {}),
    secrets: secretVault(context.secrets),
    logger,
  });
  const tree = new ConnectionTreeProvider(store, logger);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: false });
  const reveal = (id: string) => {
    const node = tree.findNode(id);
    if (node) void view.reveal(node, { select: true, focus: false });
  };
  const forms = new ConnectionForms(context.extensionUri, store, logger, {
    deleteConnection: (connection) => confirmAndDelete(store, connection),
    saved: (connection) => setTimeout(() => reveal(connection.id), 0),
  });
  const handlers = connectionCommands({ store, forms: () => forms, tree, reveal, showLog: () => channel.show() });
  context.subscriptions.push(
    channel,
    store,
    tree,
    view,
    forms,
    ...registerCommands(handlers, logger),
    // Another window may have changed global connections; a focus is a cheap moment to look again.
    vscode.window.onDidChangeWindowState((state) => state.focused && tree.refresh()),
  );
  logger.info(`Activated: ${store.list().connections.length} connection(s).`);
}

export function deactivate(): void {}
