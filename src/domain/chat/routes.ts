/**
 * Where each provider takes chat requests and in which wire format. The base URL, the auth
 * headers and the provider's fixed headers come from the same preparation as connection tests
 * (`prepareRequest`); only the path below the base differs.
 *
 * | Provider          | Format    | Path below the base URL                                            |
 * | ----------------- | --------- | ------------------------------------------------------------------ |
 * | OpenAI            | openai    | `/chat/completions` (the base includes `/v1`)                      |
 * | OpenAI-compatible | openai    | `/chat/completions` (the base includes `/v1`)                      |
 * | OpenRouter, Groq, DeepSeek, xAI, Together, Fireworks, Cerebras, Perplexity, Cloudflare AI Gateway, Portkey, LM Studio, llama.cpp, vLLM, LiteLLM | openai | `/chat/completions` below each one's documented base |
 * | Mistral           | openai    | `/v1/chat/completions`                                             |
 * | Ollama            | openai    | `/v1/chat/completions` (Ollama's OpenAI-compatible API)            |
 * | Azure OpenAI      | openai    | see below                                                          |
 * | Azure OpenAI through API Management | openai | as Azure OpenAI, below the gateway URL                 |
 * | Anthropic         | anthropic | `/v1/messages`                                                     |
 * | Google Gemini     | gemini    | `/v1beta/models/{model}:streamGenerateContent?alt=sse` (key only in `x-goog-api-key`) |
 *
 * Azure OpenAI (directly or through API Management), chosen by the API Version setting:
 * - `v1` (or `preview`): the v1 API, `{endpoint}/openai/v1/chat/completions` with the deployment
 *   name as `model` in the body (`preview` adds `?api-version=preview`);
 * - a dated version (`2024-10-21`, `2025-04-01-preview`, the default when unset): the classic
 *   deployments path, `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…`.
 * The model id of an Azure request is the deployment name.
 */
import type { Connection } from '../connection';
import type { RequestTarget } from '../requests';
import { GATEWAY_PROVIDERS } from '../providers/gateways';
import { LOCAL_SERVER_PROVIDERS, OPENAI_COMPATIBLE_PROVIDERS, SERVICE_PROVIDERS } from '../providers/services';

export type WireFormatId = 'openai' | 'anthropic' | 'gemini';

export interface ChatRoute {
  format: WireFormatId;
  target: RequestTarget;
  /** Whether the body names the model (Azure's deployments path names it in the URL). */
  modelInBody: boolean;
}

/** Providers whose models can be chatted with here. */
export const CHAT_PROVIDERS: readonly string[] = [
  'openai',
  'azure-openai',
  'azure-apim',
  'anthropic',
  'google-gemini',
  'mistral',
  ...SERVICE_PROVIDERS.map((p) => p.id),
  ...GATEWAY_PROVIDERS.map((p) => p.id),
  'openai-compatible',
  'ollama',
  ...LOCAL_SERVER_PROVIDERS.map((p) => p.id),
];

/** Azure OpenAI and Azure OpenAI through API Management: the same requests, below the resource endpoint or the gateway URL. */
export const AZURE_OPENAI_APIS: ReadonlySet<string> = new Set(['azure-openai', 'azure-apim']);

const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/** Which Azure OpenAI API a connection's API Version setting selects (see the table above). */
export function azureApiStyle(apiVersion: string | undefined): { style: 'v1'; query?: Record<string, string> } | { style: 'deployments'; apiVersion: string } {
  const version = (apiVersion ?? '').trim();
  if (version.toLowerCase() === 'v1') return { style: 'v1' };
  if (version.toLowerCase() === 'preview') return { style: 'v1', query: { 'api-version': 'preview' } };
  return { style: 'deployments', apiVersion: version === '' ? AZURE_DEFAULT_API_VERSION : version };
}

/** The route of a chat request for a model, or undefined when the provider has no chat API here. */
export function chatRoute(connection: Pick<Connection, 'providerId' | 'settings'>, model: string): ChatRoute | undefined {
  const m = encodeURIComponent(model.replace(/^models\//, ''));
  if (OPENAI_COMPATIBLE_PROVIDERS.has(connection.providerId)) return { format: 'openai', target: { path: '/chat/completions' }, modelInBody: true };
  switch (connection.providerId) {
    case 'openai':
      return { format: 'openai', target: { path: '/chat/completions' }, modelInBody: true };
    case 'mistral':
    case 'ollama':
      return { format: 'openai', target: { path: '/v1/chat/completions' }, modelInBody: true };
    case 'azure-openai':
    case 'azure-apim': {
      const setting = connection.settings.apiVersion;
      const api = azureApiStyle(typeof setting === 'string' ? setting : undefined);
      if (api.style === 'v1') return { format: 'openai', target: { path: '/openai/v1/chat/completions', ...(api.query ? { query: api.query } : {}) }, modelInBody: true };
      return { format: 'openai', target: { path: `/openai/deployments/${m}/chat/completions`, query: { 'api-version': api.apiVersion } }, modelInBody: false };
    }
    case 'anthropic':
      return { format: 'anthropic', target: { path: '/v1/messages' }, modelInBody: true };
    case 'google-gemini':
      return { format: 'gemini', target: { path: `/v1beta/models/${m}:streamGenerateContent`, query: { alt: 'sse' } }, modelInBody: false };
    default:
      return undefined;
  }
}
