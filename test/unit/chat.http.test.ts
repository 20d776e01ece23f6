import assert from 'node:assert/strict';
import { collect, shown } from '../support/collectChat';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { streamChat, type ChatConnection } from '../../src/domain/chat/client';
import type { ChatRequest } from '../../src/domain/chat/types';
import type { SecretBag } from '../../src/domain/connection';
import { environmentResolver } from '../../src/domain/references';
import { httpPostStream, HttpStreamError, MAX_REDIRECTS } from '../../src/domain/requests';
import { redirectTo, startServer, type LocalServer } from '../support/hostileServers';

const KEY = 'sk-test-chat-7Hq2Lm9Xw4Rt8Yb1Nc';
const deps = { timeoutMs: 1500 };
const request: ChatRequest = { model: 'm-1', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

interface Case {
  name: string;
  providerId: string;
  header: string;
  settings: (base: string) => ChatConnection['settings'];
}
/** Every way a key travels on a chat request. */
const CASES: Case[] = [
  { name: 'OpenAI (Authorization: Bearer)', providerId: 'openai', header: 'authorization', settings: (b) => ({ baseUrl: `${b}/v1` }) },
  { name: 'Azure OpenAI, deployments (api-key)', providerId: 'azure-openai', header: 'api-key', settings: (b) => ({ endpoint: b, apiVersion: '2024-10-21', authMode: 'key' }) },
  { name: 'Azure OpenAI, v1 (api-key)', providerId: 'azure-openai', header: 'api-key', settings: (b) => ({ endpoint: b, apiVersion: 'v1', authMode: 'key' }) },
  { name: 'Anthropic (x-api-key)', providerId: 'anthropic', header: 'x-api-key', settings: (b) => ({ baseUrl: b }) },
  { name: 'Gemini (x-goog-api-key)', providerId: 'google-gemini', header: 'x-goog-api-key', settings: (b) => ({ baseUrl: b }) },
  { name: 'Mistral (Bearer)', providerId: 'mistral', header: 'authorization', settings: (b) => ({ baseUrl: b }) },
  { name: 'OpenAI-compatible (Bearer)', providerId: 'openai-compatible', header: 'authorization', settings: (b) => ({ baseUrl: `${b}/v1` }) },
];

/** Answers any POST with a finished OpenAI-style stream: a followed redirect would look like a success. */
function okStream(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
  });
}

let elsewhere: LocalServer;
before(async () => {
  elsewhere = await startServer(okStream);
});
after(() => elsewhere.close());

describe('chat redirects: a key never reaches another origin', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another origin: not followed, fails as config naming where it pointed, for every auth header`, async () => {
      const redirector = await startServer(redirectTo(status, () => elsewhere.origin));
      try {
        for (const c of CASES) {
          const before = elsewhere.requests.length;
          const { parts, error } = await collect(streamChat({ providerId: c.providerId, settings: c.settings(redirector.origin) }, { apiKey: KEY }, request, deps));
          assert.deepEqual(parts, [], c.name);
          assert.equal(error?.kind, 'config', `${c.name}: ${shown(error)}`);
          assert.deepEqual(error!.detail, { code: 'testing.crossOriginRedirect', location: elsewhere.origin }, c.name);
          assert.equal(elsewhere.requests.length, before, `${c.name}: nothing was sent to the other origin`);
          assert.ok(redirector.requests.at(-1)!.headers[c.header]?.includes(KEY), `${c.name}: the key went to its own host`);
          assert.ok(!shown(error).includes(KEY));
        }
      } finally {
        await redirector.close();
      }
    });
  }

  it('307 and 308 within the origin are followed, re-sending the same body and headers', async () => {
    for (const status of [307, 308]) {
      const bodies: string[] = [];
      const server: LocalServer = await startServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          bodies.push(Buffer.concat(chunks).toString('utf8'));
          if (req.url === '/v1/messages') {
            res.writeHead(status, { location: `${server.origin}/moved/v1/messages` });
            return res.end();
          }
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end('event: message_stop\ndata: {"type":"message_stop"}\n\n');
        });
      });
      try {
        const { error } = await collect(streamChat({ providerId: 'anthropic', settings: { baseUrl: server.origin } }, { apiKey: KEY }, request, deps));
        assert.equal(error, undefined, shown(error));
        assert.deepEqual(
          server.requests.map((r) => r.url),
          ['/v1/messages', '/moved/v1/messages'],
        );
        assert.equal(bodies[1], bodies[0]);
        assert.equal(JSON.parse(bodies[1]!).model, 'm-1');
        assert.equal(server.requests[1]!.headers['x-api-key'], KEY);
      } finally {
        await server.close();
      }
    }
  });

  it('301, 302 and 303 within the origin are not followed for a POST (they would drop the body), and a loop stops after the hop limit', async () => {
    for (const status of [301, 302, 303]) {
      const server: LocalServer = await startServer(redirectTo(status, () => `${server.origin}/moved`));
      try {
        const { error } = await collect(streamChat({ providerId: 'mistral', settings: { baseUrl: server.origin } }, { apiKey: KEY }, request, deps));
        assert.equal(error?.kind, 'config');
        assert.ok(error!.detail.code === 'testing.redirectDropsRequest' && error!.detail.status === status, shown(error));
        assert.equal(server.requests.length, 1);
      } finally {
        await server.close();
      }
    }
    const loop: LocalServer = await startServer(redirectTo(307, () => loop.origin));
    try {
      const { error } = await collect(streamChat({ providerId: 'anthropic', settings: { baseUrl: loop.origin } }, { apiKey: KEY }, request, deps));
      assert.equal(error?.kind, 'config');
      assert.ok(error!.detail.code === 'testing.tooManyRedirects' && error!.detail.max === MAX_REDIRECTS, shown(error));
      assert.equal(loop.requests.length, MAX_REDIRECTS + 1);
    } finally {
      await loop.close();
    }
  });
});

describe('no secret in any chat error', () => {
  const ENV_KEY = 'sk-test-from-env-3Kd8Qp1Zr6Vw0Hy';
  const ENV_BASE_HOST = 'internal-gateway-7f3a';
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  /** Servers that echo the key they got, in the ways providers and proxies do. */
  const ECHOES: [string, (req: IncomingMessage, res: ServerResponse) => void][] = [
    ['401 quoting the key', (req, res) => json(res, 401, { error: { message: `Incorrect API key provided: ${header(req)}.` } })],
    ['429 with a masked key', (req, res) => json(res, 429, { error: { message: `Rate limit for key ${header(req).slice(0, 6)}…${header(req).slice(-4)}` } }, { 'retry-after': '3' })],
    ['500 with the key base64-encoded', (req, res) => json(res, 500, { error: { message: `upstream said Authorization: ${b64(`Bearer ${header(req)}`)}` } })],
    ['404 with the key URL-encoded', (req, res) => json(res, 404, { error: { message: `No route for /v1?key=${encodeURIComponent(header(req))}` } })],
    ['mid-stream error quoting the key', (req, res) => stream(res, `data: {"choices":[{"index":0,"delta":{"content":"partial"}}]}\n\ndata: {"error":{"message":"key ${header(req)} revoked","type":"invalid_api_key"}}\n\n`)],
    ['a stream that is not JSON and names the key', (req, res) => stream(res, `data: oops ${header(req)}\n\n`)],
    ['plain-text 400 spelling the key out', (req, res) => text(res, 400, `bad key: ${header(req).split('').join(' ')}`)],
  ];
  function header(req: IncomingMessage): string {
    return String(req.headers.authorization ?? '').replace(/^Bearer /, '');
  }
  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
  function text(res: ServerResponse, status: number, body: string) {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  }
  function stream(res: ServerResponse, body: string) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(body);
  }

  for (const [name, handler] of ECHOES) {
    it(`${name}: the message has neither the literal key, the key from \${env:…}, nor the resolved base URL`, async () => {
      const server = await startServer((req, res) => {
        req.resume();
        req.on('end', () => handler(req, res));
      });
      try {
        const literal = await collect(streamChat({ providerId: 'openai', settings: { baseUrl: `${server.origin}/v1` } }, { apiKey: KEY }, request, deps));
        assert.ok(literal.error, name);
        for (const piece of [KEY, KEY.slice(-8), KEY.slice(0, 12)]) assert.ok(!shown(literal.error).includes(piece), `${name}: ${shown(literal.error)}`);

        // Base URL and key both from the environment: the message names the reference, never a value.
        const env = { CHAT_BASE: `${server.origin.replace('127.0.0.1', 'localhost')}/${ENV_BASE_HOST}/v1`, CHAT_KEY: ENV_KEY };
        const secrets: SecretBag = { apiKey: '${env:CHAT_KEY}' };
        const resolved = await collect(streamChat({ providerId: 'openai', settings: { baseUrl: '${env:CHAT_BASE}' } }, secrets, request, { ...deps, resolveReference: environmentResolver(env) }));
        assert.ok(resolved.error, name);
        const message = shown(resolved.error);
        for (const piece of [ENV_KEY, ENV_KEY.slice(-8), ENV_BASE_HOST, 'localhost']) assert.ok(!message.includes(piece), `${name}: ${message}`);
        if (resolved.error!.kind === 'notFound' || resolved.error!.kind === 'badResponse') assert.match(message, /\$\{env:CHAT_BASE\}/, 'the server is named by its reference');
        assert.ok(!JSON.stringify({ ...resolved.error, stack: resolved.error!.stack }).includes(ENV_KEY));
      } finally {
        await server.close();
      }
    });
  }

  it("Azure's API version from ${env:…}: sent in the query, and never quoted back, however the server echoes it", async () => {
    const VERSION = '2031-07-15-gateway-b7';
    const version = (req: { url?: string }) => new URL(req.url ?? '/', 'http://x').searchParams.get('api-version') ?? '';
    const echoes: [string, (req: IncomingMessage, res: ServerResponse) => void][] = [
      ['404 naming the version', (req, res) => json(res, 404, { error: { code: 'DeploymentNotFound', message: `No deployment m-1 for api-version ${version(req)}.` } })],
      ['400 naming the version', (req, res) => json(res, 400, { error: { code: 'BadRequest', message: `Unsupported api-version '${version(req)}'.` } })],
      ['mid-stream error naming the version', (req, res) => stream(res, `data: {"error":{"message":"api-version ${version(req)} retired","type":"server_error"}}\n\n`)],
      ['a stream that is not JSON and names the version', (req, res) => stream(res, `data: oops ${version(req)}\n\n`)],
    ];
    for (const [name, handler] of echoes) {
      const server = await startServer((req, res) => {
        req.resume();
        req.on('end', () => handler(req, res));
      });
      try {
        const connection: ChatConnection = { providerId: 'azure-openai', settings: { endpoint: server.origin, apiVersion: '${env:AZ_API_VERSION}', authMode: 'key' } };
        const { error } = await collect(streamChat(connection, { apiKey: KEY }, request, { ...deps, resolveReference: environmentResolver({ AZ_API_VERSION: VERSION }) }));
        assert.ok(error, name);
        assert.equal(version(server.requests.at(-1)!), VERSION, `${name}: the resolved version is what was sent`);
        const message = shown(error);
        for (const piece of [VERSION, VERSION.slice(-10)]) assert.ok(!message.includes(piece), `${name}: ${message}`);
        assert.ok(!JSON.stringify(error!.detail).includes(VERSION.slice(-10)), name);
      } finally {
        await server.close();
      }
    }
  });
});

describe('httpPostStream', () => {
  it('decodes UTF-8 split between network chunks, and caps a streamed body', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const bytes = Buffer.from('café 😀 日本', 'utf8');
      // one byte per write, with a pause so they arrive as separate chunks
      let i = 0;
      const next = () => {
        if (i >= bytes.length) return res.end();
        res.write(bytes.subarray(i, ++i));
        setTimeout(next, 1);
      };
      next();
    });
    try {
      const outcome = await httpPostStream(new URL(`${server.origin}/x`), {}, '{}', { timeoutMs: 2000 });
      assert.ok(outcome.ok && outcome.streaming);
      assert.equal(outcome.status, 200);
      assert.equal(outcome.headers.get('content-type'), 'text/event-stream');
      const chunks: string[] = [];
      for await (const chunk of outcome.chunks) chunks.push(chunk);
      assert.equal(chunks.join(''), 'café 😀 日本');
      assert.ok(chunks.length > 3, 'several chunks');
      assert.ok(
        chunks.every((c) => !c.includes('\uFFFD')),
        'no broken characters',
      );

      const capped = await httpPostStream(new URL(`${server.origin}/x`), {}, '{}', { timeoutMs: 2000, maxBytes: 4 });
      assert.ok(capped.ok && capped.streaming);
      await assert.rejects(
        (async () => {
          for await (const _ of capped.chunks);
        })(),
        (error: unknown) => error instanceof HttpStreamError && error.kind === 'badResponse' && error.size === '0 KB',
      );
    } finally {
      await server.close();
    }
  });

  it('reads an error body up to errorMaxBytes only', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'x'.repeat(200_000) } }));
    });
    try {
      const outcome = await httpPostStream(new URL(`${server.origin}/x`), {}, '{}', { timeoutMs: 2000, errorMaxBytes: 1024 });
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.kind, 'badResponse');
    } finally {
      await server.close();
    }
  });
});
