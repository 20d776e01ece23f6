import { Document, Scalar, parse, visit } from 'yaml';
import type { Connection } from '../connection';
import { findProvider } from '../providers/catalog';
import { isSecretField, type ProviderDescriptor } from '../providers/descriptor';
import { isReference } from '../references';
import { CUSTOM_SCHEMA, CUSTOM_STRONG_TYPE_SCHEMA, CUSTOM_TYPE, DISPLAY_NAME_KEY, PROVIDER_CONFIG, STRONG_TYPE_PREFIX, promptflowTypeOf, schemaUrl, snakeCase } from './promptflowTypes';
import { AUTH_MODES } from './promptflowTypes';

/**
 * How a secret is written: `env` as `${env:<NAME>_<KEY>}` (promptflow's `pf flow build`
 * convention), `user-input` as `<user-input>` (promptflow asks for it on create). Never the value.
 */
export type SecretStyle = 'env' | 'user-input';

/** Keys an export writes itself; a kept key of the same name is not written over them. */
const CUSTOM_RESERVED = new Set(['$schema', 'name', 'type', 'configs', 'secrets', DISPLAY_NAME_KEY]);
const RESERVED = new Set([...CUSTOM_RESERVED, 'module']);

function envPart(text: string): string {
  const upper = text.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

/** `${env:OPENAI_PROD_API_KEY}` for alias `openai-prod` and key `api_key`. */
export function envReferenceFor(pfName: string, key: string): string {
  return `\${env:${envPart(pfName)}_${envPart(key)}}`;
}

function placeholderText(style: SecretStyle, pfName: string, key: string): string {
  return style === 'env' ? envReferenceFor(pfName, key) : '<user-input>';
}

const reverseAuth = Object.fromEntries(Object.entries(AUTH_MODES).map(([pf, ours]) => [ours, pf]));

/**
 * A stored secret that is itself a reference (`${env:OPENAI_KEY}`, `$OpenAI:ApiKey`), by secret
 * key: written as it is, since a reference holds no key. Anything else is never passed here.
 */
export type StoredReferences = Readonly<Record<string, string>>;

/** What every part of one connection's document is written from. */
interface DocumentWriter {
  connection: Connection;
  pfName: string;
  secretKeys: ReadonlySet<string>;
  /** A secret as written: its stored reference, else the placeholder for the style. */
  secretText: (fileKey: string, secretKey: string) => string;
  /** The document's first keys: `$schema`, `name`, `type` and the display name when it differs. */
  head: (schemaClass: string, type: string) => Record<string, unknown>;
}

function documentWriter(connection: Connection, style: SecretStyle, references: StoredReferences): DocumentWriter {
  const pfName = connection.alias;
  return {
    connection,
    pfName,
    secretKeys: new Set(connection.secretKeys),
    secretText: (fileKey, secretKey) => {
      const reference = references[secretKey];
      return reference !== undefined && isReference(reference) ? reference : placeholderText(style, pfName, fileKey);
    },
    head: (schemaClass, type) => {
      const doc: Record<string, unknown> = { $schema: schemaUrl(schemaClass), name: pfName, type };
      if (connection.name !== pfName) doc[DISPLAY_NAME_KEY] = connection.name;
      return doc;
    },
  };
}

/** One connection as a promptflow connection document (a plain object, keys in writing order). */
export function toPromptflowDocument(connection: Connection, style: SecretStyle, references: StoredReferences = {}): Record<string, unknown> {
  const provider = findProvider(connection.providerId);
  const writer = documentWriter(connection, style, references);
  const pf = promptflowTypeOf(connection.providerId);
  if (pf && provider) return promptflowTypedDocument(writer, pf, provider);
  if (connection.providerId === CUSTOM_TYPE) return customDocument(writer);
  return namedProviderDocument(writer, provider);
}

/** A connection of a type promptflow has: its keys under promptflow's names, then kept extra keys. */
function promptflowTypedDocument(writer: DocumentWriter, pf: NonNullable<ReturnType<typeof promptflowTypeOf>>, provider: ProviderDescriptor): Record<string, unknown> {
  const { connection } = writer;
  const doc = writer.head(pf.schemaClass, pf.type);
  for (const [pfKey, fieldKey] of Object.entries(pf.keys)) {
    const field = provider.fields.find((f) => f.key === fieldKey);
    if (!field) continue;
    if (isSecretField(field)) {
      if (writer.secretKeys.has(fieldKey)) doc[pfKey] = writer.secretText(pfKey, fieldKey);
      continue;
    }
    const value = connection.settings[fieldKey];
    if (typeof value === 'string' && value !== '') doc[pfKey] = pfKey === 'auth_mode' ? (reverseAuth[value] ?? value) : value;
  }
  const extra = connection.settings.extra;
  if (extra && typeof extra === 'object') {
    for (const [key, value] of Object.entries(extra)) if (!RESERVED.has(key) && !(key in doc)) doc[key] = value;
  }
  return doc;
}

/** A custom connection: strong-type keys at the top, the other configs and the secrets below. */
function customDocument(writer: DocumentWriter): Record<string, unknown> {
  const { connection } = writer;
  const configs: Record<string, string> = {};
  const strong: Record<string, string> = {};
  const all = (connection.settings.configs ?? {}) as Record<string, string>;
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(STRONG_TYPE_PREFIX) && !CUSTOM_RESERVED.has(key.slice(STRONG_TYPE_PREFIX.length))) strong[key.slice(STRONG_TYPE_PREFIX.length)] = value;
    else configs[key] = value;
  }
  const doc = writer.head(strong.custom_type !== undefined ? CUSTOM_STRONG_TYPE_SCHEMA : CUSTOM_SCHEMA, CUSTOM_TYPE);
  Object.assign(doc, strong);
  doc.configs = configs;
  doc.secrets = Object.fromEntries(connection.secretKeys.filter((k) => k.startsWith('secrets.')).map((k) => [k.slice('secrets.'.length), writer.secretText(k.slice('secrets.'.length), k)]));
  return doc;
}

/** A provider promptflow lacks: a custom connection that names it. */
function namedProviderDocument(writer: DocumentWriter, provider: ProviderDescriptor | undefined): Record<string, unknown> {
  const { connection } = writer;
  const doc = writer.head(CUSTOM_SCHEMA, CUSTOM_TYPE);
  const configs: Record<string, string> = { [PROVIDER_CONFIG]: connection.providerId };
  const secrets: Record<string, string> = {};
  for (const field of provider?.fields ?? []) {
    const key = snakeCase(field.key);
    if (isSecretField(field)) {
      if (writer.secretKeys.has(field.key)) secrets[key] = writer.secretText(key, field.key);
    } else {
      const value = connection.settings[field.key];
      if (typeof value === 'string' && value !== '') configs[key] = value;
    }
  }
  doc.configs = configs;
  doc.secrets = secrets;
  return doc;
}

/**
 * Connections as a promptflow YAML file, one document each. Text that YAML 1.1 (promptflow's
 * PyYAML) or 1.2 would read as something else (`2023-07-31`, `yes`, `0o12`) is quoted.
 */
export function exportPromptflowYaml(connections: readonly Connection[], style: SecretStyle, references: Readonly<Record<string, StoredReferences>> = {}): string {
  return connections
    .map((connection) => {
      const doc = new Document(toPromptflowDocument(connection, style, references[connection.id]), { version: '1.1' });
      visit(doc, {
        Scalar(_key, node) {
          if (typeof node.value === 'string' && readsAsOtherThanText(node.value)) node.type = Scalar.QUOTE_DOUBLE;
        },
      });
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

function readsAsOtherThanText(value: string): boolean {
  try {
    return typeof parse(`v: ${value}`, { version: '1.2' })?.v !== 'string' || typeof parse(`v: ${value}`, { version: '1.1' })?.v !== 'string';
  } catch {
    return true;
  }
}
