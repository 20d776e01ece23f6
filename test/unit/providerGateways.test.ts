/**
 * The API gateways as providers of their own, against local servers speaking each one's wire
 * format: Azure OpenAI through Azure API Management (the subscription key in
 * Ocp-Apim-Subscription-Key, Azure OpenAI's paths below the gateway URL), Cloudflare AI Gateway's
 * OpenAI-compatible endpoint (the provider key as Bearer, the gateway token in
 * cf-aig-authorization, the base built from the account and gateway IDs) and Portkey (its key in
 * x-portkey-api-key, the provider, virtual key and config headers when set). Each request carries
 * exactly the documented headers, and no key shows in anything reported.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { streamChat } from '../../src/domain/chat/client';
import { isChatProvider, offeredModels } from '../../src/domain/chat/selection';
import type { ChatRequest } from '../../src/domain/chat/types';
import type { Connection, SecretBag } from '../../src/domain/connection';
import { findProvider } from '../../src/domain/providers/catalog';
import { ConfigError, prepareRequest } from '../../src/domain/requests';
import { validateConnection } from '../../src/domain/validation';
import { say } from '../../src/ui/text';
import { collect, shown } from '../support/collectChat';
import { startServer, type LocalServer } from '../support/hostileServers';
import { harness } from '../support/uiHarness';

const SUBSCRIPTION_KEY = 'apim-sub-test-4Kq8Wd2Lz';
const PROVIDER_KEY = 'provider-test-7Rn3Vb5Hx';
const GATEWAY_TOKEN = 'cf-gw-test-2Mp9Tc6Yq';
const PORTKEY_KEY = 'pk-test-5Ls1Qf8Nw';
const VIRTUAL_KEY = 'vk-test-9Dz4Hg7Ja';

const chatRequest = (model: string): ChatRequest => ({ model, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A gateway: lets through only requests whose headers pass `allowed`, answering a model list to a
 * GET and a streamed answer to a POST; refuses any other with 401 quoting every header it got (as
 * some gateways do), so a key that leaked would show in the message.
 */
async function gatewayServer(allowed: (headers: IncomingMessage['headers']) => boolean): Promise<LocalServer & { seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await startServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (!allowed(req.headers)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `Access denied. Received headers: ${JSON.stringify(req.headers)}` } }));
        return;
      }
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"index":0,"delta":{"content":"hello through the gateway"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
    });
  });
  return { ...server, seen };
}

/** The headers a request carried that a client chooses (not those Node's HTTP client always adds). */
function chosenHeaders(headers: IncomingMessage['headers']): string[] {
  const always = new Set(['host', 'connection', 'content-length', 'content-type', 'accept', 'accept-encoding', 'accept-language', 'user-agent', 'sec-fetch-mode', 'transfer-encoding']);
  return Object.keys(headers)
    .filter((h) => !always.has(h))
    .sort();
}

/** The ConfigError a preparation fails with (the test fails if it does not). */
async function refusal(providerId: string, settings: Connection['settings'], secrets: SecretBag): Promise<ConfigError> {
  const provider = findProvider(providerId)!;
  try {
    await prepareRequest(provider, provider.test!, { providerId, settings }, secrets, {});
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    return error;
  }
  assert.fail('the request was put together');
}

describe('Azure OpenAI through Azure API Management', () => {
  const apimAllows = (headers: IncomingMessage['headers']) => headers['ocp-apim-subscription-key'] === SUBSCRIPTION_KEY && headers.authorization === undefined && headers['api-key'] === undefined;

  it('tests ✓ with GET {gateway}/openai/models?api-version= carrying only the subscription key in Ocp-Apim-Subscription-Key', async () => {
    const apim = await gatewayServer(apimAllows);
    try {
      const h = harness();
      const c = await h.store.create({ providerId: 'azure-apim', name: 'APIM', alias: 'apim', scope: 'global', isActive: true, values: { endpoint: `${apim.origin}/openai-api`, apiKey: SUBSCRIPTION_KEY, deployment: 'gpt-4o, gpt-4o-mini' } });
      const result = await h.service.test(c.id);
      assert.equal(result.success, true, JSON.stringify(result));
      assert.deepEqual(
        apim.seen.map((s) => `${s.method} ${s.url}`),
        ['GET /openai-api/openai/models?api-version=2024-10-21'],
      );
      assert.deepEqual(chosenHeaders(apim.seen[0]!.headers), ['ocp-apim-subscription-key'], 'the subscription key and nothing else: no Authorization, no api-key');
      const offered = offeredModels(h.store.list().connections, h.chat).map((m) => m.modelId);
      assert.deepEqual(offered, ['gpt-4o', 'gpt-4o-mini'], 'the deployments are the chat models');
      assert.ok(isChatProvider('azure-apim'), 'offered in Chat');
    } finally {
      await apim.close();
    }
  });

  it('a wrong subscription key fails as auth; what the gateway quotes back is shown without the key', async () => {
    const apim = await gatewayServer(apimAllows);
    try {
      const h = harness();
      const wrong = 'apim-sub-wrong-8Fv2Kx6Pn';
      const c = await h.store.create({ providerId: 'azure-apim', name: 'APIM', alias: 'apim', scope: 'global', isActive: true, values: { endpoint: `${apim.origin}/openai-api`, apiKey: wrong } });
      const result = await h.service.test(c.id);
      assert.equal(result.errorKind, 'auth', JSON.stringify(result));
      const text = say(result.message!);
      assert.match(text, /Received headers/, "the gateway's words are shown");
      assert.equal(text.includes(wrong), false, 'no key in the message');
      assert.equal((h.ui.everything + h.logger.lines.join()).includes(wrong), false, 'nor anywhere shown or logged');
    } finally {
      await apim.close();
    }
  });

  it("chat goes to Azure OpenAI's deployments path below the gateway URL, or the v1 API's, with the subscription key", async () => {
    const apim = await gatewayServer(apimAllows);
    try {
      const settings = { endpoint: `${apim.origin}/openai-api` };
      const dated = await collect(streamChat({ providerId: 'azure-apim', settings }, { apiKey: SUBSCRIPTION_KEY }, chatRequest('gpt-4o'), { timeoutMs: 1500 }));
      assert.equal(dated.error, undefined, shown(dated.error));
      assert.ok(JSON.stringify(dated.parts).includes('hello through the gateway'), 'the answer arrived');
      const v1 = await collect(streamChat({ providerId: 'azure-apim', settings: { ...settings, apiVersion: 'v1' } }, { apiKey: SUBSCRIPTION_KEY }, chatRequest('gpt-4o'), { timeoutMs: 1500 }));
      assert.equal(v1.error, undefined, shown(v1.error));
      assert.deepEqual(
        apim.seen.map((s) => `${s.method} ${s.url}`),
        ['POST /openai-api/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', 'POST /openai-api/openai/v1/chat/completions'],
      );
      for (const s of apim.seen) assert.deepEqual(chosenHeaders(s.headers), ['ocp-apim-subscription-key'], s.url);
      assert.equal(JSON.parse(apim.seen[1]!.body).model, 'gpt-4o', 'the v1 API names the deployment in the body');
    } finally {
      await apim.close();
    }
  });

  it('has no Entra ID sign-in, and an extra header cannot stand in for the subscription key or add another', async () => {
    const provider = findProvider('azure-apim')!;
    assert.ok(!provider.fields.some((f) => f.key === 'authMode'), 'no Authentication choice: the gateway takes its subscription key');
    assert.equal(provider.group, 'azure');
    for (const header of ['Ocp-Apim-Subscription-Key', 'api-key', 'Authorization']) {
      const error = await refusal('azure-apim', { endpoint: 'https://contoso-apim.azure-api.net/openai-api', apiVersion: '2024-10-21' }, { apiKey: SUBSCRIPTION_KEY, [`headers.${header}`]: 'sneaky-value-1' });
      assert.equal(error.detail.code, 'testing.headerReserved', `${header}: ${say(error.detail)}`);
    }
  });
});

describe('Cloudflare AI Gateway', () => {
  /** Sends every request to the local server instead of gateway.ai.cloudflare.com, keeping the URL asked for. */
  function toLocal(server: LocalServer, asked: string[]): typeof fetch {
    return (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      asked.push(url.href);
      return fetch(`${server.origin}${url.pathname}${url.search}`, init);
    };
  }
  const settings = { accountId: 'acct0123', gatewayId: 'team-gateway' };

  it('chat: POST https://gateway.ai.cloudflare.com/v1/{account}/{gateway}/compat/chat/completions with the provider key as Bearer and the gateway token in cf-aig-authorization', async () => {
    const gateway = await gatewayServer((headers) => headers['cf-aig-authorization'] === `Bearer ${GATEWAY_TOKEN}`);
    const asked: string[] = [];
    try {
      const { parts, error } = await collect(streamChat({ providerId: 'cloudflare-ai-gateway', settings }, { apiKey: PROVIDER_KEY, gatewayToken: GATEWAY_TOKEN }, chatRequest('openai/gpt-4o-mini'), { timeoutMs: 1500, fetch: toLocal(gateway, asked) }));
      assert.equal(error, undefined, shown(error));
      assert.deepEqual(asked, ['https://gateway.ai.cloudflare.com/v1/acct0123/team-gateway/compat/chat/completions']);
      const sent = gateway.seen[0]!;
      assert.deepEqual(chosenHeaders(sent.headers), ['authorization', 'cf-aig-authorization']);
      assert.equal(sent.headers.authorization, `Bearer ${PROVIDER_KEY}`, 'the provider key as Bearer');
      assert.equal(JSON.parse(sent.body).model, 'openai/gpt-4o-mini', 'the provider/model name in the body');
      assert.ok(JSON.stringify(parts).includes('hello through the gateway'), 'the answer arrived');
    } finally {
      await gateway.close();
    }
  });

  it('sends neither header that is not set (keys stored in Cloudflare, a gateway without authentication)', async () => {
    const gateway = await gatewayServer(() => true);
    try {
      const { error } = await collect(streamChat({ providerId: 'cloudflare-ai-gateway', settings }, {}, chatRequest('openai/gpt-4o-mini'), { timeoutMs: 1500, fetch: toLocal(gateway, []) }));
      assert.equal(error, undefined, shown(error));
      assert.deepEqual(chosenHeaders(gateway.seen[0]!.headers), [], 'no Authorization, no cf-aig-authorization');
    } finally {
      await gateway.close();
    }
  });

  it("a refused gateway token: the gateway's words are shown without the token or the provider key", async () => {
    const gateway = await gatewayServer(() => false);
    try {
      const { error } = await collect(streamChat({ providerId: 'cloudflare-ai-gateway', settings }, { apiKey: PROVIDER_KEY, gatewayToken: GATEWAY_TOKEN }, chatRequest('openai/gpt-4o-mini'), { timeoutMs: 1500, fetch: toLocal(gateway, []) }));
      assert.equal(error?.kind, 'auth', shown(error));
      assert.match(shown(error), /Received headers/, "the gateway's words are shown");
      for (const secret of [PROVIDER_KEY, GATEWAY_TOKEN]) assert.equal(shown(error).includes(secret), false, 'no secret in the message');
    } finally {
      await gateway.close();
    }
  });

  it('the account and gateway IDs stay one path segment each', async () => {
    const asked: string[] = [];
    const gateway = await gatewayServer(() => true);
    try {
      await collect(streamChat({ providerId: 'cloudflare-ai-gateway', settings: { accountId: 'a/../b', gatewayId: 'g?x=1' } }, {}, chatRequest('openai/gpt-4o-mini'), { timeoutMs: 1500, fetch: toLocal(gateway, asked) }));
      assert.deepEqual(asked, ['https://gateway.ai.cloudflare.com/v1/a%2F..%2Fb/g%3Fx%3D1/compat/chat/completions']);
    } finally {
      await gateway.close();
    }
  });

  it('has no model list to test against: the test says so; Chat offers the models named in the setting; the IDs are required', async () => {
    const h = harness();
    const c = await h.store.create({ providerId: 'cloudflare-ai-gateway', name: 'Cloudflare', alias: 'cf', scope: 'global', isActive: true, values: { ...settings, apiKey: PROVIDER_KEY } });
    const result = await h.service.test(c.id);
    assert.deepEqual([result.success, result.skipped], [false, true], 'skipped, not a ✓ and not a failure');
    assert.deepEqual(
      offeredModels(h.store.list().connections, h.chat).map((m) => m.modelId),
      ['openai/gpt-4o-mini'],
    );
    const missing = validateConnection({ providerId: 'cloudflare-ai-gateway', name: 'Cloudflare', alias: 'cf2', scope: 'global', isActive: true, values: { accountId: '', gatewayId: ' ', apiKey: PROVIDER_KEY } }, { takenAliases: new Map(), workspaceAvailable: true });
    assert.ok(!missing.ok && 'accountId' in missing.errors && 'gatewayId' in missing.errors, `the IDs are required (the form sends every field): ${JSON.stringify(missing)}`);
  });

  it('cf-aig-authorization is set by the product: neither an extra header nor the key header may name it', async () => {
    const error = await refusal('cloudflare-ai-gateway', settings, { apiKey: PROVIDER_KEY, 'headers.cf-aig-authorization': 'Bearer sneaky-value-2' });
    assert.equal(error.detail.code, 'testing.headerReserved', say(error.detail));
    const override = await refusal('cloudflare-ai-gateway', { ...settings, keyHeader: 'cf-aig-authorization' }, { apiKey: PROVIDER_KEY });
    assert.equal(override.detail.code, 'testing.headerReserved', say(override.detail));
  });
});

describe('Portkey', () => {
  const portkeyAllows = (headers: IncomingMessage['headers']) => headers['x-portkey-api-key'] === PORTKEY_KEY && headers.authorization === undefined;

  it('tests ✓ with GET {base}/models carrying x-portkey-api-key and the provider, virtual key and config headers set', async () => {
    const portkey = await gatewayServer(portkeyAllows);
    try {
      const h = harness();
      const c = await h.store.create({
        providerId: 'portkey',
        name: 'Portkey',
        alias: 'portkey',
        scope: 'global',
        isActive: true,
        values: { baseUrl: `${portkey.origin}/v1`, apiKey: PORTKEY_KEY, provider: '@openai-prod', virtualKey: VIRTUAL_KEY, config: 'pc-routing-1' },
      });
      assert.ok(c.secretKeys.includes('virtualKey'), 'the virtual key is kept as a secret');
      assert.equal(JSON.stringify(c.settings).includes(VIRTUAL_KEY), false, 'and not among the settings');
      const result = await h.service.test(c.id);
      assert.equal(result.success, true, JSON.stringify(result));
      const sent = portkey.seen[0]!;
      assert.equal(`${sent.method} ${sent.url}`, 'GET /v1/models');
      assert.deepEqual(chosenHeaders(sent.headers), ['x-portkey-api-key', 'x-portkey-config', 'x-portkey-provider', 'x-portkey-virtual-key']);
      assert.deepEqual([sent.headers['x-portkey-provider'], sent.headers['x-portkey-virtual-key'], sent.headers['x-portkey-config']], ['@openai-prod', VIRTUAL_KEY, 'pc-routing-1']);
      assert.deepEqual(
        offeredModels(h.store.list().connections, h.chat).map((m) => m.modelId),
        ['gpt-4o-mini'],
      );
    } finally {
      await portkey.close();
    }
  });

  it('chat: POST {base}/chat/completions with the model in the body; only the Portkey key when nothing else is set', async () => {
    const portkey = await gatewayServer(portkeyAllows);
    try {
      const { error } = await collect(streamChat({ providerId: 'portkey', settings: { baseUrl: `${portkey.origin}/v1` } }, { apiKey: PORTKEY_KEY }, chatRequest('@openai-prod/gpt-4o-mini'), { timeoutMs: 1500 }));
      assert.equal(error, undefined, shown(error));
      const sent = portkey.seen[0]!;
      assert.equal(`${sent.method} ${sent.url}`, 'POST /v1/chat/completions');
      assert.deepEqual(chosenHeaders(sent.headers), ['x-portkey-api-key']);
      assert.equal(JSON.parse(sent.body).model, '@openai-prod/gpt-4o-mini');
    } finally {
      await portkey.close();
    }
  });

  it('defaults to https://api.portkey.ai/v1; a refusal quoting the headers shows neither the key nor the virtual key', async () => {
    assert.equal(findProvider('portkey')!.fields.find((f) => f.key === 'baseUrl')?.default, 'https://api.portkey.ai/v1');
    const portkey = await gatewayServer(() => false);
    try {
      const h = harness();
      const c = await h.store.create({ providerId: 'portkey', name: 'Portkey', alias: 'portkey', scope: 'global', isActive: true, values: { baseUrl: `${portkey.origin}/v1`, apiKey: PORTKEY_KEY, virtualKey: VIRTUAL_KEY } });
      const result = await h.service.test(c.id);
      assert.equal(result.errorKind, 'auth', JSON.stringify(result));
      const text = say(result.message!);
      assert.match(text, /Received headers/, "the gateway's words are shown");
      for (const secret of [PORTKEY_KEY, VIRTUAL_KEY]) {
        assert.equal(text.includes(secret), false, 'no secret in the message');
        assert.equal((h.ui.everything + h.logger.lines.join()).includes(secret), false, 'nor anywhere shown or logged');
      }
    } finally {
      await portkey.close();
    }
  });

  it("Portkey's own headers are set by the product: an extra header may not name them", async () => {
    for (const header of ['x-portkey-api-key', 'x-portkey-virtual-key', 'x-portkey-provider', 'X-Portkey-Config']) {
      const error = await refusal('portkey', {}, { apiKey: PORTKEY_KEY, [`headers.${header}`]: 'sneaky-value-3' });
      assert.equal(error.detail.code, 'testing.headerReserved', `${header}: ${say(error.detail)}`);
    }
  });
});
