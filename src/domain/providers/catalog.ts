import type { FieldDescriptor, ProviderDescriptor } from './descriptor';
import { keyHelp } from './fields';
import { withNetworkFields } from './network';
import { AZURE_APIM_PROVIDER, GATEWAY_PROVIDERS } from './gateways';
import { LOCAL_SERVER_PROVIDERS, SERVICE_PROVIDERS } from './services';

const apiKey = (placeholder: string, section: string, variable: string) => ({ key: 'apiKey', label: 'API Key', kind: 'password', required: true, placeholder, ...keyHelp(section, variable) }) as const;

/** An optional base URL with the provider's documented default, for proxies and gateways. */
const baseUrl = (defaultUrl: string) => ({ key: 'baseUrl', label: 'Base URL', kind: 'url', default: defaultUrl, help: 'Change only for a proxy or gateway.' }) as const;

const OPENAI_BASE = 'https://api.openai.com/v1';
const ANTHROPIC_BASE = 'https://api.anthropic.com';
const GEMINI_BASE = 'https://generativelanguage.googleapis.com';
const MISTRAL_BASE = 'https://api.mistral.ai';

/** Keys of an imported promptflow file that the provider has no field for: kept, shown, and exported again. */
const promptflowExtra = {
  key: 'extra',
  label: 'Other promptflow keys',
  kind: 'map',
  help: 'Keys from a promptflow connection file that this provider has no field for; written back on export.',
  section: 'promptflow',
} as const;

const endpoint = (label: string, placeholder: string, help: string) => ({ key: 'endpoint', label, kind: 'url', required: true, placeholder, help }) as const;

/** Key or Microsoft Entra ID, for the Azure resources that take both. */
const authMode = (): FieldDescriptor => ({
  key: 'authMode',
  label: 'Authentication',
  kind: 'select',
  default: 'key',
  options: [
    { value: 'key', label: 'API key' },
    { value: 'entra', label: 'Microsoft Entra ID' },
  ],
});

/** An Azure AI services resource as promptflow describes it: endpoint, key, API version and type. */
const cognitiveResourceFields = (apiVersion: string, apiType: string, versionHelp: string, section: string, variable: string) => [
  endpoint('Endpoint', 'https://my-resource.cognitiveservices.azure.com', 'The resource endpoint from the Azure portal.'),
  apiKey('Key 1 or Key 2 of the resource', section, variable),
  { key: 'apiVersion', label: 'API Version', kind: 'text', default: apiVersion, help: versionHelp } as const,
  { key: 'apiType', label: 'API Type', kind: 'text', default: apiType, help: "promptflow's api_type.", section: 'promptflow' } as const,
  promptflowExtra,
];

/** A GET of an Azure AI services list endpoint with the resource key in Ocp-Apim-Subscription-Key. */
const subscriptionKeyTest = (path: string) =>
  ({
    baseField: 'endpoint',
    path,
    query: { 'api-version': '{apiVersion}' },
    auth: { kind: 'header', header: 'Ocp-Apim-Subscription-Key', secret: 'apiKey' },
    response: 'any',
  }) as const;

/**
 * The providers this version ships. Within its group, order is the order of the form's Provider
 * dropdown. Every provider that sends requests gets the Network section's fields (network.ts).
 */
const CATALOG: readonly ProviderDescriptor[] = [
  {
    id: 'openai',
    group: 'chat',
    displayName: 'OpenAI',
    icon: 'sparkle',
    description: 'OpenAI platform API (GPT, embeddings, images, audio).',
    fields: [
      apiKey('sk-...', 'OpenAI', 'OPENAI_API_KEY'),
      { key: 'organization', label: 'Organization', kind: 'text', placeholder: 'org-...', help: 'Only if your key belongs to several organizations.' },
      { key: 'project', label: 'Project', kind: 'text', placeholder: 'proj_...', help: 'Scopes requests to one project.' },
      baseUrl(OPENAI_BASE),
      promptflowExtra,
    ],
    capabilities: ['chat', 'embedding', 'image', 'moderation', 'speechToText'],
    test: {
      baseField: 'baseUrl',
      defaultBase: OPENAI_BASE,
      path: '/models',
      settingHeaders: { 'OpenAI-Organization': 'organization', 'OpenAI-Project': 'project' },
      auth: { kind: 'bearer', secret: 'apiKey' },
      response: 'openai',
    },
  },
  {
    id: 'azure-openai',
    group: 'chat',
    displayName: 'Azure OpenAI',
    icon: 'azure',
    description: 'Azure OpenAI Service resource, with an API key or Microsoft Entra ID.',
    fields: [
      { key: 'endpoint', label: 'Endpoint', kind: 'url', required: true, placeholder: 'https://my-resource.openai.azure.com', help: 'The resource endpoint from the Azure portal (Keys and Endpoint).' },
      { key: 'apiVersion', label: 'API Version', kind: 'text', default: '2024-10-21', help: 'The Azure OpenAI REST API version.' },
      authMode(),
      { ...apiKey('Key 1 or Key 2 of the resource', 'AzureOpenAI', 'AZURE_OPENAI_API_KEY'), when: { field: 'authMode', equals: 'key' } },
      { key: 'deployment', label: 'Deployments', kind: 'text', placeholder: 'gpt-4o, gpt-4o-mini', help: 'One or more deployment names, separated by commas: the models this connection offers in Chat.' },
      { key: 'apiType', label: 'API Type', kind: 'text', placeholder: 'azure', help: "promptflow's api_type (azure).", section: 'promptflow' },
      { key: 'resourceId', label: 'Resource ID', kind: 'text', placeholder: '/subscriptions/.../accounts/...', help: 'The Azure resource ID (promptflow resource_id).', section: 'promptflow' },
      promptflowExtra,
    ],
    capabilities: ['chat', 'embedding', 'image', 'speechToText'],
    test: {
      baseField: 'endpoint',
      path: '/openai/models',
      query: { 'api-version': '{apiVersion}' },
      auth: { kind: 'keyOrEntra', header: 'api-key', secret: 'apiKey', modeField: 'authMode', entraScope: 'https://cognitiveservices.azure.com/.default' },
      response: 'openai',
    },
  },
  {
    id: 'anthropic',
    group: 'chat',
    displayName: 'Anthropic',
    icon: 'hubot',
    description: 'Anthropic API (Claude models).',
    fields: [apiKey('sk-ant-...', 'Anthropic', 'ANTHROPIC_API_KEY'), baseUrl(ANTHROPIC_BASE)],
    capabilities: ['chat'],
    test: {
      baseField: 'baseUrl',
      defaultBase: ANTHROPIC_BASE,
      path: '/v1/models',
      headers: { 'anthropic-version': '2023-06-01' },
      auth: { kind: 'header', header: 'x-api-key', secret: 'apiKey' },
      response: 'anthropic',
    },
  },
  {
    id: 'google-gemini',
    group: 'chat',
    displayName: 'Google Gemini',
    icon: 'star-full',
    description: 'Gemini API from Google AI Studio.',
    fields: [apiKey('AI Studio API key', 'Gemini', 'GEMINI_API_KEY'), baseUrl(GEMINI_BASE)],
    capabilities: ['chat', 'embedding', 'image'],
    test: {
      // The key goes in a header, never in the URL: URLs end up in logs.
      baseField: 'baseUrl',
      defaultBase: GEMINI_BASE,
      path: '/v1beta/models',
      auth: { kind: 'header', header: 'x-goog-api-key', secret: 'apiKey' },
      response: 'gemini',
    },
  },
  {
    id: 'mistral',
    group: 'chat',
    displayName: 'Mistral',
    icon: 'flame',
    description: 'Mistral AI platform API.',
    fields: [apiKey('Mistral API key', 'Mistral', 'MISTRAL_API_KEY'), baseUrl(MISTRAL_BASE)],
    capabilities: ['chat', 'embedding', 'moderation'],
    test: { baseField: 'baseUrl', defaultBase: MISTRAL_BASE, path: '/v1/models', auth: { kind: 'bearer', secret: 'apiKey' }, response: 'openai' },
  },
  {
    id: 'ollama',
    group: 'local',
    displayName: 'Ollama',
    icon: 'server-environment',
    description: 'A local or remote Ollama server; no key needed.',
    fields: [{ key: 'baseUrl', label: 'Base URL', kind: 'url', default: 'http://localhost:11434', help: 'Where the Ollama server listens.' }],
    capabilities: ['chat', 'embedding'],
    test: { baseField: 'baseUrl', defaultBase: 'http://localhost:11434', path: '/api/tags', auth: { kind: 'none' }, response: 'ollama' },
  },
  ...LOCAL_SERVER_PROVIDERS,
  ...SERVICE_PROVIDERS,
  ...GATEWAY_PROVIDERS,
  {
    id: 'openai-compatible',
    group: 'chat',
    displayName: 'OpenAI-compatible',
    icon: 'plug',
    description: 'Any other server or gateway that speaks the OpenAI API.',
    fields: [
      { key: 'baseUrl', label: 'Base URL', kind: 'url', required: true, placeholder: 'http://localhost:8000/v1' },
      { key: 'apiKey', label: 'API Key', kind: 'password', placeholder: 'Optional', ...keyHelp('OpenAICompatible', 'OPENAI_COMPATIBLE_API_KEY') },
    ],
    capabilities: ['chat', 'embedding'],
    test: { baseField: 'baseUrl', path: '/models', auth: { kind: 'bearer', secret: 'apiKey', optional: true }, response: 'openai' },
  },
  {
    id: 'custom',
    group: 'custom',
    displayName: 'Custom',
    icon: 'key',
    description: 'Free-form configs and secrets, as a promptflow custom connection.',
    fields: [
      { key: 'configs', label: 'Configs', kind: 'map', help: 'Non-secret settings, such as endpoint or region. Add test_url (and optionally test_header, test_secret) to make the connection testable.' },
      { key: 'secrets', label: 'Secrets', kind: 'map', secret: true, minEntries: 1, help: 'At least one secret, such as api_key.' },
    ],
    capabilities: [],
    // Configs test_url (required to test), test_header (default Authorization: Bearer) and test_secret (default: the first secret).
    test: { path: '', auth: { kind: 'fromConfigs' }, response: 'any' },
  },
  AZURE_APIM_PROVIDER,
  // promptflow's other connection types.
  {
    id: 'serverless',
    group: 'azure',
    displayName: 'Serverless API (Azure AI)',
    icon: 'cloud',
    description: 'A model deployed as a serverless API endpoint in Azure AI Foundry (promptflow serverless).',
    fields: [endpoint('Endpoint', 'https://my-model.eastus2.models.ai.azure.com', 'The endpoint URL of the deployment (promptflow api_base).'), apiKey('Deployment key', 'AzureAI', 'AZURE_AI_API_KEY'), promptflowExtra],
    capabilities: ['chat', 'embedding'],
  },
  {
    id: 'azure-ai-services',
    group: 'azure',
    displayName: 'Azure AI Services',
    icon: 'azure',
    description: 'An Azure AI services (multi-service) resource, with a key or Microsoft Entra ID.',
    fields: [
      endpoint('Endpoint', 'https://my-resource.cognitiveservices.azure.com', 'The resource endpoint from the Azure portal.'),
      authMode(),
      { ...apiKey('Key 1 or Key 2 of the resource', 'AzureAIServices', 'AZURE_AI_SERVICES_API_KEY'), when: { field: 'authMode', equals: 'key' } },
      promptflowExtra,
    ],
    capabilities: [],
  },
  {
    id: 'cognitive-search',
    group: 'data',
    displayName: 'Azure AI Search',
    icon: 'search',
    description: 'An Azure AI Search (Cognitive Search) service, with an admin or query key or Microsoft Entra ID.',
    fields: [
      endpoint('Endpoint', 'https://my-service.search.windows.net', 'The search service URL (promptflow api_base).'),
      { key: 'apiVersion', label: 'API Version', kind: 'text', default: '2023-11-01', help: 'The Azure AI Search REST API version.' },
      authMode(),
      { ...apiKey('Admin or query key', 'AzureSearch', 'AZURE_SEARCH_API_KEY'), when: { field: 'authMode', equals: 'key' } },
      promptflowExtra,
    ],
    capabilities: [],
    // "List Indexes" of the Search REST API, only the names.
    test: {
      baseField: 'endpoint',
      path: '/indexes',
      query: { 'api-version': '{apiVersion}', $select: 'name' },
      auth: { kind: 'header', header: 'api-key', secret: 'apiKey' },
      response: 'any',
    },
  },
  {
    id: 'azure-content-safety',
    group: 'azure',
    displayName: 'Azure AI Content Safety',
    icon: 'shield',
    description: 'An Azure AI Content Safety resource.',
    fields: cognitiveResourceFields('2023-10-01', 'Content Safety', 'The Content Safety REST API version.', 'ContentSafety', 'CONTENT_SAFETY_API_KEY'),
    capabilities: ['moderation'],
    // "List Text Blocklists" of the Content Safety REST API.
    test: subscriptionKeyTest('/contentsafety/text/blocklists'),
  },
  {
    id: 'form-recognizer',
    group: 'azure',
    displayName: 'Azure AI Document Intelligence',
    icon: 'file-text',
    description: 'An Azure AI Document Intelligence (Form Recognizer) resource.',
    fields: cognitiveResourceFields('2023-07-31', 'Form Recognizer', 'The Document Intelligence REST API version.', 'DocumentIntelligence', 'DOCUMENT_INTELLIGENCE_API_KEY'),
    capabilities: [],
    // "List Models" of the Document Intelligence REST API (2023-07-31).
    test: subscriptionKeyTest('/formrecognizer/documentModels'),
  },
  {
    id: 'serp',
    group: 'data',
    displayName: 'SerpApi',
    icon: 'globe',
    description: 'SerpApi web search (promptflow serp).',
    // SerpApi takes its key only in the query string; no test, so the key never goes into a URL.
    fields: [apiKey('SerpApi key', 'SerpApi', 'SERPAPI_API_KEY'), promptflowExtra],
    capabilities: [],
  },
  {
    id: 'qdrant',
    group: 'data',
    displayName: 'Qdrant',
    icon: 'database',
    description: 'A Qdrant vector database.',
    fields: [endpoint('Endpoint', 'https://my-cluster.cloud.qdrant.io:6333', 'The Qdrant server URL (promptflow api_base).'), apiKey('Qdrant API key', 'Qdrant', 'QDRANT_API_KEY'), promptflowExtra],
    capabilities: [],
    // "List collections".
    test: { baseField: 'endpoint', path: '/collections', auth: { kind: 'header', header: 'api-key', secret: 'apiKey' }, response: 'any' },
  },
  {
    id: 'weaviate',
    group: 'data',
    displayName: 'Weaviate',
    icon: 'database',
    description: 'A Weaviate vector database.',
    fields: [endpoint('Endpoint', 'https://my-cluster.weaviate.network', 'The Weaviate server URL (promptflow api_base).'), apiKey('Weaviate API key', 'Weaviate', 'WEAVIATE_API_KEY'), promptflowExtra],
    capabilities: [],
    // The schema endpoint needs a valid key when authentication is on.
    test: { baseField: 'endpoint', path: '/v1/schema', auth: { kind: 'bearer', secret: 'apiKey' }, response: 'any' },
  },
];

export const PROVIDERS: readonly ProviderDescriptor[] = CATALOG.map(withNetworkFields);

const byId = new Map(PROVIDERS.map((p) => [p.id, p]));

export function findProvider(id: string): ProviderDescriptor | undefined {
  return byId.get(id);
}

export function providerName(id: string): string {
  return byId.get(id)?.displayName ?? id;
}
