/**
 * The API gateways people route model traffic through, each with its documented address and
 * headers:
 *
 * - Azure API Management in front of Azure OpenAI: the gateway URL in place of the resource
 *   endpoint, Azure OpenAI's own requests below it, and the APIM subscription key in
 *   `Ocp-Apim-Subscription-Key` (never an Entra ID token: the gateway is not an Azure OpenAI host).
 * - Cloudflare AI Gateway's OpenAI-compatible endpoint,
 *   `https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/compat` (`POST /chat/completions`,
 *   models named `provider/model`): the provider's key as `Authorization: Bearer`, and an
 *   authenticated gateway's token as `cf-aig-authorization: Bearer <token>`. Cloudflare documents no
 *   model list there, so the models are named in a setting and a test is skipped, as Perplexity's.
 * - Portkey (`https://api.portkey.ai/v1`, OpenAI-compatible): its key in `x-portkey-api-key`, and
 *   the provider, virtual key and config headers when set; `GET /models` lists the models.
 */
import type { ProviderDescriptor } from './descriptor';
import { keyHelp } from './fields';

const CLOUDFLARE_AI_GATEWAY_BASE = 'https://gateway.ai.cloudflare.com/v1/{accountId}/{gatewayId}/compat';
const PORTKEY_BASE = 'https://api.portkey.ai/v1';

/** Azure OpenAI through Azure API Management: listed with the Azure AI services. */
export const AZURE_APIM_PROVIDER: ProviderDescriptor = {
  id: 'azure-apim',
  group: 'azure',
  displayName: 'Azure OpenAI through API Management',
  icon: 'azure',
  description: 'Azure OpenAI behind an Azure API Management gateway, with an APIM subscription key.',
  fields: [
    {
      key: 'endpoint',
      label: 'Gateway URL',
      kind: 'url',
      required: true,
      placeholder: 'https://contoso-apim.azure-api.net/openai-api',
      help: 'The API Management gateway URL with the API’s URL suffix, without the final /openai: requests go to /openai/deployments/… below it, as to an Azure OpenAI resource.',
    },
    { key: 'apiVersion', label: 'API Version', kind: 'text', default: '2024-10-21', help: 'The Azure OpenAI REST API version the gateway forwards.' },
    { key: 'apiKey', label: 'Subscription Key', kind: 'password', required: true, placeholder: 'APIM subscription key', ...keyHelp('AzureApim', 'AZURE_APIM_SUBSCRIPTION_KEY') },
    { key: 'deployment', label: 'Deployments', kind: 'text', placeholder: 'gpt-4o, gpt-4o-mini', help: 'One or more deployment names, separated by commas: the models this connection offers in Chat.' },
  ],
  capabilities: ['chat'],
  test: {
    baseField: 'endpoint',
    path: '/openai/models',
    query: { 'api-version': '{apiVersion}' },
    auth: { kind: 'header', header: 'Ocp-Apim-Subscription-Key', secret: 'apiKey' },
    response: 'openai',
  },
};

/** Gateways in the Chat group, after the hosted services. */
export const GATEWAY_PROVIDERS: readonly ProviderDescriptor[] = [
  {
    id: 'cloudflare-ai-gateway',
    group: 'chat',
    displayName: 'Cloudflare AI Gateway',
    icon: 'cloud',
    description: 'Cloudflare AI Gateway’s OpenAI-compatible endpoint. It has no model list, so the connection offers the models named below and is not tested.',
    fields: [
      { key: 'accountId', label: 'Account ID', kind: 'text', required: true, placeholder: '0123456789abcdef0123456789abcdef', help: 'Your Cloudflare account ID.' },
      { key: 'gatewayId', label: 'Gateway ID', kind: 'text', required: true, placeholder: 'my-gateway', help: 'The name of the gateway in AI Gateway.' },
      {
        key: 'apiKey',
        label: 'Provider API Key',
        kind: 'password',
        placeholder: 'Optional with stored keys or Unified Billing',
        ...keyHelp('CloudflareAIGateway', 'CLOUDFLARE_AI_GATEWAY_API_KEY'),
      },
      { key: 'gatewayToken', label: 'Gateway Token', kind: 'password', placeholder: 'Only for an authenticated gateway', ...keyHelp('CloudflareAIGateway', 'CF_AIG_TOKEN', 'GatewayToken') },
      { key: 'models', label: 'Models', kind: 'text', default: 'openai/gpt-4o-mini', help: 'The models this connection offers in Chat, as provider/model, separated by commas.' },
    ],
    capabilities: ['chat'],
    test: {
      defaultBase: CLOUDFLARE_AI_GATEWAY_BASE,
      path: '/chat/completions',
      secretHeaders: { 'cf-aig-authorization': { secret: 'gatewayToken', scheme: 'bearer' } },
      auth: { kind: 'bearer', secret: 'apiKey', optional: true },
      response: 'openai',
      noTest: true,
    },
  },
  {
    id: 'portkey',
    group: 'chat',
    displayName: 'Portkey',
    icon: 'key',
    description: 'Portkey AI Gateway: many providers’ models through one Portkey key.',
    fields: [
      { key: 'apiKey', label: 'API Key', kind: 'password', required: true, placeholder: 'Portkey API key', ...keyHelp('Portkey', 'PORTKEY_API_KEY') },
      { key: 'provider', label: 'Provider', kind: 'text', placeholder: '@openai-prod', help: 'The provider to route to (x-portkey-provider): a Model Catalog slug or a provider name such as openai.' },
      { key: 'virtualKey', label: 'Virtual Key', kind: 'password', placeholder: 'Optional', ...keyHelp('Portkey', 'PORTKEY_VIRTUAL_KEY', 'VirtualKey') },
      { key: 'config', label: 'Config', kind: 'text', placeholder: 'pc-...', help: 'The ID of a saved Portkey config (x-portkey-config).' },
      { key: 'baseUrl', label: 'Base URL', kind: 'url', default: PORTKEY_BASE, help: 'Change only for a self-hosted Portkey gateway.' },
    ],
    capabilities: ['chat'],
    test: {
      baseField: 'baseUrl',
      defaultBase: PORTKEY_BASE,
      path: '/models',
      settingHeaders: { 'x-portkey-provider': 'provider', 'x-portkey-config': 'config' },
      secretHeaders: { 'x-portkey-virtual-key': { secret: 'virtualKey' } },
      auth: { kind: 'header', header: 'x-portkey-api-key', secret: 'apiKey' },
      response: 'openai',
    },
  },
];
