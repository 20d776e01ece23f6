import * as l10n from '@vscode/l10n';
import type { ValidationMessage } from '../../domain/validationMessages';
import { scopeLabel } from './scope';
import { term } from './terms';
import { formatNumber } from './language';

/** Counts as the limits were always written: digits grouped (10,485,760). */
const count = (n: number) => formatNumber(n);

/** Validation messages carry no other message: unlike the other areas, this one needs no `say`. */
export function validationText(message: ValidationMessage): string {
  switch (message.code) {
    case 'validation.required':
      return l10n.t('{label} is required.', { label: term(message.label) });
    case 'validation.onOff':
      return l10n.t('{label} must be on or off.', { label: term(message.label) });
    case 'validation.notText':
      return l10n.t('{label} must be text.', { label: term(message.label) });
    case 'validation.chooseOne':
      return l10n.t('Choose one of: {options}.', { options: message.options.join(', ') });
    case 'validation.mapShape':
      return l10n.t('{label} must be a list of names and values.', { label: term(message.label) });
    case 'validation.mapTooMany':
      return l10n.t('{label} can hold at most {max} entries.', { label: term(message.label), max: message.max });
    case 'validation.mapKeyInvalid':
      return l10n.t("'{key}' is not a valid name: use letters, digits, '_', '-' or '.'.", { key: message.key });
    case 'validation.mapValueMissing':
      return l10n.t("Give '{key}' a value or remove it.", { key: message.key });
    case 'validation.mapCredentials':
      return l10n.t("'{key}' has a user name or password in its URL: put the key in Secrets instead.", { key: message.key });
    case 'validation.headerName':
      return l10n.t("'{header}' is not a valid header name: use letters, digits and - _ . ! # $ % & ' * + ^ ` | ~.", { header: message.header });
    case 'validation.headerReserved':
      return l10n.t("AI Connections sets '{header}' itself. To send the key in another header, use Key header.", { header: message.header });
    case 'validation.headerControl':
      return l10n.t("The value of '{header}' contains a line break or another control character.", { header: message.header });
    case 'validation.tooLong':
      return l10n.t('{label} is too long ({length} characters; at most {max}).', { label: term(message.label), length: count(message.length), max: count(message.max) });
    case 'validation.entryTooLong':
      return l10n.t("'{key}' is too long ({length} characters; at most {max}).", { key: message.key, length: count(message.length), max: count(message.max) });
    case 'validation.url':
      return l10n.t('Enter a full http:// or https:// URL.');
    case 'validation.credentialsInUrl':
      return l10n.t("Remove the user name and password from the URL: put the key in the API Key field (it is kept in VS Code's secret storage).");
    case 'validation.proxyUrl':
      return l10n.t('Enter a proxy URL: http://host:port, https://host:port or socks5://host:port.');
    case 'validation.proxyCredentials':
      return l10n.t('Remove the user name and password from the proxy URL: put them in Proxy user and Proxy password (the password is kept in VS Code’s secret storage).');
    case 'validation.pemOrPath':
      return l10n.t('{label}: enter the absolute path of a PEM file (~/ for your home folder), or paste the certificates (-----BEGIN CERTIFICATE-----).', { label: term(message.label) });
    case 'validation.keyPath':
      return l10n.t('Enter the path of the key’s PEM file (~/ for your home folder): the key stays in its file, never in settings.');
    case 'validation.unknownProvider':
      return l10n.t("Unknown provider '{providerId}'.", { providerId: message.providerId });
    case 'validation.providerChange':
      return l10n.t("A connection's provider can't be changed. Create a new connection instead.");
    case 'validation.scopeChange':
      return l10n.t("A connection's scope can't be changed. Duplicate it instead.");
    case 'validation.workspaceUnavailable':
      return l10n.t('Open a folder to keep connections in the workspace.');
    case 'validation.folderNotOpen':
      return l10n.t("Choose one of this workspace's folders.");
    case 'validation.nameRequired':
      return l10n.t('Name is required.');
    case 'validation.nameTooLong':
      return l10n.t('Name must be {max} characters or fewer.', { max: message.max });
    case 'validation.nameControl':
      return l10n.t("Name can't contain control characters or text-direction overrides.");
    case 'validation.aliasRequired':
      return l10n.t('Alias is required.');
    case 'validation.aliasPattern':
      return l10n.t("Use 1–64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.");
    case 'validation.aliasTaken':
      return l10n.t("Alias '{alias}' is already used by '{owner}' ({scope}).", { alias: message.alias, owner: message.owner, scope: scopeLabel(message.scope) });
    case 'validation.secretValueMissing':
      return l10n.t("Enter a value for secret '{entry}'.", { entry: message.entry });
    case 'validation.secretsTooFew':
      return l10n.t('Add at least {min} secret.', { min: message.min });
    case 'validation.recordTooLarge':
      return l10n.t('These settings are too large to store (more than {kb} KB).', { kb: message.kb });
    case 'validation.nothingToTest':
      return l10n.t('Nothing to test.');
    case 'validation.keyForOtherHost':
      return l10n.t("The URL now points at another host than the saved one, so the stored key isn't sent there. Type the key again to use it with the new host.");
    case 'validation.otherProvidersHost':
      return l10n.t("{host} is {owner}'s API, so the key of this {provider} connection would go to {owner}. Use {provider}'s own URL, or your proxy or gateway.", { host: message.host, owner: message.owner, provider: message.provider });
    case 'validation.malformed':
      return message.detail;
  }
}

/** Field errors as the form shows them: each field's message in words. */
export function sayFieldErrors(errors: Readonly<Record<string, ValidationMessage>>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, validationText(message)]));
}
