/**
 * Vaults in the UI: the question before a vault's value of a workspace or shared connection goes
 * to a host, and **Refresh Secrets**, which forgets every value kept in memory.
 */
import * as l10n from '@vscode/l10n';
import type { VaultPermissionRequest } from '../../domain/resolution/vaultValues';
import type { Ui } from '../ports';
import { say } from '../text';
import { allowOrDeny } from './referenceCommands';
import { Command, type CommandHandlers } from './ids';

/** The modal that names the vault's item, where it is read from, the connection and the host. */
export function askVaultPermission(ui: Ui): (request: VaultPermissionRequest) => Promise<boolean> {
  return async (request) => {
    const { allow, buttons } = allowOrDeny();
    const params = { reference: request.reference, source: say(request.source), host: request.host, connection: request.connectionName, label: request.label ?? l10n.t('a setting') };
    const remembered = l10n.t('The connection belongs to this workspace, and the value comes from your vault. Allow only if you trust {host}; your answer is remembered for this connection, item and host.', params);
    const detail = request.connectionName
      ? l10n.t("'{connection}' uses {reference} ({source}) for {label}, sent to {host}. {remembered}", { ...params, remembered })
      : l10n.t('The new connection uses {reference} ({source}) for {label}, sent to {host}. {remembered}', { ...params, remembered });
    const answer = await ui.confirm(l10n.t('Send {reference} to {host}?', params), { detail }, ...buttons);
    return answer === allow;
  };
}

export interface VaultCommandContext {
  ui: Ui;
  /** Forgets every vault value kept in memory, and what was decrypted from `.env`. */
  forget(): void;
}

export function vaultCommands(ctx: VaultCommandContext) {
  return {
    [Command.refreshSecrets]: () => {
      ctx.forget();
      void ctx.ui.info(l10n.t('Secrets from vaults are forgotten: the next request reads each vault again.'));
    },
  } satisfies CommandHandlers;
}
