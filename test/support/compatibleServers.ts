/**
 * OpenAI-compatible servers' model lists (`GET /v1/models`) as each project documents them, and a
 * local server answering with one of them. vLLM adds `max_model_len` to each entry; OpenRouter
 * (`/api/v1/models`) adds `context_length`, `top_provider`, `architecture` and
 * `supported_parameters`; a plain server (LM Studio's or llama.cpp's OpenAI endpoint) lists ids only.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenLocally } from './localServer';

export type CompatibleFlavour = 'vllm' | 'openrouter' | 'plain';

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
};

export interface CompatibleServer {
  origin: string;
  /** The connection's base URL, `/v1` included. */
  baseUrl: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** Answers `GET /v1/models` with the flavour's list; anything else is 404. */
export async function startCompatibleServer(flavour: CompatibleFlavour): Promise<CompatibleServer> {
  const requests: CompatibleServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const found = req.method === 'GET' && new URL(req.url ?? '/', 'http://localhost').pathname === '/v1/models';
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(found ? COMPATIBLE_LISTS[flavour] : { error: { message: 'Not found', type: 'invalid_request_error' } }));
  });
  const listening = await listenLocally(server);
  return { origin: listening.origin, baseUrl: `${listening.origin}/v1`, requests, close: listening.close };
}
