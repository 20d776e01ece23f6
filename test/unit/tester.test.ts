import assert from 'node:assert/strict';
import { PROVIDER_KEYS, everyProviderServer } from '../support/providerServers';
import { describe, it } from 'node:test';
import type { Connection } from '../../src/domain/connection';
import { scrubSecrets } from '../../src/domain/requests';
import { testConnection, type TestableConnection } from '../../src/domain/testing/tester';
import type { TestResult } from '../../src/domain/testing/result';
import { say } from '../../src/ui/text';
import { refusedPortUrl, type ProviderKind } from '../support/fakeProviders';

const KEYS = PROVIDER_KEYS;
/** A result's message as an English user reads it (for checks that no secret shows). */
const shown = (result: TestResult) => (result.message ? say(result.message) : '');

const servers = everyProviderServer();

const deps = { timeoutMs: 2000 };
const conn = (providerId: string, settings: Connection['settings'], isActive = true): TestableConnection => ({ providerId, settings, isActive });
const openai = () => conn('openai', { baseUrl: servers.openai.baseUrl, organization: 'org-test' });
const last = (kind: ProviderKind) => servers[kind].requests.at(-1)!;

describe("testConnection: each provider's real endpoint and headers", () => {
  it('OpenAI: GET {baseUrl}/models with Bearer and OpenAI-Organization', async () => {
    const result = await testConnection(openai(), { apiKey: KEYS.openai }, deps);
    assert.equal(result.success, true, shown(result));
    assert.deepEqual(result.models, ['gpt-4o', 'text-embedding-3-small']);
    assert.equal(result.modelCount, 2);
    assert.equal(result.status, 200);
    const request = last('openai');
    assert.equal(request.url, '/v1/models');
    assert.equal(request.headers.authorization, `Bearer ${KEYS.openai}`);
    assert.equal(request.headers['openai-organization'], 'org-test');
    assert.equal(request.headers['openai-project'], undefined, 'unset project sends no header');
  });

  it('Azure OpenAI: GET {endpoint}/openai/models?api-version=... with api-key', async () => {
    const result = await testConnection(conn('azure-openai', { endpoint: servers.azure.origin + '/', apiVersion: '2024-10-21', authMode: 'key' }), { apiKey: KEYS.azure }, deps);
    assert.equal(result.success, true, shown(result));
    assert.deepEqual(result.models, ['gpt-4o-2024-08-06']);
    assert.equal(last('azure').url, '/openai/models?api-version=2024-10-21');
    assert.equal(last('azure').headers['api-key'], KEYS.azure);
    assert.equal(last('azure').headers.authorization, undefined);
  });

  it('Azure OpenAI with Entra ID: a bearer token for the Cognitive Services scope from the supplier', async () => {
    const scopes: string[] = [];
    const result = await testConnection(
      conn('azure-openai', { endpoint: servers.azure.origin, apiVersion: '2024-10-21', authMode: 'entra' }),
      {},
      {
        ...deps,
        // The local server stands in for the resource's https Azure host.
        entraHostAllowed: (url) => url.origin === servers.azure.origin,
        getEntraToken: async (scope) => {
          scopes.push(scope);
          return KEYS.entra;
        },
      },
    );
    assert.equal(result.success, true, shown(result));
    assert.deepEqual(scopes, ['https://cognitiveservices.azure.com/.default']);
    assert.equal(last('azure').headers.authorization, `Bearer ${KEYS.entra}`);
    assert.equal(last('azure').headers['api-key'], undefined);
  });

  it('Anthropic: GET {baseUrl}/v1/models with x-api-key and anthropic-version', async () => {
    const result = await testConnection(conn('anthropic', { baseUrl: servers.anthropic.origin }), { apiKey: KEYS.anthropic }, deps);
    assert.equal(result.success, true, shown(result));
    assert.deepEqual(result.models, ['claude-sonnet-4-20250514']);
    assert.equal(last('anthropic').headers['x-api-key'], KEYS.anthropic);
    assert.equal(last('anthropic').headers['anthropic-version'], '2023-06-01');
    assert.equal(last('anthropic').headers.authorization, undefined);
  });

  it('Gemini: the key in x-goog-api-key, never in the URL', async () => {
    const result = await testConnection(conn('google-gemini', { baseUrl: servers.gemini.origin }), { apiKey: KEYS.gemini }, deps);
    assert.equal(result.success, true, shown(result));
    assert.deepEqual(result.models, ['gemini-2.0-flash', 'text-embedding-004']);
    assert.equal(last('gemini').url, '/v1beta/models');
    assert.equal(last('gemini').headers['x-goog-api-key'], KEYS.gemini);
  });

  it('Gemini and Mistral default to their documented hosts', async () => {
    const urls: string[] = [];
    const spy = (async (url: URL) => {
      urls.push(String(url));
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    }) as unknown as typeof fetch;
    await testConnection(conn('google-gemini', {}), { apiKey: KEYS.gemini }, { ...deps, fetch: spy });
    await testConnection(conn('mistral', {}), { apiKey: KEYS.mistral }, { ...deps, fetch: spy });
    assert.deepEqual(urls, ['https://generativelanguage.googleapis.com/v1beta/models', 'https://api.mistral.ai/v1/models']);
  });

  it('Mistral: Bearer; Ollama: /api/tags with no key; OpenAI-compatible: Bearer only when a key is set', async () => {
    assert.equal((await testConnection(conn('mistral', { baseUrl: servers.mistral.origin }), { apiKey: KEYS.mistral }, deps)).success, true);
    assert.equal(last('mistral').headers.authorization, `Bearer ${KEYS.mistral}`);
    const ollama = await testConnection(conn('ollama', { baseUrl: servers.ollama.origin }), {}, deps);
    assert.deepEqual(ollama.models, ['llama3.2:latest']);
    assert.equal(last('ollama').headers.authorization, undefined);
    const compatible = await testConnection(conn('openai-compatible', { baseUrl: servers.openai.baseUrl }), {}, deps);
    assert.equal(compatible.errorKind, 'auth', 'no key sent, so the OpenAI-style server refuses');
    assert.equal(last('openai').headers.authorization, undefined);
  });

  it('Custom: test_url and test_header from configs, else "no test defined"', async () => {
    const skipped = await testConnection(conn('custom', { configs: { endpoint: 'x' } }), { 'secrets.api_key': KEYS.mistral }, deps);
    assert.equal(skipped.skipped, true);
    assert.equal(skipped.success, false);
    assert.deepEqual(skipped.message, { code: 'testing.noTestUrl' });
    const tested = await testConnection(conn('custom', { configs: { test_url: `${servers.anthropic.origin}/v1/models?x=1`, test_header: 'x-api-key' } }), { 'secrets.api_key': KEYS.anthropic }, deps);
    assert.equal(tested.errorKind, 'badResponse', 'anthropic fake wants its version header too: the custom test sent exactly what configs say');
    assert.equal(last('anthropic').headers['x-api-key'], KEYS.anthropic);
  });
});

describe('testConnection: every error kind, with a message that says what to check', () => {
  it("auth (401): a wrong key, with the provider's words kept but the key scrubbed", async () => {
    const result = await testConnection(openai(), { apiKey: 'sk-test-wrong-key-1234567890abcd' }, deps);
    assert.equal(result.errorKind, 'auth');
    assert.equal(result.status, 401);
    assert.equal(result.message?.code, 'testing.keyRejected');
    assert.ok(result.message?.code === 'testing.keyRejected' && result.message.status === 401);
    const quote = result.message?.code === 'testing.keyRejected' ? result.message.quote : undefined;
    assert.equal(quote?.provider, 'OpenAI');
    assert.match(quote!.text, /Incorrect API key provided/);
    assert.ok(!shown(result).includes('abcd'), shown(result));
    assert.ok(!shown(result).includes('sk-tes'), shown(result));
  });

  it('auth: Gemini\'s 400 "API key not valid" counts as auth', async () => {
    const result = await testConnection(conn('google-gemini', { baseUrl: servers.gemini.origin }), { apiKey: 'AIzaWrong' }, deps);
    assert.equal(result.errorKind, 'auth');
    assert.match(shown(result), /API key not valid/);
  });

  it('auth (403), notFound (404), rateLimited (429 with Retry-After), server (500)', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['403', 'auth', { code: 'testing.keyDenied' }],
      ['404', 'notFound', { code: 'testing.notFound', host: new URL(servers.openai.origin).host, path: '/v1/models' }],
      ['429', 'rateLimited', { code: 'testing.rateLimitedFor', seconds: 7 }],
      ['500', 'server', { code: 'testing.serverError', provider: 'OpenAI', status: 500 }],
    ];
    try {
      for (const [behaviour, kind, message] of cases) {
        servers.openai.behaviour = behaviour as never;
        const result = await testConnection(openai(), { apiKey: KEYS.openai }, deps);
        assert.equal(result.errorKind, kind, behaviour);
        const { quote: _quote, ...said } = result.message as Record<string, unknown>;
        assert.deepEqual(said, message);
        assert.equal(result.status, Number(behaviour));
        if (behaviour === '429') assert.equal(result.retryAfterSeconds, 7);
      }
    } finally {
      servers.openai.behaviour = 'ok';
    }
  });

  it('notFound: a wrong Azure api-version points at the endpoint and API version', async () => {
    const result = await testConnection(conn('azure-openai', { endpoint: servers.azure.origin, apiVersion: '1999-01-01', authMode: 'key' }), { apiKey: KEYS.azure }, deps);
    assert.equal(result.errorKind, 'notFound');
    assert.equal(result.message?.code, 'testing.notFoundAzure');
  });

  it('timeout: a server that never answers', async () => {
    servers.ollama.behaviour = 'hang';
    try {
      const result = await testConnection(conn('ollama', { baseUrl: servers.ollama.origin }), {}, { timeoutMs: 300 });
      assert.equal(result.errorKind, 'timeout');
      assert.deepEqual(result.message, { code: 'testing.timeout', host: new URL(servers.ollama.origin).host, seconds: 0 });
    } finally {
      servers.ollama.behaviour = 'ok';
    }
  });

  it('unreachable: connection refused, and DNS failure', async () => {
    const refused = await testConnection(conn('ollama', { baseUrl: await refusedPortUrl() }), {}, deps);
    assert.equal(refused.errorKind, 'unreachable');
    assert.ok(refused.message?.code === 'testing.unreachable');
    assert.deepEqual(refused.message.reason, { code: 'testing.netRefused' });
    const dns = await testConnection(conn('ollama', { baseUrl: 'http://no-such-host.invalid:11434' }), {}, deps);
    assert.equal(dns.errorKind, 'unreachable');
    assert.ok(dns.message?.code === 'testing.unreachable');
    assert.match(dns.message.reason.code, /^testing\.net(NotFound|LookupFailed)$/);
  });

  it('badResponse: HTML instead of JSON, the wrong JSON shape, and a 10 MB body', async () => {
    try {
      servers.openai.behaviour = 'html';
      const html = await testConnection(openai(), { apiKey: KEYS.openai }, deps);
      assert.equal(html.errorKind, 'badResponse');
      assert.deepEqual(html.message, { code: 'testing.htmlNotList', host: new URL(servers.openai.origin).host, format: 'openai' });
      servers.openai.behaviour = 'wrongShape';
      assert.equal((await testConnection(openai(), { apiKey: KEYS.openai }, deps)).errorKind, 'badResponse');
      servers.openai.behaviour = 'huge';
      const huge = await testConnection(openai(), { apiKey: KEYS.openai }, deps);
      assert.equal(huge.errorKind, 'badResponse');
      assert.deepEqual(huge.message, { code: 'testing.tooLarge', host: new URL(servers.openai.origin).host, size: '2 MB' });
    } finally {
      servers.openai.behaviour = 'ok';
    }
  });

  it('config: a missing key, a missing endpoint, an unresolved reference — no request sent', async () => {
    const before = servers.openai.requests.length;
    const missing = await testConnection(openai(), {}, deps);
    assert.equal(missing.errorKind, 'config');
    assert.deepEqual(missing.message, { code: 'testing.notSet', field: 'API Key' });
    const endpoint = await testConnection(conn('azure-openai', { authMode: 'key', apiVersion: '2024-10-21' }), { apiKey: KEYS.azure }, deps);
    assert.deepEqual(endpoint.message, { code: 'testing.notSet', field: 'Endpoint' });
    const env = await testConnection(openai(), { apiKey: '${env:AI_CONNECTIONS_UNSET_VARIABLE}' }, deps);
    assert.equal(env.errorKind, 'config');
    assert.deepEqual(env.message, { code: 'testing.envUnset', field: 'API Key', name: 'AI_CONNECTIONS_UNSET_VARIABLE' });
    assert.equal(servers.openai.requests.length, before);
  });

  it('a reference is resolved through the resolver seam', async () => {
    const result = await testConnection(
      openai(),
      { apiKey: '${env:OPENAI_API_KEY}' },
      {
        ...deps,
        resolveReference: { resolve: async (ref) => (ref.kind === 'env' && ref.name === 'OPENAI_API_KEY' ? KEYS.openai : undefined) },
      },
    );
    assert.equal(result.success, true, shown(result));
  });

  it('a message names the base URL by its reference even when the key is a similar reference', async () => {
    const refused = await refusedPortUrl();
    const result = await testConnection(
      conn('openai', { baseUrl: '${env:OPENAI_BASE_URL}' }),
      { apiKey: '${env:OPENAI_API_KEY}' },
      {
        ...deps,
        resolveReference: { resolve: async (ref) => (ref.kind === 'env' ? (ref.name === 'OPENAI_API_KEY' ? KEYS.openai : `${refused}/v1`) : undefined) },
      },
    );
    assert.equal(result.errorKind, 'unreachable');
    assert.deepEqual(result.message, { code: 'testing.unreachable', host: '${env:OPENAI_BASE_URL}', reason: { code: 'testing.netRefused' } });
    assert.ok(!shown(result).includes(refused.slice(7)), 'the resolved URL is not quoted');
  });

  it('disabled: an inactive connection is not tested', async () => {
    const before = servers.openai.requests.length;
    const result = await testConnection({ ...openai(), isActive: false }, { apiKey: KEYS.openai }, deps);
    assert.equal(result.errorKind, 'disabled');
    assert.equal(result.skipped, true);
    assert.equal(servers.openai.requests.length, before);
  });

  it('cancelled: aborting stops a request in flight', async () => {
    servers.ollama.behaviour = 'hang';
    try {
      const controller = new AbortController();
      const pending = testConnection(conn('ollama', { baseUrl: servers.ollama.origin }), {}, { timeoutMs: 10_000, signal: controller.signal });
      while (servers.ollama.inFlight === 0) await new Promise((r) => setImmediate(r));
      controller.abort();
      const result = await pending;
      assert.equal(result.errorKind, 'cancelled');
    } finally {
      servers.ollama.behaviour = 'ok';
    }
  });
});

describe('scrubSecrets', () => {
  it('removes the secret, long pieces of it, and key-shaped tokens; trims to 300', () => {
    const key = 'sk-test-abcdefghijklmnopqrstuvwx';
    assert.ok(!scrubSecrets(`bad key ${key}`, [key]).includes('abcdefgh'));
    assert.ok(!scrubSecrets('key ends in ...mnopqrstuvwx ok', [key]).includes('mnopqrst'));
    assert.equal(scrubSecrets('Bearer abc.def-ghi failed', []), '[redacted] failed');
    assert.equal(scrubSecrets('AIzaSyA-abcdefghijk0123', []), '[redacted]');
    assert.equal(scrubSecrets('word '.repeat(100), []).length, 300);
  });
});
