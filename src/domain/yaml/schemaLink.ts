/**
 * Which shipped schema a promptflow connection file names in its `$schema` (promptflow's hosted
 * URL, `https://azuremlschemas.azureedge.net/promptflow/latest/OpenAIConnection.schema.json`). Plain
 * text matching, without the `yaml` package: this runs when a YAML file opens, not only on import.
 */
import { CUSTOM_SCHEMA, CUSTOM_STRONG_TYPE_SCHEMA, PROMPTFLOW_TYPES, SCHEMA_BASE } from './promptflowTypes';

const SHIPPED = new Set([...PROMPTFLOW_TYPES.map((t) => t.schemaClass), CUSTOM_SCHEMA]);
const escaped = SCHEMA_BASE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const DOLLAR_SCHEMA = new RegExp(`^\\$schema:[ \\t]*["']?${escaped}([A-Za-z]{1,64})\\.schema\\.json["']?[ \\t]*(?:#.*)?$`, 'm');
/** Only the start of a file is looked at: `$schema` comes first in promptflow's files. */
const HEAD = 4096;

/** The file name of the shipped schema (`OpenAIConnection.schema.json`) for a file's text, if it names one. */
export function linkedSchemaFile(text: string): string | undefined {
  const match = DOLLAR_SCHEMA.exec(text.slice(0, HEAD).replace(/^\uFEFF/, ''));
  if (!match) return undefined;
  const schemaClass = match[1] === CUSTOM_STRONG_TYPE_SCHEMA ? CUSTOM_SCHEMA : match[1]!;
  return SHIPPED.has(schemaClass) ? `${schemaClass}.schema.json` : undefined;
}

/** Whether a name is one of the schema files the build writes (nothing else is ever read). */
export function isShippedSchemaFile(name: string): boolean {
  return name === 'connection.schema.json' || [...SHIPPED].some((c) => `${c}.schema.json` === name);
}

/** The scheme of the schema URIs this extension gives the YAML extension. */
export const SCHEMA_URI_SCHEME = 'ai-connections-schema';

/**
 * The URI to give the YAML extension for a document (`ai-connections-schema://schemas/OpenAIConnection.schema.json`),
 * or undefined when the document names none of promptflow's connection schemas (other contributors and
 * `yamlValidation` then decide).
 */
export function schemaUriFor(text: string): string | undefined {
  const file = linkedSchemaFile(text);
  return file ? `${SCHEMA_URI_SCHEME}://schemas/${file}` : undefined;
}

/** The shipped schema file one of our URIs names; undefined for any other URI (nothing else is ever read). */
export function schemaFileOfUri(uri: string): string | undefined {
  const prefix = `${SCHEMA_URI_SCHEME}://schemas/`;
  if (!uri.startsWith(prefix)) return undefined;
  const file = uri.slice(prefix.length).split(/[?#]/)[0]!;
  return isShippedSchemaFile(file) ? file : undefined;
}

/** The content served for a URI: the shipped schema it names, read with `read`, else an empty schema. */
export function schemaContentFor(uri: string, read: (file: string) => string): string {
  const file = schemaFileOfUri(uri);
  return file ? read(file) : '{}';
}
