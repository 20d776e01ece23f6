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
