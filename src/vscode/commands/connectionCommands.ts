import * as vscode from 'vscode';
import type { Connection } from '../../domain/connection';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { ConnectionForms } from '../form/connectionForms';
import type { ConnectionTreeProvider } from '../tree/connectionTreeProvider';
import { Command, type CommandHandlers } from './ids';
import { isBrokenNode, isConnectionNode, resolveConnection } from './pickConnection';

export interface CommandContext {
  store: ConnectionStore;
  forms: () => ConnectionForms;
  tree: ConnectionTreeProvider;
  /** The item selected in the Connections view, if any. */
  selection: () => unknown;
  reveal: (id: string) => void;
  showLog: () => void;
}

/** Asks before deleting; offers Disable Instead for an active connection. Resolves true if deleted. */
export async function confirmAndDelete(store: ConnectionStore, connection: Connection): Promise<boolean> {
  const warning = `Delete '${connection.name}'? Anything that uses alias '${connection.alias}' will stop working.`;
  const choice = connection.isActive
    ? await vscode.window.showWarningMessage(`${warning} Disable it instead to keep its settings.`, { modal: true }, 'Delete', 'Disable Instead')
    : await vscode.window.showWarningMessage(warning, { modal: true }, 'Delete');
  if (choice === 'Disable Instead') {
    await store.setActive(connection.id, false);
    return false;
  }
  if (choice !== 'Delete') return false;
  await store.delete(connection.id);
  vscode.window.setStatusBarMessage(`$(trash) Deleted connection '${connection.name}'`, 4000);
  return true;
}

const DOUBLE_CLICK_MS = 500;

/** The handler of every command, keyed by id; `registerCommands` wires them to VS Code. */
export function connectionCommands(ctx: CommandContext) {
  const { store } = ctx;
  let lastActivation: { id: string; at: number } | undefined;
  return {
    [Command.activateItem]: (arg) => {
      if (!isConnectionNode(arg)) return;
      // VS Code runs an item's command on every "open" gesture: a single click by default. Editing
      // takes a double click there; with workbench.list.openMode = doubleClick one open is enough.
      const doubleClickMode = vscode.workspace.getConfiguration('workbench.list').get('openMode') === 'doubleClick';
      const now = Date.now();
      const isDouble = lastActivation?.id === arg.id && now - lastActivation.at < DOUBLE_CLICK_MS;
      lastActivation = isDouble ? undefined : { id: arg.id, at: now };
      const connection = store.get(arg.connection.id);
      if ((doubleClickMode || isDouble) && connection) ctx.forms().open(connection);
    },
    [Command.editSelected]: () => {
      const selected = ctx.selection();
      const connection = isConnectionNode(selected) ? store.get(selected.connection.id) : undefined;
      if (connection) ctx.forms().open(connection);
    },
    [Command.newConnection]: () => ctx.forms().open(),
    [Command.editConnection]: async (arg) => {
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to edit' });
      if (connection) ctx.forms().open(connection);
    },
    [Command.deleteConnection]: async (arg) => {
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to delete' });
      if (connection && (await confirmAndDelete(store, connection))) ctx.forms().close(connection.id);
    },
    [Command.enableConnection]: async (arg) => {
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to enable', filter: (c) => !c.isActive });
      if (connection) await store.setActive(connection.id, true);
    },
    [Command.disableConnection]: async (arg) => {
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to disable', filter: (c) => c.isActive });
      if (connection) await store.setActive(connection.id, false);
    },
    [Command.duplicateConnection]: async (arg) => {
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to duplicate' });
      if (!connection) return;
      const copy = await store.duplicate(connection.id);
      ctx.reveal(copy.id);
      const choice = await vscode.window.showInformationMessage(`Duplicated '${connection.name}' as '${copy.alias}'.`, 'Edit');
      if (choice === 'Edit') ctx.forms().open(copy);
    },
    [Command.copyAlias]: async (arg) => {
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to copy its alias' });
      if (!connection) return;
      await vscode.env.clipboard.writeText(connection.alias);
      vscode.window.setStatusBarMessage(`$(copy) Copied alias '${connection.alias}'`, 3000);
    },
    [Command.copyId]: async (arg) => {
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to copy its ID' });
      if (!connection) return;
      await vscode.env.clipboard.writeText(connection.id);
      vscode.window.setStatusBarMessage(`$(copy) Copied the ID of '${connection.name}'`, 3000);
    },
    [Command.refresh]: () => ctx.tree.refresh(),
    [Command.deleteBroken]: async (arg) => {
      if (!isBrokenNode(arg)) return;
      const choice = await vscode.window.showWarningMessage(
        `Delete the unreadable connection '${arg.label}'? Its stored settings can't be recovered.`,
        { modal: true, detail: arg.broken.reason },
        'Delete',
      );
      if (choice === 'Delete') await store.deleteBroken(arg.broken);
    },
    [Command.showLog]: () => ctx.showLog(),
  } satisfies CommandHandlers;
}
