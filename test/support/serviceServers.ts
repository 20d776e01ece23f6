/**
 * Hosted services' model lists as each documents them, and a local server that answers like the
 * service: `GET {prefix}/models` and `POST {prefix}/chat/completions` (a finished OpenAI-style
 * stream), both only with `Authorization: Bearer <key>` (else 401, as the services answer).
 *
 * - OpenRouter, `GET /api/v1/models`: `context_length`, `top_provider.max_completion_tokens`,
 *   `supported_parameters` (with `tools` for a model that calls them), `architecture.input_modalities`;
 * - Groq, `GET /openai/v1/models`: OpenAI entries with `context_window` (and `active`);
 * - Together AI, `GET /v1/models`: a bare array of entries with `type` and `context_length`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { COMPATIBLE_LISTS } from './compatibleServers';
import { listenLocally } from './localServer';

export type ServiceFlavour = 'openrouter' | 'groq' | 'together';

export const SERVICE_PREFIXES: Record<ServiceFlavour, string> = { openrouter: '/api/v1', groq: '/openai/v1', together: '/v1' };

export const SERVICE_LISTS: Record<ServiceFlavour, unknown> = {
  openrouter: COMPATIBLE_LISTS.openrouter,
  groq: {
    object: 'list',
    data: [
      { id: 'llama-3.3-70b-versatile', object: 'model', created: 1733447754, owned_by: 'Meta', active: true, context_window: 131072, public_apps: null },
      { id: 'whisper-large-v3', object: 'model', created: 1693721698, owned_by: 'OpenAI', active: true, context_window: 448, public_apps: null },
    ],
  },
  together: [
    { id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', object: 'model', created: 1733443200, type: 'chat', running: false, display_name: 'Meta Llama 3.3 70B Instruct Turbo', organization: 'Meta', context_length: 131072 },
    { id: 'BAAI/bge-large-en-v1.5', object: 'model', created: 0, type: 'embedding', running: false, display_name: 'BAAI-Bge-Large-1p5', organization: 'BAAI', context_length: 512 },
    { id: 'black-forest-labs/FLUX.1-schnell', object: 'model', created: 0, type: 'image', running: false, display_name: 'Flux.1 [schnell]', organization: 'Black Forest Labs' },
  ],
};

export interface ServiceServer {
  origin: string;
  /** The connection's base URL: the origin and the service's prefix. */
  baseUrl: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

export async function startServiceServer(flavour: ServiceFlavour, key: string): Promise<ServiceServer> {
  const requests: ServiceServer['requests'] = [];
  const prefix = SERVICE_PREFIXES[flavour];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.headers.authorization !== `Bearer ${key}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }));
      }
      if (req.method === 'GET' && path === `${prefix}/models`) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(SERVICE_LISTS[flavour]));
      }
      if (req.method === 'POST' && path === `${prefix}/chat/completions`) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return res.end('data: {"choices":[{"index":0,"delta":{"content":"hello from the service"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Not found' } }));
    });
  });
  const listening = await listenLocally(server);
  return { origin: listening.origin, baseUrl: `${listening.origin}${prefix}`, requests, close: listening.close };
}
