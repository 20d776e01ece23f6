import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import { providerName } from '../../domain/providers/catalog';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { TreeNode } from '../../views/connectionTreeModel';
import type { Ui } from '../ports';
import { scopeLabel } from '../text/scope';

/**
 * The connection a command acts on: the tree item it was invoked on, an id or alias passed by
 * another command, or, from the command palette, the user's pick.
 */
export async function resolveConnection(ui: Ui, store: ConnectionStore, arg: unknown, options: { placeHolder: string; filter?: (c: Connection) => boolean }): Promise<Connection | undefined> {
  if (typeof arg === 'string') return store.get(arg);
  if (isConnectionNode(arg)) return store.get(arg.connection.id);
  const candidates = store.list().connections.filter(options.filter ?? (() => true));
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
