import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import { providerName } from '../../domain/providers/catalog';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { isShared, SHARED_FILE_PATH } from '../../domain/shared/parse';
import type { TreeNode } from '../../views/connectionTreeModel';
import type { Ui } from '../ports';
import { scopeLabel } from '../text/scope';

/**
 * The connection a command acts on: the tree item it was invoked on, an id or alias passed by
 * another command, or, from the command palette, the user's pick.
 */
export async function resolveConnection(ui: Ui, store: ConnectionStore, arg: unknown, options: { placeHolder: string; filter?: (c: Connection) => boolean; stored?: boolean }): Promise<Connection | undefined> {
  const given = typeof arg === 'string' ? store.get(arg) : isConnectionNode(arg) ? store.get(arg.connection.id) : undefined;
  // A command that changes the stored connection (edit, delete, move, ...) leaves a shared one to its file.
  if (given && options.stored && isShared(given)) {
    void ui.info(l10n.t("'{name}' is shared through the repository: change it in {file}.", { name: given.name, file: `${given.shared.folderName}/${SHARED_FILE_PATH}` }));
    return undefined;
  }
  if (typeof arg === 'string' || isConnectionNode(arg)) return given;
  const candidates = store.list().connections.filter((c) => (options.filter ?? (() => true))(c) && !(options.stored && isShared(c)));
  if (candidates.length === 0) {
    void ui.info(l10n.t('There is no connection to choose from.'));
    return undefined;
  }
  const picked = await ui.pick(
    candidates.map((connection) => ({
      label: connection.name,
      description: `${connection.alias} · ${providerName(connection.providerId)}`,
      detail: connection.isActive ? scopeLabel(connection.scope) : l10n.t('{scope} · disabled', { scope: scopeLabel(connection.scope) }),
      connection,
    })),
    { placeHolder: options.placeHolder, matchOnDescription: true },
  );
  return picked?.connection;
}

export function isConnectionNode(arg: unknown): arg is Extract<TreeNode, { kind: 'connection' }> {
  return typeof arg === 'object' && arg !== null && (arg as TreeNode).kind === 'connection';
}

export function isBrokenNode(arg: unknown): arg is Extract<TreeNode, { kind: 'broken' }> {
  return typeof arg === 'object' && arg !== null && (arg as TreeNode).kind === 'broken';
}
