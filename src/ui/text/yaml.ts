import * as l10n from '@vscode/l10n';
import type { Message, YamlMessage } from '../../domain/messages';
import type { Say } from './say';
import { orList } from './resolution';
import { formatNumber } from './language';

/** A message that may still be text (the store's checks, until they are messages too). */
function text(value: string | Message, say: Say): string {
  return typeof value === 'string' ? value : say(value);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

export function yamlText(message: YamlMessage, say: Say): string {
  switch (message.code) {
    case 'yaml.located': {
      const params = { file: message.file, document: message.document ?? '', line: message.line ?? '', problem: say(message.problem) };
      if (message.document !== undefined) {
        return message.line !== undefined ? l10n.t('{file}, document {document}, line {line}: {problem}', params) : l10n.t('{file}, document {document}: {problem}', params);
      }
      return message.line !== undefined ? l10n.t('{file}, line {line}: {problem}', params) : l10n.t('{file}: {problem}', params);
    }
    case 'yaml.fileTooLarge':
      return l10n.t('the file is {kb} KB; connection files are limited to 1 MB.', { kb: message.kb });
    case 'yaml.notAMap':
      return l10n.t('a connection must be a map of keys and values (name, type, ...).');
    case 'yaml.keyNotText':
      return l10n.t('every key must be text.');
    case 'yaml.reservedName':
      return l10n.t("'{key}' is not allowed as a name.", { key: message.key });
    case 'yaml.secretAlias':
      return l10n.t('*{alias} repeats the secret {field}: an alias may not copy a secret into another value. Write the secret once, or a reference such as {example} in each place.', {
        alias: message.alias,
        field: message.field,
        example: '${env:NAME}',
      });
    case 'yaml.tooManyAliases':
      return l10n.t('too many alias expansions; connection files are refused when aliases expand beyond {max} nodes.', { max: message.max });
    case 'yaml.nodeLimit':
      return l10n.t('the file holds more than {max} YAML nodes (keys, values, list entries and documents); connection files are refused beyond that.', { max: formatNumber(message.max) });
    case 'yaml.aliasLimit':
      return l10n.t('the file holds more than {max} aliases (*name); connection files are refused beyond that.', { max: formatNumber(message.max) });
    case 'yaml.documentLimit':
      return l10n.t('the file holds more than {max} documents (connections); connection files are refused beyond that.', { max: formatNumber(message.max) });
    case 'yaml.documentUnreadable':
      return l10n.t('the document could not be read.');
    case 'yaml.duplicateKey':
      return message.key === undefined ? l10n.t('a key appears twice in the same map.') : l10n.t('{key} appears twice; give each key once.', { key: message.key });
    case 'yaml.tabIndent':
      return l10n.t('tabs are not allowed for indentation in YAML; indent with spaces.');
    case 'yaml.syntax':
      return message.text;
    case 'yaml.required':
      return l10n.t('{key} is required.', { key: message.key });
    case 'yaml.typeRequired':
      return l10n.t('{key} is required (one of {types}).', { key: message.key, types: message.types });
    case 'yaml.notText':
      return l10n.t('{key} must be text.', { key: message.key });
    case 'yaml.quoteText':
      return l10n.t('{key} must be text (write "{value}" in quotes).', { key: message.key, value: message.value });
    case 'yaml.quoteSecret':
      return l10n.t('{key} must be text (write the secret in quotes).', { key: message.key });
    case 'yaml.unknownType':
      return l10n.t("type '{type}' is not a promptflow connection type ({types}).", { type: message.type, types: message.types });
    case 'yaml.authMode':
      return l10n.t('{key} must be {modes}.', { key: message.key, modes: orList(message.modes) });
    case 'yaml.notAMapOfValues':
      return l10n.t('{key} must be a map of names and values.', { key: message.key });
    case 'yaml.carriedProvider':
      return l10n.t('{key} must name one of: {providers}.', { key: message.key, providers: message.providers });
    case 'yaml.notASetting':
      return l10n.t('{key} is not a setting of a {provider} connection.', { key: message.key, provider: message.provider });
    case 'yaml.notASecret':
      return l10n.t('{key} is not a secret of a {provider} connection.', { key: message.key, provider: message.provider });
    case 'yaml.requiredKey':
      return l10n.t("'{key}' is required.", { key: message.key });
    case 'yaml.requiredForKeyAuth':
      return l10n.t("'{key}' is required for key auth mode connection.", { key: message.key });
    case 'yaml.invalid':
      return l10n.t('{key}: {problem}', { key: message.key, problem: lowerFirst(text(message.problem, say)) });
    case 'yaml.invalidConnection':
      return text(message.problem, say);
    case 'yaml.overridden':
      return l10n.t('--set {problem}', { problem: say(message.problem) });
    case 'yaml.placeholder':
      return l10n.t('{field} must be a URL (http:// or https://); give it with --set {field}=https://…', { field: message.field });
    case 'yaml.missingValue':
      return l10n.t('{field} has no value: the file asks for it (<user-input>) or leaves it out, and none was given. Nothing was imported.', { field: message.field });
    case 'yaml.missingUrl':
      return l10n.t('{field} must be a URL (http:// or https://), and none was given. Nothing was imported.', { field: message.field });
    case 'yaml.setNotText':
      return l10n.t('--set #{index} must be text of at most 16,384 characters.', { index: message.index });
    case 'yaml.setNotPair':
      return l10n.t('--set #{index}: write key=value (for example api_base=https://… or configs.region=eastus).', { index: message.index });
    case 'yaml.setNotKey':
      return l10n.t("--set #{index}: '{key}' is not a key.", { index: message.index, key: message.key });
    case 'yaml.setDot':
      return l10n.t('--set {key}: only configs.<name> and secrets.<name> take a dot.', { key: message.key });
    case 'yaml.loadNothing':
      // promptflow's own wording (pf connection create -f): the English text must stay exactly this.
      return l10n.t("Load nothing from dotenv file '{file}', please make sure the file is not empty and readable.", { file: message.file });
    case 'yaml.tooManyKeys':
      return l10n.t('the file holds {count} keys; a custom connection holds at most {max} secrets.', { count: message.count, max: message.max });
    case 'yaml.badSecretName':
      return l10n.t("'{name}' is not a valid secret name: use letters, digits, '_', '-' or '.', starting with a letter or '_', at most 64 characters.", { name: message.name });
    case 'yaml.valueTooLong':
      return l10n.t("the value of '{key}' is too long ({length} characters; at most {max}).", {
        key: message.key,
        length: formatNumber(message.length),
        max: formatNumber(message.max),
      });
    case 'yaml.needsName':
      return l10n.t('the connection needs a name (pf connection create -f .env --name <name>).');
  }
}
