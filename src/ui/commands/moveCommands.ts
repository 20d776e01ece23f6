import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import { connectionFolder, type WorkspaceFolderInfo } from '../../domain/folders';
import type { Logger } from '../../domain/logger';
import type { ConnectionPlace, ConnectionStore } from '../../domain/store/connectionStore';
import { moveConnection, type ScopedCompanion } from '../../domain/store/move';
import { scopeLabel } from '../text/scope';
import { Command, type CommandHandlers } from './ids';
import { resolveConnection } from './pickConnection';
import type { Ui, WorkbenchInfo } from '../ports';

/** What the move commands use of the commands' context (`CommandContext` in ./connectionCommands.ts). */
export interface MoveCommandContext {
  ui: Ui;
  workbench: WorkbenchInfo;
  store: ConnectionStore;
  /** State kept beside each connection in its scope (chat choices, test results): a move carries it. */
  companions: readonly ScopedCompanion[];
  logger: Logger;
  reveal: (id: string) => void;
}

/**
 * Move to Workspace, Move to Global and Move to Folder…: a connection changes place and keeps its
 * id, alias, keys, chat choice and last test result.
 */
export function moveCommands(ctx: MoveCommandContext) {
  const { store, ui } = ctx;
  const folders = () => ctx.workbench.folders();

  /** The folder a connection moving into the workspace belongs to: asked with several open (the active editor's first). */
  const chooseFolder = async (connection: Connection, choices: readonly WorkspaceFolderInfo[]): Promise<string | undefined | null> => {
    if (folders().length < 2) return undefined;
    const active = ctx.workbench.activeFolder();
    const ordered = [...choices].sort((a, b) => Number(b.uri === active) - Number(a.uri === active));
    const chosen = await ui.pick(
      ordered.map((f) => ({ label: f.name, ...(f.uri === active ? { description: l10n.t('folder of the active editor') } : {}), uri: f.uri })),
      { title: l10n.t("Move '{name}'", { name: connection.name }), placeHolder: l10n.t('Which folder does it belong to? It reads that folder’s appsettings*.json and .env') },
    );
    return chosen ? chosen.uri : null;
  };

  const move = async (connection: Connection, to: ConnectionPlace, where: string) => {
    const moved = await moveConnection(store, ctx.companions, connection, to, ctx.logger);
    ctx.reveal(moved.id);
    ui.flash('check', l10n.t("Moved '{name}' to {place}", { name: moved.name, place: where }), 4000);
  };

  return {
    [Command.moveToWorkspace]: async (arg) => {
      if (!store.workspaceAvailable) {
        void ui.info(l10n.t('Open a folder first: a workspace connection belongs to an open folder or workspace.'));
        return;
      }
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a global connection to move to the workspace'), filter: (c) => c.scope === 'global', stored: true });
      if (!connection || connection.scope !== 'global') return;
      const folder = await chooseFolder(connection, folders());
      if (folder === null) return;
      const name = folder === undefined ? undefined : folders().find((f) => f.uri === folder)?.name;
      await move(connection, { scope: 'workspace', ...(folder !== undefined ? { folder } : {}) }, name ?? scopeLabel('workspace'));
    },
    [Command.moveToGlobal]: async (arg) => {
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a workspace connection to move to Global'), filter: (c) => c.scope === 'workspace', stored: true });
      if (!connection || connection.scope !== 'workspace') return;
      await move(connection, { scope: 'global' }, scopeLabel('global'));
    },
    [Command.moveToFolder]: async (arg) => {
      if (folders().length < 2) {
        void ui.info(l10n.t('Only one folder is open: a workspace connection can move to another folder of a multi-root workspace.'));
        return;
      }
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a workspace connection to move to another folder'), filter: (c) => c.scope === 'workspace', stored: true });
      if (!connection || connection.scope !== 'workspace') return;
      const place = connectionFolder(connection.folder, folders());
      const current = place.ok ? place.folder.uri : undefined;
      const folder = await chooseFolder(
        connection,
        folders().filter((f) => f.uri !== current),
      );
      if (!folder) return;
      await move(connection, { scope: 'workspace', folder }, folders().find((f) => f.uri === folder)?.name ?? folder);
    },
  } satisfies CommandHandlers;
}
