/**
 * An imported connection checked as the store will check it, each problem reported at the
 * file's line and under the file's own key (`line 4: api_base must be a URL`). URL settings
 * holding a placeholder become questions instead.
 */
import type { ConnectionInput } from '../connection';
import { findProvider } from '../providers/catalog';
import { fieldApplies, isSecretField, type ProviderDescriptor } from '../providers/descriptor';
import { isReference } from '../references';
import { validateConnection, type FieldErrors } from '../validation';
import type { ImportedConnection, Reader } from './imported';
import { promptflowType, snakeCase } from './promptflowTypes';

/** The file's name for a descriptor field, for messages. */
function fileKeyOf(connection: ImportedConnection, fieldKey: string): string[] {
  const pf = promptflowType(connection.type);
  if (pf) {
    const found = Object.entries(pf.keys).find(([, f]) => f === fieldKey);
    return [found ? found[0] : fieldKey];
  }
  if (connection.providerId !== 'custom') {
    const provider = findProvider(connection.providerId)!;
    const field = provider.fields.find((f) => f.key === fieldKey);
    return [field && isSecretField(field) ? 'secrets' : 'configs', snakeCase(fieldKey)];
  }
  return [fieldKey];
}

/**
 * Checks the connection as the store will (with a stand-in for each secret), and reports each
 * problem at the file's line and under the file's own key (`line 4: api_base must be a URL`).
 */
export function checkAgainstDescriptor(connection: ImportedConnection, reader: Reader): void {
  const provider = findProvider(connection.providerId)!;
  const values = valuesWithStandIns(connection, provider);
  askForPlaceholderUrls(connection, reader, provider, values);
  reportMissingSecrets(connection, reader, provider, values);
  const result = validateConnection({ providerId: provider.id, name: connection.name, alias: connection.alias, scope: 'global', isActive: true, values }, { takenAliases: new Map(), workspaceAvailable: true });
  if (result.ok) return;
  reportValidationErrors(connection, reader, provider, values, result.errors);
}

/** The connection's values with a stand-in (`x`) for each secret the file gives. */
function valuesWithStandIns(connection: ImportedConnection, provider: ProviderDescriptor): ConnectionInput['values'] {
  const values: ConnectionInput['values'] = { ...connection.values };
  const stand: Record<string, string> = {};
  for (const secret of connection.secrets) {
    if (secret.key.startsWith('secrets.')) stand[secret.key.slice('secrets.'.length)] = 'x';
    else values[secret.key] = 'x';
  }
  if (provider.id === 'custom') values.secrets = stand;
  return values;
}

/** A URL setting that is neither a URL nor a reference is a placeholder: asked for, checked with a stand-in. */
function askForPlaceholderUrls(connection: ImportedConnection, reader: Reader, provider: ProviderDescriptor, values: ConnectionInput['values']): void {
  for (const field of provider.fields) {
    if (field.kind !== 'url') continue;
    const value = values[field.key];
    if (typeof value === 'string' && value.trim() !== '' && !isReference(value.trim()) && !isHttpUrl(value.trim())) {
      const key = fileKeyOf(connection, field.key);
      connection.placeholders.push({ key: field.key, field: key.join('.'), line: reader.line(key), required: field.required === true });
      delete connection.values[field.key];
      values[field.key] = 'https://placeholder.invalid';
    }
  }
}

/** Reports each required key the file leaves out. */
function reportMissingSecrets(connection: ImportedConnection, reader: Reader, provider: ProviderDescriptor, values: ConnectionInput['values']): void {
  for (const field of provider.fields) {
    if (!isSecretField(field) || field.kind === 'map' || field.required !== true || !fieldApplies(field, values, provider)) continue;
    if (values[field.key] === undefined) {
      const key = fileKeyOf(connection, field.key);
      reader.problem(key.length === 1 ? [] : key, field.when?.field === 'authMode' ? { code: 'yaml.requiredForKeyAuth', key: key.join('.') } : { code: 'yaml.requiredKey', key: key.join('.') });
    }
  }
}

/** Reports the store's objections under the file's keys, leaving out those already reported. */
function reportValidationErrors(connection: ImportedConnection, reader: Reader, provider: ProviderDescriptor, values: ConnectionInput['values'], errors: FieldErrors): void {
  for (const [fieldKey, message] of Object.entries(errors)) {
    if (fieldKey === 'alias') continue; // derived from the name, which is checked as name
    const field = provider.fields.find((f) => f.key === fieldKey);
    if (field?.kind === 'url' || (field && isSecretField(field) && field.kind !== 'map' && values[fieldKey] === undefined)) continue; // reported above
    const key = fieldKey === 'name' ? ['name'] : fieldKey === 'form' ? [] : fileKeyOf(connection, fieldKey);
    reader.problem(key, key.length > 0 ? { code: 'yaml.invalid', key: key.join('.'), problem: message } : { code: 'yaml.invalidConnection', problem: message });
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
