/**
 * OpenAI-compatible servers' model lists (`GET /v1/models`) as each project documents them, and a
 * local server answering with one of them. vLLM adds `max_model_len` to each entry; OpenRouter
 * (`/api/v1/models`) adds `context_length`, `top_provider`, `architecture` and
 * `supported_parameters`; a plain server (llama.cpp's OpenAI endpoint, say) lists ids only.
 *
 * LM Studio and LiteLLM list ids only too, and describe their models on an endpoint of their own
 * (`COMPATIBLE_DETAILS`): LM Studio's REST API `GET /api/v0/models` (`type`, `max_context_length`,
 * `loaded_context_length` while loaded, `capabilities`), LiteLLM proxy's `GET /model/info`
 * (`model_name` and `model_info`, one entry per deployment).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenLocally } from './localServer';

export type CompatibleFlavour = 'vllm' | 'openrouter' | 'plain' | 'lmstudio' | 'litellm';

export const COMPATIBLE_LISTS: Record<CompatibleFlavour, unknown> = {
  vllm: {
    object: 'list',
    data: [{ id: 'Qwen/Qwen2.5-Coder-7B-Instruct', object: 'model', created: 1735689600, owned_by: 'vllm', root: 'Qwen/Qwen2.5-Coder-7B-Instruct', parent: null, max_model_len: 32768, permission: [] }],
  },
  openrouter: {
    data: [
      {
        id: 'acme/coder-large',
        canonical_slug: 'acme/coder-large',
        name: 'Acme: Coder Large',
        created: 1735689600,
        description: 'A model.',
        context_length: 262144,
        architecture: { modality: 'text+image->text', input_modalities: ['text', 'image'], output_modalities: ['text'], tokenizer: 'Other', instruct_type: null },
        pricing: { prompt: '0.0000002', completion: '0.0000008' },
        top_provider: { context_length: 262144, max_completion_tokens: 32768, is_moderated: false },
        per_request_limits: null,
        supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice', 'stop'],
      },
      {
        id: 'acme/story-small',
        name: 'Acme: Story Small',
        context_length: 8192,
        architecture: { modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'] },
        top_provider: { context_length: 8192, max_completion_tokens: null, is_moderated: false },
        supported_parameters: ['max_tokens', 'temperature'],
      },
    ],
  },
  plain: { object: 'list', data: [{ id: 'local-coder-1', object: 'model', owned_by: 'organization_owner' }] },
  lmstudio: {
    object: 'list',
    data: ['qwen2.5-coder-7b-instruct', 'qwen2-vl-7b-instruct', 'bge-small-en-v1.5', 'granite-3.0-2b-instruct'].map((id) => ({ id, object: 'model', owned_by: 'organization_owner' })),
  },
  litellm: {
    data: ['gpt-4o', 'claude-sonnet', 'local-llama', 'text-vectors'].map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai' })),
    object: 'list',
  },
};

/** The path and answer of each flavour's own description of its models. */
export const COMPATIBLE_DETAILS: Partial<Record<CompatibleFlavour, { path: string; body: unknown }>> = {
  lmstudio: {
    path: '/api/v0/models',
    body: {
      object: 'list',
      data: [
        {
          id: 'qwen2.5-coder-7b-instruct',
          object: 'model',
          type: 'llm',
          publisher: 'lmstudio-community',
          arch: 'qwen2',
          compatibility_type: 'gguf',
          quantization: 'Q4_K_M',
          state: 'loaded',
          max_context_length: 32768,
          loaded_context_length: 16384,
          capabilities: ['tool_use'],
        },
        { id: 'qwen2-vl-7b-instruct', object: 'model', type: 'vlm', publisher: 'mlx-community', arch: 'qwen2_vl', compatibility_type: 'mlx', quantization: '4bit', state: 'not-loaded', max_context_length: 32768, capabilities: [] },
        { id: 'bge-small-en-v1.5', object: 'model', type: 'embeddings', publisher: 'CompendiumLabs', arch: 'bert', compatibility_type: 'gguf', quantization: 'Q8_0', state: 'not-loaded', max_context_length: 512 },
        { id: 'granite-3.0-2b-instruct', object: 'model', type: 'llm', publisher: 'lmstudio-community', arch: 'granite', compatibility_type: 'gguf', quantization: 'Q4_K_M', state: 'not-loaded', max_context_length: 4096 },
      ],
    },
  },
  litellm: {
    path: '/model/info',
    body: {
      data: [
        {
          model_name: 'gpt-4o',
          litellm_params: { model: 'openai/gpt-4o' },
          model_info: {
            id: 'd1',
            db_model: false,
            key: 'gpt-4o',
            max_tokens: 16384,
            max_input_tokens: 128000,
            max_output_tokens: 16384,
            input_cost_per_token: 2.5e-6,
            output_cost_per_token: 1e-5,
            litellm_provider: 'openai',
            mode: 'chat',
            supports_function_calling: true,
            supports_parallel_function_calling: true,
            supports_vision: true,
            supported_openai_params: ['tools', 'tool_choice'],
          },
        },
        { model_name: 'claude-sonnet', litellm_params: { model: 'anthropic/claude-sonnet-4-5' }, model_info: { id: 'd2', max_input_tokens: 200000, max_output_tokens: 64000, mode: 'chat', supports_function_calling: true, supports_vision: true } },
        { model_name: 'claude-sonnet', litellm_params: { model: 'bedrock/anthropic.claude-3-5-sonnet' }, model_info: { id: 'd3', max_input_tokens: 200000, max_output_tokens: 8192, mode: 'chat', supports_function_calling: true, supports_vision: false } },
        { model_name: 'local-llama', litellm_params: { model: 'ollama/llama3' }, model_info: { id: 'd4', max_tokens: 8192, max_input_tokens: null, max_output_tokens: null, mode: 'chat', supports_function_calling: false, supports_vision: null } },
        { model_name: 'text-vectors', litellm_params: { model: 'openai/text-embedding-3-small' }, model_info: { id: 'd5', max_input_tokens: 8191, mode: 'embedding' } },
      ],
    },
  },
};

export interface CompatibleServer {
  origin: string;
  /** The connection's base URL, `/v1` (or the prefix) included. */
  baseUrl: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export interface CompatibleServerOptions {
  /** Below the origin, where the list is (`/v1` by default: the base URL is the origin and this). */
  prefix?: string;
  /** How the flavour's own description of its models is answered instead: a status and body, a redirect to a URL, or never. */
  details?: { status: number; body: string; contentType?: string } | { redirect: string } | { stall: true };
}

/**
 * Answers `GET {prefix}/models` with the flavour's list and, for LM Studio and LiteLLM, their own
 * description of their models (at the origin, as the servers do); anything else is 404.
 */
export async function startCompatibleServer(flavour: CompatibleFlavour, options: CompatibleServerOptions = {}): Promise<CompatibleServer> {
  const requests: CompatibleServer['requests'] = [];
  const prefix = options.prefix ?? '/v1';
  const details = COMPATIBLE_DETAILS[flavour];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && details && path === details.path && options.details) {
      if ('stall' in options.details) return;
      if ('redirect' in options.details) res.writeHead(302, { location: options.details.redirect });
      else res.writeHead(options.details.status, { 'content-type': options.details.contentType ?? 'application/json' });
      res.end('redirect' in options.details ? '' : options.details.body);
      return;
    }
    const body = req.method !== 'GET' ? undefined : path === `${prefix}/models` ? COMPATIBLE_LISTS[flavour] : details && path === details.path ? details.body : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: { message: 'Not found', type: 'invalid_request_error' } }));
  });
  const listening = await listenLocally(server);
  return { origin: listening.origin, baseUrl: `${listening.origin}${prefix}`, requests, close: listening.close };
}
