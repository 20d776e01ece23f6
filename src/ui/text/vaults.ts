import * as l10n from '@vscode/l10n';
import type { VaultKind } from '../../domain/vaults/grammar';
import type { VaultMessage } from '../../domain/vaults/messages';
import type { Say } from './say';

/** Each vault by the name its users know it by. */
function vaultName(vault: VaultKind): string {
  switch (vault) {
    case 'onePassword':
      return '1Password';
    case 'pass':
      return 'pass';
    case 'gopass':
      return 'gopass';
    case 'hashicorp':
      return 'HashiCorp Vault';
    case 'azureKeyVault':
      return 'Azure Key Vault';
    case 'command':
      return l10n.t('key command');
    case 'dotenvx':
      return 'dotenvx';
  }
}

/** Where to get each vault's program. */
const WHERE_TO_GET: Partial<Record<VaultKind, string>> = {
  onePassword: 'https://developer.1password.com/docs/cli/get-started/',
  pass: 'https://www.passwordstore.org/',
  gopass: 'https://www.gopass.pw/',
};

export function vaultText(message: VaultMessage, _say: Say): string {
  switch (message.code) {
    case 'vault.notInstalled': {
      const where = WHERE_TO_GET[message.vault];
      const params = { vault: vaultName(message.vault), command: message.command, where: where ?? '' };
      return where ? l10n.t('{vault}: the program {command} was not found on PATH. Install it ({where}) and reload the window.', params) : l10n.t('{vault}: the program {command} was not found.', params);
    }
    case 'vault.notSignedIn':
      return l10n.t('{vault}: not signed in. Sign in (op signin, or unlock the 1Password app with its CLI integration on), then try again.', { vault: vaultName(message.vault) });
    case 'vault.notFound':
      return l10n.t('{vault}: {item} was not found.', { vault: vaultName(message.vault), item: message.item });
    case 'vault.fieldMissing':
      return l10n.t('{vault}: {item} has no field {field}.', { vault: vaultName(message.vault), item: message.item, field: message.field });
    case 'vault.refused':
      return message.status !== undefined
        ? l10n.t('{vault} refused to give {item} (HTTP {status}): check your token and its access.', { vault: vaultName(message.vault), item: message.item, status: message.status })
        : l10n.t('{vault} refused to give {item}.', { vault: vaultName(message.vault), item: message.item });
    case 'vault.empty':
      return l10n.t('{vault}: {item} is empty.', { vault: vaultName(message.vault), item: message.item });
    case 'vault.timeout':
      return l10n.t('{vault} did not answer within {seconds} s (aiConnections.vaults.timeoutSeconds).', { vault: vaultName(message.vault), seconds: message.seconds });
    case 'vault.cancelled':
      return l10n.t('{vault}: cancelled.', { vault: vaultName(message.vault) });
    case 'vault.failed':
      return message.detail ? l10n.t('{vault} failed: {detail}', { vault: vaultName(message.vault), detail: message.detail }) : l10n.t('{vault} failed without saying why.', { vault: vaultName(message.vault) });
    case 'vault.unreachable':
      return l10n.t('{vault} at {host} could not be reached.', { vault: vaultName(message.vault), host: message.host });
    case 'vault.badAnswer':
      return l10n.t('{vault} at {host} answered with something that is not a secret.', { vault: vaultName(message.vault), host: message.host });
    case 'vault.noAddress':
      return l10n.t('HashiCorp Vault: VAULT_ADDR is not set to the URL of your Vault or OpenBao server in the environment VS Code runs with.');
    case 'vault.noToken':
      return l10n.t('HashiCorp Vault: no token. Set VAULT_TOKEN in the environment VS Code runs with, or sign in with vault login (which writes ~/.vault-token).');
    case 'vault.signInFailed':
      return l10n.t('Azure Key Vault: the Microsoft sign-in did not give a token ({reason}).', { reason: message.reason });
    case 'vault.commandUnknown':
      return l10n.t('There is no key command {name} in your user settings (aiConnections.vaults.keyCommands). Key commands are never read from workspace settings.', { name: message.name });
    case 'vault.restricted':
      return l10n.t('{vault} is not read in Restricted Mode.', { vault: vaultName(message.vault) });
    case 'vault.notAllowed':
      return l10n.t('Sending {reference} to {host} was not allowed for this connection.', { reference: message.reference, host: message.host });
    case 'vault.dotenvxNoKey':
      return l10n.t('{name} in {file} is encrypted with dotenvx, and no private key was found: set DOTENV_PRIVATE_KEY in the environment VS Code runs with, or keep it in .env.keys beside {file}.', { file: message.file, name: message.name });
    case 'vault.dotenvxWrongKey':
      return l10n.t('{name} in {file} is encrypted with dotenvx, and the private key does not decrypt it.', { file: message.file, name: message.name });
    case 'vault.source':
      return l10n.t('{vault}, {item}', { vault: vaultName(message.vault), item: message.item });
    case 'vault.sourceDotenvx':
      return l10n.t('{file}, {name} (decrypted with dotenvx)', { file: message.file, name: message.name });
    case 'vault.notRead':
      return l10n.t('not read yet');
  }
}
