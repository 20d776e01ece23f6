/**
 * A connection behind an API gateway, through the VS Code layer (fake ports, the real store and
 * test service): a local stand-in for Azure API Management that lets through only requests
 * carrying the key in Ocp-Apim-Subscription-Key and its own header, and answers OpenAI's model list.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { say } from '../../src/ui/text';
import { streamChat } from '../../src/domain/chat/client';
import type { ChatRequest } from '../../src/domain/chat/types';
import { collect, shown } from '../support/collectChat';
import { redirectTo, startServer, type LocalServer } from '../support/hostileServers';
import { harness } from '../support/uiHarness';

const KEY = 'sk-test-apim-5Vd9Qw2Lx7Kc';
const TENANT_TOKEN = 'tenant-test-8Rm3Zp6Hy1Gb';

/** The gateway: the key in its header and the tenant token, or 401 quoting every header it got (as some gateways do). */
function gateway(req: IncomingMessage, res: ServerResponse): void {
  const allowed = req.headers['ocp-apim-subscription-key'] === KEY && req.headers['x-tenant-token'] === TENANT_TOKEN && req.headers.authorization === undefined;
  if (!allowed) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Access denied. Received headers: ${JSON.stringify(req.headers)}` } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o', object: 'model' }] }));
}

let apim: LocalServer;
before(async () => {
  apim = await startServer(gateway);
});
after(() => apim.close());

describe('a connection behind an API gateway', () => {
  it('tests OK with the key in Ocp-Apim-Subscription-Key and a header whose value comes from the environment, asked naming the host', async () => {
    const h = harness({ env: { TENANT_TOKEN } });
    const created = await h.store.create({
      providerId: 'openai',
      name: 'Through APIM',
      alias: 'apim',
      scope: 'global',
      isActive: true,
      values: { apiKey: KEY, baseUrl: `${apim.origin}/openai/v1`, keyHeader: 'Ocp-Apim-Subscription-Key', headers: { 'X-Tenant-Token': '${env:TENANT_TOKEN}' } },
    });
    assert.ok(created.secretKeys.includes('headers.X-Tenant-Token'), 'the header value is kept as a secret');
    assert.equal(JSON.stringify(created.settings).includes('TENANT_TOKEN'), false, 'and not among the settings');
    h.ui.answers = ['Allow'];
    const result = await h.service.test(created.id);
    assert.equal(result.success, true, JSON.stringify(result));
    const asked = h.ui.of('confirm');
    assert.equal(asked.length, 1, 'asked once');
    assert.match(asked[0]!.text, new RegExp(`Send the environment variable TENANT_TOKEN to 127\\.0\\.0\\.1:${new URL(apim.origin).port}\\?`));
    assert.match(asked[0]!.detail ?? '', /The header X-Tenant-Token/, 'naming the header it is for');
    const sent = apim.requests.at(-1)!;
    assert.equal(sent.url, '/openai/v1/models', "the provider's model list, through the gateway");
    assert.equal(sent.headers.authorization, undefined, "the provider's own header is not sent");
  });

  it("without the key header the gateway refuses; what it quotes back is shown with the key and the header's value scrubbed", async () => {
    const h = harness({ env: { TENANT_TOKEN }, allowed: ['TENANT_TOKEN'] });
    const created = await h.store.create({
      providerId: 'openai',
      name: 'Misconfigured',
      alias: 'apim-wrong',
      scope: 'global',
      isActive: true,
      values: { apiKey: KEY, baseUrl: `${apim.origin}/openai/v1`, headers: { 'X-Tenant-Token': '${env:TENANT_TOKEN}' } },
    });
    const result = await h.service.test(created.id);
    assert.equal(result.success, false, 'refused');
    assert.equal(result.errorKind, 'auth', JSON.stringify(result));
    const shown = say(result.message!);
    assert.match(shown, /Received headers/, "the gateway's words are shown");
    for (const secret of [KEY, TENANT_TOKEN]) {
      assert.equal(shown.includes(secret), false, 'no secret in the message');
      assert.equal((h.ui.everything + h.logger.lines.join()).includes(secret), false, 'nor anywhere shown or logged');
    }
  });

  it('a key header the gateway does not take (or strips) fails naming that header, with the key nowhere in the message', async () => {
    const h = harness({ env: { TENANT_TOKEN }, allowed: ['TENANT_TOKEN'] });
    const created = await h.store.create({
      providerId: 'openai',
      name: 'Wrong key header',
      alias: 'apim-other-header',
      scope: 'global',
      isActive: true,
      values: { apiKey: KEY, baseUrl: `${apim.origin}/openai/v1`, keyHeader: 'cf-aig-authorization', keyScheme: 'bearer', headers: { 'X-Tenant-Token': '${env:TENANT_TOKEN}' } },
    });
    const result = await h.service.test(created.id);
    assert.equal(result.errorKind, 'auth', JSON.stringify(result));
    const shown = say(result.message!);
    assert.match(shown, /^The API key sent in cf-aig-authorization was rejected \(401\)\. Check the key, and that the gateway takes it in that header and passes it on/);
    assert.equal(shown.includes(KEY), false, 'no key in the message');
  });

  it('a header value with a line break coming from the environment is refused, naming the header; nothing is sent', async () => {
    const h = harness({ env: { TENANT_TOKEN: `${TENANT_TOKEN}\r\nX-Injected: 1` }, allowed: ['TENANT_TOKEN'] });
    const created = await h.store.create({
      providerId: 'openai',
      name: 'Broken header',
      alias: 'apim-broken',
      scope: 'global',
      isActive: true,
      values: { apiKey: KEY, baseUrl: `${apim.origin}/openai/v1`, keyHeader: 'Ocp-Apim-Subscription-Key', headers: { 'X-Tenant-Token': '${env:TENANT_TOKEN}' } },
    });
    const before = apim.requests.length;
    const result = await h.service.test(created.id);
    assert.equal(result.errorKind, 'config', JSON.stringify(result));
    assert.equal(say(result.message!), 'The value of the header X-Tenant-Token contains a line break or another control character. Nothing was sent.');
    assert.equal(apim.requests.length, before, 'nothing was sent');
  });
});

describe('a chat request behind an API gateway', () => {
  const request: ChatRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

  it('goes with the key in the key header and the extra headers, not in Authorization', async () => {
    const seen = await startServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
      });
    });
    try {
      const { error } = await collect(streamChat({ providerId: 'openai', settings: { baseUrl: `${seen.origin}/v1`, keyHeader: 'x-portkey-api-key' } }, { apiKey: KEY, 'headers.x-portkey-config': 'cfg-1' }, request, { timeoutMs: 1500 }));
      assert.equal(error, undefined, shown(error));
      const sent = seen.requests.at(-1)!;
      assert.equal(sent.headers['x-portkey-api-key'], KEY, 'the key in the key header');
      assert.equal(sent.headers['x-portkey-config'], 'cfg-1', 'the extra header');
      assert.equal(sent.headers.authorization, undefined, "the provider's own header is not sent");
      assert.equal(sent.headers['content-type'], 'application/json', 'the product still sets its own headers');
    } finally {
      await seen.close();
    }
  });

  it('follows no redirect to another origin: neither the key header nor an extra header arrives there', async () => {
    const elsewhere = await startServer((_req, res) => res.end());
    const redirector = await startServer(redirectTo(307, () => elsewhere.origin));
    try {
      const { error } = await collect(
        streamChat({ providerId: 'anthropic', settings: { baseUrl: redirector.origin, keyHeader: 'cf-aig-authorization', keyScheme: 'bearer' } }, { apiKey: KEY, 'headers.X-Tenant-Token': TENANT_TOKEN }, { ...request, model: 'claude-sonnet-4-5' }, { timeoutMs: 1500 }),
      );
      assert.equal(error?.kind, 'config', shown(error));
      assert.equal(redirector.requests.at(-1)?.headers['cf-aig-authorization'], `Bearer ${KEY}`, 'the gateway got the key header');
      assert.equal(elsewhere.requests.length, 0, 'nothing reached the other origin');
    } finally {
      await redirector.close();
      await elsewhere.close();
    }
  });
});
