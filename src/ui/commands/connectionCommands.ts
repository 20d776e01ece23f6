import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import type { Capability } from '../../domain/providers/descriptor';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { Ui } from '../ports';
import { say } from '../text';
import { Command, type CommandHandlers } from './ids';
import { isBrokenNode, isConnectionNode, resolveConnection } from './pickConnection';
import { copyNameText } from '../text/labels';
import { moveCommands, type MoveCommandContext } from './moveCommands';

/** What the commands do to the Connections view. */
export interface TreeControl {
  readonly capability: Capability | undefined;
  refresh(): void;
  setCapability(capability: Capability | undefined): void;
}

/** What the commands do with connection forms. */
export interface FormControl {
  open(connection?: Connection): void;
  close(id: string): void;
}

export interface CommandContext extends MoveCommandContext {
  forms: () => FormControl;
  tree: TreeControl;
  /** The item selected in the Connections view, if any. */
  selection: () => unknown;
  showLog: () => void;
}

/** Asks before deleting; offers Disable Instead for an active connection. Resolves true if deleted. */
export async function confirmAndDelete(ui: Ui, store: ConnectionStore, connection: Connection): Promise<boolean> {
  const names = { name: connection.name, alias: connection.alias };
  const remove = l10n.t('Delete');
  const disable = l10n.t('Disable Instead');
  const choice = connection.isActive
    ? await ui.confirm(l10n.t("Delete '{name}'? Anything that uses alias '{alias}' will stop working. Disable it instead to keep its settings.", names), {}, remove, disable)
    : await ui.confirm(l10n.t("Delete '{name}'? Anything that uses alias '{alias}' will stop working.", names), {}, remove);
  if (choice === disable) {
    await store.setActive(connection.id, false);
    return false;
  }
  if (choice !== remove) return false;
  const outcome = await store.delete(connection.id);
  ui.flash('trash', l10n.t("Deleted connection '{name}'", { name: connection.name }), 4000);
  if (outcome.warning) void ui.warn(say(outcome.warning));
  return true;
}

const DOUBLE_CLICK_MS = 500;

/** The handler of every command, keyed by id; `registerCommands` wires them to VS Code. */
export function connectionCommands(ctx: CommandContext) {
  const { store, ui } = ctx;
  let lastActivation: { id: string; at: number } | undefined;
  return {
    [Command.activateItem]: (arg) => {
      if (!isConnectionNode(arg)) return;
      // VS Code runs an item's command on every "open" gesture: a single click by default. Editing
      // takes a double click there; with workbench.list.openMode = doubleClick one open is enough.
      const doubleClickMode = ctx.workbench.openMode() === 'doubleClick';
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
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to edit') });
      if (connection) ctx.forms().open(connection);
    },
    [Command.deleteConnection]: async (arg) => {
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to delete'), stored: true });
      if (connection && (await confirmAndDelete(ui, store, connection))) ctx.forms().close(connection.id);
    },
    [Command.enableConnection]: async (arg) => {
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to enable'), filter: (c) => !c.isActive, stored: true });
      if (connection) await store.setActive(connection.id, true);
    },
    [Command.disableConnection]: async (arg) => {
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to disable'), filter: (c) => c.isActive, stored: true });
      if (connection) await store.setActive(connection.id, false);
    },
    [Command.duplicateConnection]: async (arg) => {
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to duplicate'), stored: true });
      if (!connection) return;
      const copy = await store.duplicate(connection.id, copyNameText);
      ctx.reveal(copy.id);
      const edit = l10n.t('Edit');
      const choice = await ui.info(l10n.t("Duplicated '{name}' as '{alias}'.", { name: connection.name, alias: copy.alias }), edit);
      if (choice === edit) ctx.forms().open(copy);
    },
    [Command.copyAlias]: async (arg) => {
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to copy its alias') });
      if (!connection) return;
      await ui.copy(connection.alias);
      ui.flash('copy', l10n.t("Copied alias '{alias}'", { alias: connection.alias }), 3000);
    },
    [Command.copyId]: async (arg) => {
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to copy its ID') });
      if (!connection) return;
      await ui.copy(connection.id);
      ui.flash('copy', l10n.t("Copied the ID of '{name}'", { name: connection.name }), 3000);
    },
    [Command.refresh]: () => ctx.tree.refresh(),
    [Command.deleteBroken]: async (arg) => {
      if (!isBrokenNode(arg)) return;
      const remove = l10n.t('Delete');
      const choice = await ui.confirm(l10n.t("Delete the unreadable connection '{label}'? A copy of the unreadable data is kept as a backup in VS Code's state; its keys are removed.", { label: arg.label }), { detail: say(arg.broken.reason) }, remove);
      if (choice !== remove) return;
      const outcome = await store.deleteBroken(arg.broken);
      if (outcome.warning) void ui.warn(say(outcome.warning));
    },
    [Command.showLog]: () => ctx.showLog(),
    ...moveCommands(ctx),
  } satisfies CommandHandlers;
}
