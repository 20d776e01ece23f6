/**
 * The shared connections file and the keys each person binds to its definitions, in words.
 */
import * as l10n from '@vscode/l10n';
import type { SharedMessage } from '../../domain/messages';
import type { Say } from './say';

export function sharedText(message: SharedMessage, say: Say): string {
  switch (message.code) {
    case 'shared.notJson':
      return l10n.t("This file isn't JSON ({reason}), so none of its connections are shown. Correct it and save.", { reason: message.reason });
    case 'shared.notObject':
      return l10n.t('Expected an object here: the file holds an object with a "connections" list, and each connection\'s "settings" and "secrets" are objects.');
    case 'shared.fileTooLarge':
      return l10n.t('This file is larger than {kb} KB, so it is not read.', { kb: message.kb });
    case 'shared.tooMany':
      return l10n.t('Only the first {max} connections of this file are read.', { max: message.max });
    case 'shared.unreadable':
      return l10n.t("Couldn't read this file: {cause}", { cause: message.cause });
    case 'shared.entryNotObject':
      return l10n.t('Each connection is an object with an id, alias, name and provider.');
    case 'shared.missing':
      return l10n.t('This connection has no "{property}"; it is not shown until it has one.', { property: message.property });
    case 'shared.notText':
      return l10n.t('"{property}" is text.', { property: message.property });
    case 'shared.unknownProperty':
      return l10n.t('"{property}" is not a property of a shared connection (id, alias, name, provider, isActive, settings, secrets).', { property: message.property });
    case 'shared.badId':
      return l10n.t("The id '{id}' is not usable: letters, digits, '.', '_' and '-', up to 64, starting with a letter or digit. Keep an id once teammates use it: their keys are bound to it.", { id: message.id });
    case 'shared.duplicateId':
      return l10n.t("Another connection in this file has the id '{id}'; neither is shown until each has its own.", { id: message.id });
    case 'shared.duplicateAlias':
      return l10n.t("Another connection in this file has the alias '{alias}'; neither is shown until each has its own.", { alias: message.alias });
    case 'shared.unknownProvider':
      return l10n.t("'{provider}' is not a provider AI Connections knows; the file's schema lists them.", { provider: message.provider });
    case 'shared.notSecretField':
      return l10n.t('\'{field}\' is not a key of this provider. Settings go under "settings"; only keys go under "secrets".', { field: message.field });
    case 'shared.secretInSettings':
      return l10n.t('\'{field}\' is a key: it goes under "secrets", as "ask" or a reference, never as a value.', { field: message.field });
    case 'shared.literalSecret':
      return l10n.t(
        'A key is never written in a shared file, so this connection is not shown and the value is not read. Write "ask" (each person sets their own key on their machine) or a reference such as "${env:OPENAI_API_KEY}" or "$OpenAI:ApiKey" for \'{field}\', and remove the key from the file\'s history if it was committed.',
        { field: message.field },
      );
    case 'shared.entryTooLarge':
      return l10n.t('This connection is larger than {kb} KB, so it is not read.', { kb: message.kb });
    case 'shared.invalidSetting':
      return l10n.t("'{field}': {problem}", { field: message.field, problem: say(message.problem) });
    case 'shared.aliasClash':
      return message.otherShared
        ? l10n.t("The alias '{alias}' is also used by the shared connection '{other}'; neither is found by that alias until one is renamed in its file.", { alias: message.alias, other: message.other })
        : l10n.t("The alias '{alias}' is also used by your connection '{other}'; neither is found by that alias until one is renamed: edit yours, or the shared file.", { alias: message.alias, other: message.other });
    case 'shared.keyNeeded':
      return l10n.t('key needed');
    case 'shared.keyNeededHere':
      return l10n.t('key needed on this machine');
    case 'shared.hostChanged':
      return l10n.t("The shared file now sends '{name}' to {to}. Your key was set for {from}.", { name: message.name, from: message.from, to: message.to });
    case 'shared.definitionGone':
      return l10n.t("The shared file no longer has the connection '{id}' (it changed meanwhile); nothing was written. Close the form and open the connection again.", { id: message.id });
    case 'shared.bindFailed':
      return l10n.t("Couldn't keep your key for '{name}' in secret storage: {cause}. Nothing was changed.", { name: message.name, cause: message.cause });
  }
}
