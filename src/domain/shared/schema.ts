/**
 * The JSON Schema of the shared connections file, generated from the provider descriptors at
 * build time (esbuild.js writes it to schemas/ai-connections.schema.json, which package.json
 * contributes through `jsonValidation`), so VS Code completes and checks the file as it is typed.
 */
import { ALIAS_PATTERN } from '../alias';
import { PROVIDERS } from '../providers/catalog';
import { fieldHelp, isSecretField, type FieldDescriptor, type ProviderDescriptor } from '../providers/descriptor';
import { CONFIG_REFERENCE, ENV_REFERENCE } from '../references';
import { VAULT_REFERENCES } from '../vaults/grammar';
import { ASK, ID_PATTERN } from './parse';

type JsonSchema = Record<string, unknown>;

const REFERENCE = [ENV_REFERENCE, CONFIG_REFERENCE, ...VAULT_REFERENCES].map((pattern) => pattern.source).join('|');
const SECRET: JsonSchema = {
  type: 'string',
  anyOf: [
    { const: ASK, description: 'Each person sets their own key on their machine (Set My Key…); it is kept in their secret storage, never in this file.' },
    {
      pattern: REFERENCE,
      description:
        'A reference: ${env:NAME} (an environment variable), $Section:Key (appsettings*.json, or .env as Section__Key), or a vault item each teammate reads with their own access: op://vault/item/field, ${pass:path}, ${gopass:path}, ${vault:mount/path#field}, ${azkv:vault/secret}, ${command:name}.',
    },
  ],
  markdownDescription: 'A key is never written here: `"ask"` (each person sets their own) or a reference such as `"${env:OPENAI_API_KEY}"` or `"$OpenAI:ApiKey"`.',
};

function described(field: FieldDescriptor): JsonSchema {
  const help = fieldHelp(field);
  return { title: field.label, ...(help ? { description: help } : {}) };
}

function settingSchema(field: FieldDescriptor): JsonSchema {
  switch (field.kind) {
    case 'boolean':
      return { ...described(field), type: 'boolean', ...(field.default !== undefined ? { default: field.default } : {}) };
    case 'select':
      return { ...described(field), type: 'string', enum: (field.options ?? []).map((o) => o.value), ...(field.default !== undefined ? { default: field.default } : {}) };
    case 'map':
      return { ...described(field), type: 'object', additionalProperties: { type: 'string' } };
    default:
      return { ...described(field), type: 'string', ...(field.kind === 'url' ? { format: 'uri' } : {}), ...(typeof field.default === 'string' ? { default: field.default } : {}) };
  }
}

function secretSchema(field: FieldDescriptor): JsonSchema {
  return field.kind === 'map' ? { ...described(field), type: 'object', additionalProperties: SECRET } : { ...described(field), ...SECRET };
}

/** What `settings` and `secrets` hold for one provider. */
function providerCase(provider: ProviderDescriptor): JsonSchema {
  const settings = provider.fields.filter((f) => !isSecretField(f));
  const secrets = provider.fields.filter(isSecretField);
  return {
    if: { properties: { provider: { const: provider.id } }, required: ['provider'] },
    then: {
      properties: {
        settings: { type: 'object', additionalProperties: false, properties: Object.fromEntries(settings.map((f) => [f.key, settingSchema(f)])) },
        secrets: { type: 'object', additionalProperties: false, properties: Object.fromEntries(secrets.map((f) => [f.key, secretSchema(f)])) },
      },
    },
  };
}

export function sharedFileSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'AI Connections shared with the workspace',
    description: 'Connection definitions committed with the code. Keys are never written here: each is "ask" (each person sets their own) or a reference.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      connections: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'alias', 'name', 'provider'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', pattern: ID_PATTERN.source, description: 'Stable: the keys teammates set are bound to it. Letters, digits, ".", "_" and "-".' },
            alias: { type: 'string', pattern: ALIAS_PATTERN.source, description: 'Unique among your connections and the shared ones: lowercase letters, digits, ".", "_" and "-".' },
            name: { type: 'string', minLength: 1, maxLength: 100 },
            provider: { type: 'string', enum: PROVIDERS.map((p) => p.id), markdownEnumDescriptions: PROVIDERS.map((p) => p.displayName) },
            isActive: { type: 'boolean', default: true },
            settings: { type: 'object' },
            secrets: { type: 'object' },
          },
          allOf: PROVIDERS.map(providerCase),
        },
      },
    },
  };
}
