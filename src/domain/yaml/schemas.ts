/**
 * JSON Schemas of promptflow connection YAML, one per type and one for any type, generated from
 * the provider descriptors and the promptflow type table (the same data that drives the form).
 * Written at build time into `schemas/` and contributed to the YAML extension (`yamlValidation`).
 *
 * Not localized: the `title`s and `description`s stay English. The files are generated once at
 * build time (not per display language) and shown by the YAML extension, and they describe
 * promptflow's own file format, whose keys and documentation are English.
 */
import { PROVIDERS, findProvider } from '../providers/catalog';
import { fieldHelp, isSecretField, type FieldDescriptor, type ProviderDescriptor } from '../providers/descriptor';
import { AUTH_MODES, CUSTOM_SCHEMA, CUSTOM_STRONG_TYPE_SCHEMA, DISPLAY_NAME_KEY, PROMPTFLOW_TYPES, PROVIDER_CONFIG, STRONG_TYPE_KEYS, promptflowTypeOf, schemaUrl, type PromptflowType } from './promptflowTypes';

type JsonSchema = Record<string, unknown>;

const SECRET_HELP = 'Write a reference (${env:NAME}), <user-input> to be asked on import, or ****** to keep the stored key on an update. A key written here is moved into secret storage on import.';

const reverseAuth: Record<string, string> = Object.fromEntries(Object.entries(AUTH_MODES).map(([pf, ours]) => [ours, pf]));

function describe(field: FieldDescriptor): string {
  return [field.label, fieldHelp(field)?.replace(/\.$/, '')].filter(Boolean).join(': ');
}

function fieldSchema(field: FieldDescriptor, pfKey: string): JsonSchema {
  if (isSecretField(field)) return { type: 'string', description: `${describe(field)}. ${SECRET_HELP}` };
  const schema: JsonSchema = { type: 'string', description: describe(field) };
  if (field.kind === 'select') {
    const values = (field.options ?? []).map((o) => (pfKey === 'auth_mode' ? (reverseAuth[o.value] ?? o.value) : o.value));
    schema.enum = values;
    if (typeof field.default === 'string') schema.default = pfKey === 'auth_mode' ? (reverseAuth[field.default] ?? field.default) : field.default;
  } else if (typeof field.default === 'string') schema.default = field.default;
  if (field.kind === 'url') schema.description = `${describe(field)} (an http:// or https:// URL, or \${env:NAME}).`;
  return schema;
}

const common = (type: string, schemaClass: string): Record<string, JsonSchema> => ({
  $schema: { type: 'string', description: "promptflow's schema of this connection type.", default: schemaUrl(schemaClass) },
  name: { type: 'string', minLength: 1, description: "The connection's name in promptflow; its alias in AI Connections." },
  type: { const: type, description: 'The promptflow connection type.' },
  [DISPLAY_NAME_KEY]: { type: 'string', description: 'The name AI Connections shows, when it differs from name.' },
});

function strongTypeSchema(pf: PromptflowType): JsonSchema {
  const provider = findProvider(pf.providerId)!;
  const properties = common(pf.type, pf.schemaClass);
  const required = ['name', 'type'];
  const conditions: JsonSchema[] = [];
  properties.module = { type: 'string', default: pf.module, description: 'The Python module of the connection class.' };
  for (const [pfKey, fieldKey] of Object.entries(pf.keys)) {
    const field = provider.fields.find((f) => f.key === fieldKey);
    if (!field) continue;
    properties[pfKey] = fieldSchema(field, pfKey);
    if (field.required !== true) continue;
    if (!field.when) required.push(pfKey);
    else {
      const conditionKey = Object.entries(pf.keys).find(([, f]) => f === field.when!.field)?.[0];
      const conditionField = provider.fields.find((f) => f.key === field.when!.field);
      if (!conditionKey || !conditionField) continue;
      // Required unless the condition field says otherwise (it defaults to the value that requires it).
      const others = (conditionField.options ?? [])
        .map((o) => o.value)
        .filter((v) => v !== field.when!.equals)
        .map((v) => (conditionKey === 'auth_mode' ? (reverseAuth[v] ?? v) : v));
      conditions.push({ if: { not: { properties: { [conditionKey]: { enum: others } }, required: [conditionKey] } }, then: { required: [pfKey] } });
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `promptflow ${provider.displayName} connection (${pf.type})`,
    description: provider.description,
    type: 'object',
    required,
    properties,
    // promptflow accepts other keys; AI Connections keeps them as "Other promptflow keys".
    additionalProperties: { type: 'string' },
    ...(conditions.length > 0 ? { allOf: conditions } : {}),
  };
}

/** Providers promptflow lacks, carried on custom connections. */
function carriedProviders(): ProviderDescriptor[] {
  return PROVIDERS.filter((p) => p.id !== 'custom' && !promptflowTypeOf(p.id));
}

function customSchema(): JsonSchema {
  const custom = findProvider('custom')!;
  const [configs, secrets] = [custom.fields.find((f) => f.key === 'configs')!, custom.fields.find((f) => f.key === 'secrets')!];
  const properties = common('custom', CUSTOM_SCHEMA);
  for (const key of STRONG_TYPE_KEYS) properties[key] = { type: 'string', description: `A custom strong type's ${key} (see ${CUSTOM_STRONG_TYPE_SCHEMA}).` };
  properties.configs = {
    type: 'object',
    description: describe(configs),
    properties: {
      [PROVIDER_CONFIG]: { type: 'string', enum: carriedProviders().map((p) => p.id), description: 'The AI Connections provider this custom connection carries; its settings are the other configs, in snake_case.' },
      test_url: { type: 'string', description: 'The URL the connection test requests (GET).' },
      test_header: { type: 'string', description: 'The header the test secret goes in (default Authorization: Bearer).' },
      test_secret: { type: 'string', description: 'The secret the test sends (default: the first secret).' },
    },
    additionalProperties: { type: 'string' },
  };
  properties.secrets = { type: 'object', description: `${describe(secrets)} ${SECRET_HELP}`, additionalProperties: { type: 'string' } };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'promptflow custom connection (custom)',
    description: custom.description,
    type: 'object',
    required: ['name', 'type', 'secrets'],
    properties,
    additionalProperties: { type: 'string' },
  };
}

/** File name -> schema: one per promptflow type (named after promptflow's schema class), and `connection.schema.json` for any type. */
export function connectionSchemas(): Record<string, JsonSchema> {
  const files: Record<string, JsonSchema> = {};
  const definitions: Record<string, JsonSchema> = {};
  for (const pf of PROMPTFLOW_TYPES) {
    const schema = strongTypeSchema(pf);
    files[`${pf.schemaClass}.schema.json`] = schema;
    definitions[pf.type] = schema;
  }
  const custom = customSchema();
  files[`${CUSTOM_SCHEMA}.schema.json`] = custom;
  definitions.custom = custom;
  const types = Object.keys(definitions);
  files['connection.schema.json'] = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'promptflow connection',
    description: 'A promptflow connection file, as AI Connections imports and exports it.',
    type: 'object',
    required: ['name', 'type'],
    properties: { type: { enum: types, description: 'The promptflow connection type.' } },
    allOf: types.map((type) => ({ if: { properties: { type: { const: type } }, required: ['type'] }, then: { $ref: `#/definitions/${type}` } })),
    definitions: Object.fromEntries(Object.entries(definitions).map(([type, schema]) => [type, { ...schema, $schema: undefined }])),
  };
  return JSON.parse(JSON.stringify(files)) as Record<string, JsonSchema>;
}
