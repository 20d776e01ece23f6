import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Connection, SecretBag } from '../../src/domain/connection';
import { environmentResolver } from '../../src/domain/references';
import { MAX_REDIRECTS } from '../../src/domain/requests';
import { TestResultSchema, type TestResult } from '../../src/domain/testing/result';
import { testConnection } from '../../src/domain/testing/tester';
import { say } from '../../src/ui/text';
import { deepJson, drip, endless, gzipBomb, modelList, redirectTo, startServer, type LocalServer } from '../support/hostileServers';

const KEY = 'sk-test-9q2Wz7Lk4Rm1Xv8Tb3Nc';
const deps = { timeoutMs: 1500 };
/** A result's message as an English user reads it (for checks that nothing secret shows). */
const shown = (result: TestResult) => (result.message ? say(result.message) : '');

interface Case {
  name: string;
  providerId: string;
  header: string;
  settings: (base: string) => Connection['settings'];
  secrets: SecretBag;
}

/** Every way a key travels: each provider's own header, and a custom connection's chosen header. */
const CASES: Case[] = [
  { name: 'OpenAI (Authorization: Bearer)', providerId: 'openai', header: 'authorization', settings: (b) => ({ baseUrl: `${b}/v1` }), secrets: { apiKey: KEY } },
  { name: 'Azure OpenAI (api-key)', providerId: 'azure-openai', header: 'api-key', settings: (b) => ({ endpoint: b, apiVersion: '2024-10-21', authMode: 'key' }), secrets: { apiKey: KEY } },
  { name: 'Anthropic (x-api-key)', providerId: 'anthropic', header: 'x-api-key', settings: (b) => ({ baseUrl: b }), secrets: { apiKey: KEY } },
  { name: 'Gemini (x-goog-api-key)', providerId: 'google-gemini', header: 'x-goog-api-key', settings: (b) => ({ baseUrl: b }), secrets: { apiKey: KEY } },
  { name: 'Mistral (Bearer)', providerId: 'mistral', header: 'authorization', settings: (b) => ({ baseUrl: b }), secrets: { apiKey: KEY } },
  { name: 'OpenAI-compatible (Bearer)', providerId: 'openai-compatible', header: 'authorization', settings: (b) => ({ baseUrl: `${b}/v1` }), secrets: { apiKey: KEY } },
  {
    name: 'Custom (X-Custom-Key)',
    providerId: 'custom',
    header: 'x-custom-key',
    settings: (b) => ({ configs: { test_url: `${b}/check`, test_header: 'X-Custom-Key' } }),
    secrets: { 'secrets.api_key': KEY },
  },
];
const REDIRECTS = [301, 302, 303, 307, 308];

let elsewhere: LocalServer;
before(async () => {
  elsewhere = await startServer(modelList);
});
after(() => elsewhere.close());

const connection = (c: Case, base: string) => ({ providerId: c.providerId, settings: c.settings(base), isActive: true });

describe('redirects: a key never reaches another origin', () => {
  for (const status of REDIRECTS) {
    it(`${status} to another origin: not followed, fails as config naming where it pointed, for every auth header`, async () => {
      const redirector = await startServer(redirectTo(status, () => elsewhere.origin));
      try {
        for (const c of CASES) {
          const before = elsewhere.requests.length;
          const result = await testConnection(connection(c, redirector.origin), c.secrets, deps);
          assert.equal(result.success, false, `${c.name}: a test redirected to another origin is never a success`);
          assert.equal(result.errorKind, 'config', `${c.name}: ${shown(result)}`);
          assert.equal(result.message?.code, 'testing.crossOriginRedirect', c.name);
          assert.ok(result.message?.code === 'testing.crossOriginRedirect' && result.message.location.startsWith(`${elsewhere.origin}/`), c.name);
          assert.equal(elsewhere.requests.length, before, `${c.name}: nothing was sent to the other origin`);
          assert.equal(redirector.requests.at(-1)!.headers[c.header]?.includes(KEY), true, `${c.name}: the key went to its own host`);
          assert.ok(!JSON.stringify(result).includes(KEY));
        }
      } finally {
        await redirector.close();
      }
    });
  }

  it('https → http on the same host is another origin: refused before anything is sent', async () => {
    const calls: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      calls.push(String(input));
      return new Response(null, { status: 302, headers: { location: 'http://api.openai.com/v1/models' } });
    }) as typeof globalThis.fetch;
    const result = await testConnection({ providerId: 'openai', settings: {}, isActive: true }, { apiKey: KEY }, { ...deps, fetch });
    assert.deepEqual(calls, ['https://api.openai.com/v1/models']);
    assert.equal(result.errorKind, 'config');
    assert.deepEqual(result.message, { code: 'testing.crossOriginRedirect', location: 'http://api.openai.com/v1/models' });
  });

  for (const status of REDIRECTS) {
    it(`${status} within the same origin (/v1/models → /v1/models/): followed with the same headers, the test passes, the key reaches only that origin, for every auth header`, async () => {
      // Adds the trailing slash, keeping the query (Azure's api-version), by a relative Location.
      const server = await startServer((req, res) => {
        const [path = '', query] = (req.url ?? '').split('?');
        if (path.endsWith('/')) return modelList(req, res);
        res.writeHead(status, { location: `${path}/${query !== undefined ? `?${query}` : ''}` });
        res.end();
      });
      try {
        for (const c of CASES) {
          const before = elsewhere.requests.length;
          const sent = server.requests.length;
          const result = await testConnection(connection(c, server.origin), c.secrets, deps);
          assert.equal(result.success, true, `${c.name}: ${shown(result)}`);
          const requests = server.requests.slice(sent);
          assert.equal(requests.length, 2, c.name);
          assert.equal(requests[1]!.url.split('?')[0], `${requests[0]!.url.split('?')[0]}/`, c.name);
          for (const request of requests) assert.ok(request.headers[c.header]?.includes(KEY), `${c.name}: the same key header on every hop`);
          assert.equal(elsewhere.requests.length, before, `${c.name}: nothing went anywhere else`);
        }
      } finally {
        await server.close();
      }
    });
  }

  it(`${MAX_REDIRECTS} redirects within the same origin are followed and the test passes; one more fails it, naming the limit`, async () => {
    // /v1/models → /a/v1/models → /a/a/v1/models → …: one more /a per hop, up to `hops` of them.
    const chain = (hops: number) => (req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? '/';
      if (/^(?:\/a(?=\/))*/.exec(url)![0].length / 2 < hops) return redirectTo(302, () => '/a')(req, res);
      return modelList(req, res);
    };
    const within = await startServer(chain(MAX_REDIRECTS));
    try {
      const ok = await testConnection({ providerId: 'openai', settings: { baseUrl: `${within.origin}/v1` }, isActive: true }, { apiKey: KEY }, deps);
      assert.equal(ok.success, true, shown(ok));
      assert.deepEqual(
        within.requests.map((r) => r.url),
        ['/v1/models', '/a/v1/models', '/a/a/v1/models', '/a/a/a/v1/models'],
      );
    } finally {
      await within.close();
    }
    const beyond = await startServer(chain(MAX_REDIRECTS + 1));
    try {
      const result = await testConnection({ providerId: 'anthropic', settings: { baseUrl: beyond.origin }, isActive: true }, { apiKey: KEY }, deps);
      assert.equal(result.success, false);
      assert.equal(result.errorKind, 'config');
      assert.ok(result.message?.code === 'testing.tooManyRedirects' && result.message.max === MAX_REDIRECTS, shown(result));
      assert.equal(beyond.requests.length, MAX_REDIRECTS + 1);
    } finally {
      await beyond.close();
    }
  });

  it('a redirect to the same origin with credentials in the URL is not followed', async () => {
    const server: LocalServer = await startServer(redirectTo(302, () => server.origin.replace('http://', 'http://user:pw@')));
    try {
      const result = await testConnection({ providerId: 'mistral', settings: { baseUrl: server.origin }, isActive: true }, { apiKey: KEY }, deps);
      assert.equal(result.errorKind, 'config');
      assert.equal(server.requests.length, 1);
      assert.ok(!shown(result).includes('pw@'), 'credentials are not quoted');
    } finally {
      await server.close();
    }
  });
});

describe('bad servers: classified within the timeout, never a crash', () => {
  const openai = (base: string) => ({ providerId: 'openai', settings: { baseUrl: `${base}/v1` }, isActive: true });

  it('slow drip: a body that trickles forever times out', async () => {
    const server = await startServer(drip(50));
    try {
      const result = await testConnection(openai(server.origin), { apiKey: KEY }, { timeoutMs: 400 });
      assert.equal(result.errorKind, 'timeout', shown(result));
    } finally {
      await server.close();
    }
  });

  for (const [name, handler] of [
    ['endless chunked body', endless],
    ['gzip bomb: 64 MiB unpacked from 64 KiB, counted after decompression', gzipBomb()],
  ] as const) {
    it(`${name}: cut at the size cap`, async () => {
      const server = await startServer(handler);
      try {
        const result = await testConnection(openai(server.origin), { apiKey: KEY }, deps);
        assert.equal(result.errorKind, 'badResponse', shown(result));
        assert.ok(result.message?.code === 'testing.tooLarge' && result.message.size === '2 MB', shown(result));
      } finally {
        await server.close();
      }
    });
  }

  it('JSON nested 500,000 deep, as a model list and as an error body: a clear failure', async () => {
    for (const status of [200, 401]) {
      const server = await startServer(deepJson(500_000, status));
      try {
        const result = await testConnection(openai(server.origin), { apiKey: KEY }, deps);
        assert.equal(result.success, false);
        assert.equal(result.errorKind, status === 200 ? 'badResponse' : 'auth', shown(result));
        assert.ok(shown(result).length <= 600);
      } finally {
        await server.close();
      }
    }
  });
});

describe('what is sent, and to whom', () => {
  it('an Entra ID token goes only to https Azure hosts: no sign-in for http or other hosts', async () => {
    for (const endpoint of ['http://my-resource.openai.azure.com', 'https://openai.azure.com.evil.example', 'https://example.com', 'http://127.0.0.1:9']) {
      let asked = 0;
      const result = await testConnection(
        { providerId: 'azure-openai', settings: { endpoint, apiVersion: '2024-10-21', authMode: 'entra' }, isActive: true },
        {},
        {
          ...deps,
          getEntraToken: async () => {
            asked++;
            return 'eyJ-test-token';
          },
        },
      );
      assert.equal(result.errorKind, 'config', endpoint);
      assert.equal(result.message?.code, 'testing.entraHost');
      assert.equal(asked, 0, `${endpoint}: no token was fetched`);
    }
  });

  it('credentials in a URL are refused, pointing at the key field, without quoting them', async () => {
    const result = await testConnection({ providerId: 'openai', settings: { baseUrl: 'https://user:hunter2pass@api.openai.com/v1' }, isActive: true }, { apiKey: KEY }, deps);
    assert.equal(result.errorKind, 'config');
    assert.deepEqual(result.message, { code: 'testing.urlCredentials', field: 'Base URL' });
    assert.ok(!JSON.stringify(result).includes('hunter2pass'));
  });

  it('a resolved reference is never quoted: URL and header values name the reference instead', async () => {
    const env = { SECRET_URL: 'not-a-url-value-7f3a', ORG_SECRET: 'org-secret-value-9b1c' };
    const resolveReference = environmentResolver(env);
    const bad = await testConnection({ providerId: 'openai', settings: { baseUrl: '${env:SECRET_URL}' }, isActive: true }, { apiKey: KEY }, { ...deps, resolveReference });
    assert.equal(bad.errorKind, 'config');
    assert.deepEqual(bad.message, { code: 'testing.invalidUrl', field: { code: 'testing.fieldReference', label: 'Base URL', reference: '${env:SECRET_URL}' } });
    assert.ok(!JSON.stringify(bad).includes(env.SECRET_URL), shown(bad));
    // A server that echoes a resolved header value back: the value is scrubbed from the result.
    const echo = await startServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Unknown organization ${String(req.headers['openai-organization'])} at ${req.headers.host}` } }));
    });
    try {
      env.SECRET_URL = `${echo.origin}/v1`;
      const result = await testConnection({ providerId: 'openai', settings: { baseUrl: '${env:SECRET_URL}', organization: '${env:ORG_SECRET}' }, isActive: true }, { apiKey: KEY }, { ...deps, resolveReference });
      assert.equal(result.errorKind, 'auth');
      assert.equal(echo.requests[0]!.headers['openai-organization'], env.ORG_SECRET, 'the resolved value was sent');
      assert.ok(!JSON.stringify(result).includes(env.ORG_SECRET), shown(result));
      assert.ok(!JSON.stringify(result).includes(env.SECRET_URL), shown(result));
    } finally {
      await echo.close();
    }
  });

  it('a literal key that starts with $ is a key: sent as is, never quoted', async () => {
    const literal = '$uperS3cret_test_4f9a2c';
    const server = await startServer((req, res) => {
      res.writeHead(req.headers.authorization === `Bearer ${literal}` ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [{ id: 'gpt-4o' }] }));
    });
    try {
      const result = await testConnection({ providerId: 'openai', settings: { baseUrl: `${server.origin}/v1` }, isActive: true }, { apiKey: literal }, deps);
      assert.equal(result.success, true, shown(result));
      const missing = await testConnection({ providerId: 'openai', settings: { baseUrl: 'http://127.0.0.1:9/v1' }, isActive: true }, { apiKey: literal }, { timeoutMs: 500 });
      assert.ok(!JSON.stringify(missing).includes(literal));
    } finally {
      await server.close();
    }
  });

  it('every text in a result fits the result schema, however long the configuration', async () => {
    const name = `s${'x'.repeat(1500)}`;
    const result = await testConnection({ providerId: 'custom', settings: { configs: { test_url: 'http://127.0.0.1:9/check', test_secret: name } }, isActive: true }, { 'secrets.api_key': KEY }, deps);
    assert.equal(result.errorKind, 'config');
    assert.ok(TestResultSchema.safeParse(result).success, JSON.stringify(result).length.toString());
  });
});
