/**
 * Local HTTP servers that speak each provider's model-list wire format: the real paths, status
 * codes, JSON shapes and error bodies, and the exact auth header each service expects (anything
 * else is refused the way the real service refuses it). Used by unit tests, the e2e suite and bench.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenLocally } from './localServer';

export type ProviderKind = 'openai' | 'azure' | 'anthropic' | 'gemini' | 'mistral' | 'ollama';
export type Behaviour = 'ok' | '403' | '404' | '429' | '500' | 'hang' | 'html' | 'huge' | 'wrongShape';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface FakeProvider {
  /** Base URL to put in the connection (OpenAI's includes /v1, as its real base does). */
  baseUrl: string;
  origin: string;
  behaviour: Behaviour;
  delayMs: number;
  requests: RecordedRequest[];
  /** Requests currently waiting for an answer. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export interface FakeProviderOptions {
  key?: string;
  /** More keys the server takes (each person's own, for a shared connection). */
  otherKeys?: string[];
  entraToken?: string;
  organization?: string;
  apiVersion?: string;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const MODELS: Record<ProviderKind, unknown> = {
  openai: {
    object: 'list',
    data: [
      { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
      { id: 'text-embedding-3-small', object: 'model', created: 1705948997, owned_by: 'system' },
    ],
  },
  mistral: { object: 'list', data: [{ id: 'mistral-large-latest', object: 'model', created: 1731024000, owned_by: 'mistralai', capabilities: { completion_chat: true } }] },
  azure: { object: 'list', data: [{ id: 'gpt-4o-2024-08-06', object: 'model', status: 'succeeded', capabilities: { chat_completion: true, embeddings: false }, lifecycle_status: 'generally-available' }] },
  anthropic: { data: [{ type: 'model', id: 'claude-sonnet-4-20250514', display_name: 'Claude Sonnet 4', created_at: '2025-05-22T00:00:00Z' }], has_more: false, first_id: 'claude-sonnet-4-20250514', last_id: 'claude-sonnet-4-20250514' },
  gemini: {
    models: [
      { name: 'models/gemini-2.0-flash', version: '2.0', displayName: 'Gemini 2.0 Flash', supportedGenerationMethods: ['generateContent', 'countTokens'] },
      { name: 'models/text-embedding-004', version: '004', displayName: 'Text Embedding 004', supportedGenerationMethods: ['embedContent'] },
    ],
  },
  ollama: { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', modified_at: '2025-01-10T12:00:00Z', size: 2019393189, digest: 'a80c4f17acd5', details: { family: 'llama', parameter_size: '3.2B' } }] },
};

const PATHS: Record<ProviderKind, string> = {
  openai: '/v1/models',
  mistral: '/v1/models',
  azure: '/openai/models',
  anthropic: '/v1/models',
  gemini: '/v1beta/models',
  ollama: '/api/tags',
};

/** Checks the request the way the real service does; returns a refusal or undefined when accepted. */
export function refuse(kind: ProviderKind, req: IncomingMessage, url: URL, options: FakeProviderOptions): { status: number; body: unknown } | undefined {
  const h = req.headers;
  switch (kind) {
    case 'openai':
    case 'mistral': {
      if (h.authorization !== `Bearer ${options.key}` && !(options.otherKeys ?? []).some((key) => h.authorization === `Bearer ${key}`)) {
        const shown = (h.authorization ?? '').replace(/^Bearer /, '');
        return kind === 'openai'
          ? {
              status: 401,
              body: { error: { message: `Incorrect API key provided: ${shown.slice(0, 6)}****${shown.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
            }
          : { status: 401, body: { message: 'Unauthorized', request_id: 'req-test' } };
      }
      if (options.organization !== undefined && h['openai-organization'] !== options.organization) {
        return { status: 401, body: { error: { message: 'OpenAI-Organization header should match organization for API key', type: 'invalid_request_error', param: null, code: 'mismatched_organization' } } };
      }
      return undefined;
    }
    case 'azure': {
      const keyOk = options.key !== undefined && h['api-key'] === options.key;
      const tokenOk = options.entraToken !== undefined && h.authorization === `Bearer ${options.entraToken}`;
      if (!keyOk && !tokenOk) {
        return { status: 401, body: { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' } } };
      }
      if (url.searchParams.get('api-version') !== (options.apiVersion ?? '2024-10-21')) return { status: 404, body: { error: { code: '404', message: 'Resource not found' } } };
      return undefined;
    }
    case 'anthropic': {
      if (h['anthropic-version'] !== '2023-06-01') return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } } };
      if (h['x-api-key'] !== options.key) return { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } };
      return undefined;
    }
    case 'gemini': {
      // The key belongs in x-goog-api-key; a key in the URL is refused by this fake so tests notice.
      if (url.searchParams.has('key')) return { status: 400, body: { error: { code: 400, message: 'The key must not be sent in the URL (test server rule).', status: 'INVALID_ARGUMENT' } } };
      if (h['x-goog-api-key'] !== options.key)
        return {
          status: 400,
          body: { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }] } },
        };
      return undefined;
    }
    case 'ollama':
      return undefined;
  }
}

export async function startFakeProvider(kind: ProviderKind, options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const state = { behaviour: 'ok' as Behaviour, delayMs: 0, requests: [] as RecordedRequest[], inFlight: 0, maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => state.inFlight--);
    const answer = () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (state.behaviour === 'hang') return; // never answers
      if (req.method !== 'GET' || url.pathname !== PATHS[kind]) return json(res, 404, { error: { message: `Unknown path ${url.pathname}` } });
      const refusal = refuse(kind, req, url, options);
      if (refusal) return json(res, refusal.status, refusal.body);
      switch (state.behaviour) {
        case 'ok':
          return json(res, 200, MODELS[kind]);
        case '403':
          return json(res, 403, { error: { message: 'You do not have access to this resource.', code: 'permission_denied' } });
        case '404':
          return json(res, 404, { error: { message: 'The model or deployment does not exist.', code: 'not_found' } });
        case '429':
          return json(res, 429, { error: { message: 'Rate limit reached for requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '7' });
        case '500':
          return json(res, 500, { error: { message: 'The server had an error while processing your request.' } });
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end('<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>');
        case 'huge':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(`{"data":[${'{"id":"x"},'.repeat(1_000_000)}{"id":"y"}]}`);
        case 'wrongShape':
          return json(res, 200, { result: 'ok', items: [] });
      }
    };
    if (state.delayMs > 0) setTimeout(answer, state.delayMs);
    else answer();
  });
  const listening = await listenLocally(server);
  const origin = listening.origin;
  return {
    origin,
    baseUrl: kind === 'openai' ? `${origin}/v1` : origin,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value: Behaviour) {
      state.behaviour = value;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    requests: state.requests,
    get inFlight() {
      return state.inFlight;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    set maxInFlight(value: number) {
      state.maxInFlight = value;
    },
    close: listening.close,
  };
}

/** A local port with nothing listening: connecting to it is refused. */
export async function refusedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
