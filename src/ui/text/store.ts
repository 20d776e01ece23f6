import * as l10n from '@vscode/l10n';
import type { StoreCause } from '../../domain/store/messages';
import type { StoreMessage } from '../../domain/messages';
import type { Say } from './say';

export function storeText(message: StoreMessage, say: Say): string {
  const cause = (value: StoreCause) => (typeof value === 'string' ? value : say(value));
  switch (message.code) {
    case 'store.notFound':
      return l10n.t('The connection no longer exists. It may have been deleted in another window.');
    case 'store.unknownCause':
      return l10n.t('unknown error');
    case 'store.stale':
      return l10n.t("'{name}' was changed in another window — reload to see the latest version.", { name: message.name });
    case 'store.brokenStale':
      return message.scope === 'global' ? l10n.t('The broken global connection data changed in another window — reload.') : l10n.t('The broken workspace connection data changed in another window — reload.');
    case 'store.keepsChanging':
      return l10n.t('The connection keeps changing in another window — try again.');
    case 'store.listUnreadable': {
      const item = say({ code: 'store.brokenListLabel', scope: message.scope });
      return message.scope === 'global'
        ? l10n.t("The Global connection list can't be read, so nothing was saved. Delete the broken item '{item}' in the Connections view first (a backup of it is kept), then try again.", { item })
        : l10n.t("The Workspace connection list can't be read, so nothing was saved. Delete the broken item '{item}' in the Connections view first (a backup of it is kept), then try again.", { item });
    }
    case 'store.backupFailed':
      return l10n.t("Couldn't keep a backup of the unreadable data: {cause}. Nothing was deleted.", { cause: cause(message.cause) });
    case 'store.secretStorageHint':
      return l10n.t("VS Code's secret storage is not available. On Linux this usually means no keyring is running (install and unlock gnome-keyring or KWallet, or start VS Code with --password-store=basic).");
    case 'store.readSecretsFailed':
      return l10n.t("Couldn't read the stored secrets: {cause}. {hint}", { cause: cause(message.cause), hint: say({ code: 'store.secretStorageHint' }) });
    case 'store.saveSecretsFailed':
      return l10n.t("Couldn't save '{name}': {cause}. {hint} Nothing was saved.", { name: message.name, cause: cause(message.cause), hint: say({ code: 'store.secretStorageHint' }) });
    case 'store.saveFailed':
      return l10n.t("Couldn't save '{name}': {cause}. Nothing was changed.", { name: message.name, cause: cause(message.cause) });
    case 'store.moveFailed':
      return l10n.t("Couldn't move '{name}': {cause}. It stays where it was.", { name: message.name, cause: cause(message.cause) });
    case 'store.deleteBrokenFailed':
      return l10n.t("Couldn't delete the broken connection data: {cause}. Nothing was deleted.", { cause: cause(message.cause) });
    case 'store.secretsLeftOver': {
      const args = { name: message.name ?? '', cause: cause(message.cause) };
      const done =
        message.name !== undefined
          ? message.count === 1
            ? l10n.t("Deleted '{name}', but its key couldn't be removed from VS Code's secret storage ({cause}).", args)
            : l10n.t("Deleted '{name}', but its keys couldn't be removed from VS Code's secret storage ({cause}).", args)
          : message.count === 1
            ? l10n.t("Deleted the broken connection data, but its key couldn't be removed from VS Code's secret storage ({cause}).", args)
            : l10n.t("Deleted the broken connection data, but its keys couldn't be removed from VS Code's secret storage ({cause}).", args);
      const next = message.listed ? l10n.t('It will be removed with the next change; see the log.') : l10n.t("It couldn't be noted for later either; see the log.");
      return `${done} ${next}`;
    }
    case 'store.brokenListLabel':
      return message.scope === 'global' ? l10n.t('Global connection list') : l10n.t('Workspace connection list');
    case 'store.brokenRecordLabel':
      return message.name ?? l10n.t('Record {position}', { position: message.position });
    case 'store.brokenListReason':
      return l10n.t('The stored list is unreadable.');
    case 'store.brokenScopeMismatch':
      return message.scope === 'global' ? l10n.t('Stored in global but marked workspace.') : l10n.t('Stored in workspace but marked global.');
    case 'store.brokenRecordInvalid':
      return message.issues.map(say).join('; ');
    case 'store.recordIssue':
      return l10n.t('{path}: {problem}', { path: message.path || l10n.t('record'), problem: say(message.problem) });
    case 'store.backupNote':
      return message.kept !== undefined && message.newest !== undefined
        ? l10n.t('Deleting it keeps a copy of the stored data as a backup ({kept} kept, newest {newest} UTC).', { kept: message.kept, newest: message.newest })
        : l10n.t('Deleting it keeps a copy of the stored data as a backup.');
  }
}
