/**
 * The services people route chat through, and the model servers they run on their own machine:
 * each speaks the OpenAI chat wire format (`POST {base}/chat/completions`) and, but for
 * Perplexity, lists its models with `GET {base}/models`. Defaults are each service's documented
 * base URL; the model-list fields that set context windows and tool support are read in
 * chat/models.ts (OpenRouter's `context_length`, `top_provider` and `supported_parameters`,
 * Groq's `context_window`, Together's `context_length`) and chat/serverModels.ts (LM Studio's
 * and LiteLLM's own model endpoints).
 */
import type { ProviderDescriptor } from './descriptor';
import { keyHelp } from './fields';
import { GATEWAY_PROVIDERS } from './gateways';

/** A required key sent as `Authorization: Bearer`, with the service's usual variable in its help. */
const serviceKey = (placeholder: string, section: string, variable: string) => ({ key: 'apiKey', label: 'API Key', kind: 'password', required: true, placeholder, ...keyHelp(section, variable) }) as const;
/** A key a local server asks for only when it was started with one. */
const optionalKey = (section: string, variable: string) => ({ key: 'apiKey', label: 'API Key', kind: 'password', placeholder: 'Optional', ...keyHelp(section, variable) }) as const;
const serviceBase = (url: string) => ({ key: 'baseUrl', label: 'Base URL', kind: 'url', default: url, help: 'Change only for a proxy or gateway.' }) as const;
const serverBase = (url: string) => ({ key: 'baseUrl', label: 'Base URL', kind: 'url', default: url, help: 'Where the server listens.' }) as const;

/** A hosted service: its key is required, and its model list is `GET {base}/models`. */
function service(id: string, displayName: string, icon: string, description: string, base: string, key: ReturnType<typeof serviceKey>, response: 'openai' | 'together' = 'openai'): ProviderDescriptor {
  return {
    id,
    group: 'chat',
    displayName,
    icon,
    description,
    fields: [key, serviceBase(base)],
    capabilities: ['chat'],
    test: { baseField: 'baseUrl', defaultBase: base, path: '/models', auth: { kind: 'bearer', secret: 'apiKey' }, response },
  };
}

/** A model server on this machine (or the team's): its key is optional. */
function server(id: string, displayName: string, description: string, base: string, key: ReturnType<typeof optionalKey>): ProviderDescriptor {
  return {
    id,
    group: 'local',
    displayName,
    icon: 'server-process',
    description,
    fields: [serverBase(base), key],
    capabilities: ['chat', 'embedding'],
    test: { baseField: 'baseUrl', defaultBase: base, path: '/models', auth: { kind: 'bearer', secret: 'apiKey', optional: true }, response: 'openai' },
  };
}

const OPENROUTER_BASE = 'https://openrouter.ai/api/v1';
export const LOCAL_SERVER_BASES = {
  lmstudio: 'http://localhost:1234/v1',
  'llama-cpp': 'http://localhost:8080/v1',
  vllm: 'http://localhost:8000/v1',
  litellm: 'http://localhost:4000',
} as const;

const PERPLEXITY_BASE = 'https://api.perplexity.ai';
/** Perplexity's documented Sonar models: its API has no model list to read them from. */
const PERPLEXITY_MODELS = 'sonar, sonar-pro, sonar-reasoning-pro, sonar-deep-research';

/** Hosted services, after the providers with an API of their own in the Chat group. */
export const SERVICE_PROVIDERS: readonly ProviderDescriptor[] = [
  service('openrouter', 'OpenRouter', 'arrow-swap', 'OpenRouter: many providers’ models through one key.', OPENROUTER_BASE, serviceKey('sk-or-...', 'OpenRouter', 'OPENROUTER_API_KEY')),
  service('groq', 'Groq', 'zap', 'GroqCloud API.', 'https://api.groq.com/openai/v1', serviceKey('gsk_...', 'Groq', 'GROQ_API_KEY')),
  service('deepseek', 'DeepSeek', 'telescope', 'DeepSeek API.', 'https://api.deepseek.com', serviceKey('sk-...', 'DeepSeek', 'DEEPSEEK_API_KEY')),
  service('xai', 'xAI', 'rocket', 'xAI API (Grok models).', 'https://api.x.ai/v1', serviceKey('xai-...', 'XAI', 'XAI_API_KEY')),
  service('together', 'Together AI', 'organization', 'Together AI API.', 'https://api.together.xyz/v1', serviceKey('Together API key', 'Together', 'TOGETHER_API_KEY'), 'together'),
  service('fireworks', 'Fireworks AI', 'flame', 'Fireworks AI inference API.', 'https://api.fireworks.ai/inference/v1', serviceKey('fw_...', 'Fireworks', 'FIREWORKS_API_KEY')),
  service('cerebras', 'Cerebras', 'dashboard', 'Cerebras Inference API.', 'https://api.cerebras.ai/v1', serviceKey('csk-...', 'Cerebras', 'CEREBRAS_API_KEY')),
  {
    id: 'perplexity',
    group: 'chat',
    displayName: 'Perplexity',
    icon: 'question',
    description: 'Perplexity Sonar API. It has no model list, so the connection offers the models named below and cannot be tested without a paid request.',
    fields: [serviceKey('pplx-...', 'Perplexity', 'PERPLEXITY_API_KEY'), { key: 'models', label: 'Models', kind: 'text', default: PERPLEXITY_MODELS, help: 'The models this connection offers in Chat, separated by commas.' }, serviceBase(PERPLEXITY_BASE)],
    capabilities: ['chat'],
    // Where chat goes and how the key is sent; nothing to test with.
    test: { baseField: 'baseUrl', defaultBase: PERPLEXITY_BASE, path: '/chat/completions', auth: { kind: 'bearer', secret: 'apiKey' }, response: 'openai', noTest: true },
  },
];

/** Model servers people run themselves, after Ollama in the Local group. */
export const LOCAL_SERVER_PROVIDERS: readonly ProviderDescriptor[] = [
  server('lmstudio', 'LM Studio', 'LM Studio’s local server; a key only if you turned authentication on.', LOCAL_SERVER_BASES.lmstudio, optionalKey('LMStudio', 'LM_API_TOKEN')),
  server('llama-cpp', 'llama.cpp server', 'llama.cpp’s llama-server; a key only if it was started with --api-key.', LOCAL_SERVER_BASES['llama-cpp'], optionalKey('LlamaCpp', 'LLAMA_API_KEY')),
  server('vllm', 'vLLM', 'A vLLM OpenAI-compatible server; a key only if it was started with --api-key.', LOCAL_SERVER_BASES.vllm, optionalKey('VLLM', 'VLLM_API_KEY')),
  server('litellm', 'LiteLLM proxy', 'A LiteLLM proxy; its master key or a virtual key when it asks for one.', LOCAL_SERVER_BASES.litellm, optionalKey('LiteLLM', 'LITELLM_API_KEY')),
];

/** Providers whose chat goes to `{base}/chat/completions` and whose list entries are read as an OpenAI-compatible server's (the gateways' too). */
export const OPENAI_COMPATIBLE_PROVIDERS: ReadonlySet<string> = new Set(['openai-compatible', ...[...SERVICE_PROVIDERS, ...GATEWAY_PROVIDERS, ...LOCAL_SERVER_PROVIDERS].map((p) => p.id)]);
