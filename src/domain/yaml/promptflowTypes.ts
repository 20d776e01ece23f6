/**
 * promptflow's connection types and how each maps onto a provider descriptor. The table is data:
 * import, export and the JSON schemas all read it, with the descriptors, and nothing else.
 */
export const SCHEMA_BASE = 'https://azuremlschemas.azureedge.net/promptflow/latest/';

export interface PromptflowType {
  /** The `type:` of the YAML file. */
  type: string;
  /** The class behind promptflow's `$schema` URL (`OpenAIConnection`). */
  schemaClass: string;
  providerId: string;
  /** promptflow key -> descriptor field key, in the order an export writes them. */
  keys: Readonly<Record<string, string>>;
  /** The `module` promptflow writes for the type; recognised on import, not stored. */
  module: string;
}

const PF = 'promptflow.connections';

export const PROMPTFLOW_TYPES: readonly PromptflowType[] = [
  { type: 'open_ai', schemaClass: 'OpenAIConnection', providerId: 'openai', module: PF, keys: { api_key: 'apiKey', organization: 'organization', base_url: 'baseUrl', project: 'project' } },
  {
    type: 'azure_open_ai',
    schemaClass: 'AzureOpenAIConnection',
    providerId: 'azure-openai',
    module: PF,
    keys: { api_key: 'apiKey', api_base: 'endpoint', api_type: 'apiType', api_version: 'apiVersion', auth_mode: 'authMode', resource_id: 'resourceId', deployment: 'deployment' },
  },
  { type: 'serverless', schemaClass: 'ServerlessConnection', providerId: 'serverless', module: PF, keys: { api_key: 'apiKey', api_base: 'endpoint' } },
  { type: 'azure_ai_services', schemaClass: 'AzureAIServicesConnection', providerId: 'azure-ai-services', module: PF, keys: { api_key: 'apiKey', endpoint: 'endpoint', auth_mode: 'authMode' } },
  {
    type: 'cognitive_search',
    schemaClass: 'CognitiveSearchConnection',
    providerId: 'cognitive-search',
    module: PF,
    keys: { api_key: 'apiKey', api_base: 'endpoint', api_version: 'apiVersion', auth_mode: 'authMode' },
  },
  {
    type: 'azure_content_safety',
    schemaClass: 'AzureContentSafetyConnection',
    providerId: 'azure-content-safety',
    module: PF,
    keys: { api_key: 'apiKey', endpoint: 'endpoint', api_version: 'apiVersion', api_type: 'apiType' },
  },
  {
    type: 'form_recognizer',
    schemaClass: 'FormRecognizerConnection',
    providerId: 'form-recognizer',
    module: PF,
    keys: { api_key: 'apiKey', endpoint: 'endpoint', api_version: 'apiVersion', api_type: 'apiType' },
  },
  { type: 'serp', schemaClass: 'SerpConnection', providerId: 'serp', module: PF, keys: { api_key: 'apiKey' } },
  { type: 'qdrant', schemaClass: 'QdrantConnection', providerId: 'qdrant', module: 'promptflow_vectordb.connections', keys: { api_key: 'apiKey', api_base: 'endpoint' } },
  { type: 'weaviate', schemaClass: 'WeaviateConnection', providerId: 'weaviate', module: 'promptflow_vectordb.connections', keys: { api_key: 'apiKey', api_base: 'endpoint' } },
];

export const CUSTOM_TYPE = 'custom';
export const CUSTOM_SCHEMA = 'CustomConnection';
export const CUSTOM_STRONG_TYPE_SCHEMA = 'CustomStrongTypeConnection';
/** The top-level keys of a custom strong type, kept as configs `promptflow.connection.<key>` (as promptflow stores them). */
export const STRONG_TYPE_KEYS = ['custom_type', 'module', 'package', 'package_version'] as const;
export const STRONG_TYPE_PREFIX = 'promptflow.connection.';
/** The config that carries a provider promptflow lacks (Anthropic, Gemini, ...) on a custom connection. */
export const PROVIDER_CONFIG = 'ai_connections_provider';
/** The connection's display name, when it differs from its promptflow name (the alias). */
export const DISPLAY_NAME_KEY = 'display_name';

/** promptflow's `auth_mode` values against the descriptors' `authMode`. */
export const AUTH_MODES: Readonly<Record<string, string>> = { key: 'key', meid_token: 'entra' };

const byType = new Map(PROMPTFLOW_TYPES.map((t) => [t.type, t]));
const byProvider = new Map(PROMPTFLOW_TYPES.map((t) => [t.providerId, t]));

export function promptflowType(type: string): PromptflowType | undefined {
  return byType.get(type);
}

export function promptflowTypeOf(providerId: string): PromptflowType | undefined {
  return byProvider.get(providerId);
}

export function schemaUrl(schemaClass: string): string {
  return `${SCHEMA_BASE}${schemaClass}.schema.json`;
}

/** `baseUrl` -> `base_url`: how a field of a provider promptflow lacks is named in configs and secrets. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
