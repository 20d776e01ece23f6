/**
 * Connections behind a proxy, through the composition root with the real route fetch: Debian's
 * tinyproxy as the CONNECT proxy (with and without basic authentication, and one that tunnels only
 * to port 443), in front of an HTTPS server whose certificate a private CA made by openssl signed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { say } from '../../src/ui/text';
import { streamChat } from '../../src/domain/chat/client';
import { bypassesProxy, machineProxy } from '../../src/domain/network/proxy';
import { testConnection } from '../../src/domain/testing/tester';
import { collect, shown } from '../support/collectChat';
import { makePki, networkPort, startTinyproxy, startTlsServer, type Pki, type Tinyproxy, type TlsModelServer } from '../support/networkWorld';
import { harness } from '../support/uiHarness';

const KEY = 'sk-test-proxy-3Jf8Wq1Zc6Rb';
const PROXY_PASSWORD = 'proxy-pw-Lm4Tx9';

let pki: Pki;
let server: TlsModelServer;
let open: Tinyproxy;
let guarded: Tinyproxy;
let only443: Tinyproxy;
const ports: ReturnType<typeof networkPort>[] = [];

before(async () => {
  pki = makePki();
  server = await startTlsServer({ cert: pki.serverCert, key: pki.serverKey, apiKey: KEY });
  [open, guarded, only443] = await Promise.all([startTinyproxy(), startTinyproxy({ auth: ['alice', PROXY_PASSWORD] }), startTinyproxy({ connectPorts: [443] })]);
});
after(async () => {
  await Promise.all([server.close(), open.close(), guarded.close(), only443.close(), ...ports.map((p) => p.dispose())]);
});

function world(machine: Parameters<typeof networkPort>[0] = {}, env: Record<string, string> = {}) {
  const network = networkPort(machine);
  ports.push(network);
  return harness({ network, env });
}

const values = (extra: Record<string, unknown> = {}) => ({ apiKey: KEY, baseUrl: `${server.origin}/v1`, caCertificates: pki.caPath, ...extra });

async function create(h: ReturnType<typeof harness>, extra: Record<string, unknown> = {}) {
  return h.store.create({ providerId: 'openai', name: 'Behind the proxy', alias: `proxied-${Math.random().toString(36).slice(2, 8)}`, scope: 'global', isActive: true, values: values(extra) });
}

/** CONNECT lines tinyproxy logged for the server's port. */
function tunnels(proxy: Tinyproxy): number {
  const port = new URL(server.origin).port;
  return proxy
    .log()
    .split('\n')
    .filter((line) => line.includes('CONNECT') && line.includes(`:${port}`)).length;
}

describe('the proxy a connection uses', () => {
  it('goes through its own proxy to the private-CA server: ✓, and the proxy saw the tunnel', async () => {
    const h = world();
    const before = tunnels(open);
    const created = await create(h, { proxy: 'custom', proxyUrl: open.url });
    const result = await h.service.test(created.id);
    assert.equal(result.success, true, JSON.stringify(result));
    assert.ok(tunnels(open) > before, `tinyproxy tunnelled the request: ${open.log()}`);
    assert.equal(server.requests.at(-1)?.headers['proxy-authorization'], undefined, 'nothing for the proxy reaches the server');
  });

  it("follows VS Code's http.proxy by default, and the environment's HTTPS_PROXY when http.proxy is not set", async () => {
    for (const h of [world({ proxy: open.url }), world({ env: { HTTPS_PROXY: open.url } })]) {
      const before = tunnels(open);
      const created = await create(h);
      const result = await h.service.test(created.id);
      assert.equal(result.success, true, JSON.stringify(result));
      assert.equal(tunnels(open), before + 1, 'one tunnel for the test');
    }
  });

  it('goes direct for a host on http.noProxy or NO_PROXY, and for a connection set to No proxy', async () => {
    const cases = [world({ proxy: 'http://127.0.0.1:9', noProxy: ['127.0.0.1'] }), world({ env: { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: 'localhost,127.0.0.1' } })];
    for (const h of cases) {
      const result = await h.service.test((await create(h)).id);
      assert.equal(result.success, true, JSON.stringify(result));
    }
    const none = world({ proxy: 'http://127.0.0.1:9' });
    const result = await none.service.test((await create(none, { proxy: 'none' })).id);
    assert.equal(result.success, true, JSON.stringify(result));
  });

  it('sends the proxy user and password (a secret) to the proxy only, and never shows the password', async () => {
    const h = world();
    const created = await create(h, { proxy: 'custom', proxyUrl: guarded.url, proxyUser: 'alice', proxyPassword: PROXY_PASSWORD });
    assert.ok(created.secretKeys.includes('proxyPassword'), 'the proxy password is kept in secret storage');
    assert.equal(JSON.stringify(created.settings).includes(PROXY_PASSWORD), false, 'and is not a setting');
    const result = await h.service.test(created.id);
    assert.equal(result.success, true, JSON.stringify(result));
    const credentials = Buffer.from(`alice:${PROXY_PASSWORD}`).toString('base64');
    assert.equal(JSON.stringify(server.requests.at(-1)?.headers).includes(credentials), false, 'the server never sees the proxy credentials, under any header');
    assert.equal(JSON.stringify([h.global, h.logger.lines, h.ui.everything]).includes(PROXY_PASSWORD), false, 'the password is in no state, log or message');
  });

  it('a proxy asking for credentials fails as a setting problem naming the proxy; a wrong password too', async () => {
    const h = world();
    for (const extra of [{}, { proxyUser: 'alice', proxyPassword: 'not-the-password' }]) {
      const result = await h.service.test((await create(h, { proxy: 'custom', proxyUrl: guarded.url, ...extra })).id);
      assert.equal(result.errorKind, 'config', JSON.stringify(result));
      const text = say(result.message!);
      assert.match(text, new RegExp(`The proxy 127\\.0\\.0\\.1:${guarded.port} asks for credentials`));
      assert.equal(text.includes('not-the-password'), false, 'no password in the message');
    }
  });

  it('a proxy refusing the tunnel, and a proxy not reached, fail naming the proxy', async () => {
    const h = world();
    const refused = await h.service.test((await create(h, { proxy: 'custom', proxyUrl: only443.url })).id);
    assert.equal(refused.errorKind, 'unreachable', JSON.stringify(refused));
    assert.match(say(refused.message!), new RegExp(`The proxy 127\\.0\\.0\\.1:${only443.port} refused to connect to 127\\.0\\.0\\.1:\\d+ \\(403\\)`));
    const gone = await h.service.test((await create(h, { proxy: 'custom', proxyUrl: 'http://127.0.0.1:9' })).id);
    assert.equal(gone.errorKind, 'unreachable', JSON.stringify(gone));
    assert.equal(say(gone.message!), "Couldn't reach the proxy 127.0.0.1:9: connection refused. Check the proxy setting.");
  });

  it('a proxy URL that is not one, or holds credentials, is refused when saving; at request time (a shared definition), naming where it came from', async () => {
    const h = world();
    await assert.rejects(create(h, { proxy: 'custom', proxyUrl: 'ftp://proxy.example.com' }), /validation\.proxyUrl/);
    await assert.rejects(create(h, { proxy: 'custom', proxyUrl: 'http://bob:secret@proxy.example.com:3128' }), /validation\.proxyCredentials/);
    const network = { ...networkPort(), accepted: () => undefined };
    const connection = { providerId: 'openai', isActive: true, settings: { baseUrl: `${server.origin}/v1`, proxy: 'custom', proxyUrl: 'ftp://proxy.example.com' } };
    const bad = await testConnection(connection, { apiKey: KEY }, { timeoutMs: 2000, network });
    assert.equal(bad.errorKind, 'config');
    assert.match(say(bad.message!), /^The Proxy URL in the Network section is not a proxy URL/);
    const fromSettings = world({ proxy: 'not a url at all' });
    const badSetting = await fromSettings.service.test((await create(fromSettings)).id);
    assert.equal(badSetting.errorKind, 'config');
    assert.match(say(badSetting.message!), /^The setting http\.proxy is not a proxy URL/);
    const fromEnv = world({ env: { HTTPS_PROXY: 'ftp://x' } });
    assert.match(say((await fromEnv.service.test((await create(fromEnv)).id)).message!), /^The HTTPS_PROXY or HTTP_PROXY environment variable is not a proxy URL/);
  });

  it('a chat request goes through the proxy and answers', async () => {
    const h = world();
    const created = await create(h, { proxy: 'custom', proxyUrl: guarded.url, proxyUser: 'alice', proxyPassword: PROXY_PASSWORD });
    const context = await h.service.requestContext(created.id);
    const { parts, error } = await collect(streamChat(context.connection, context.secrets, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }, context.deps));
    assert.equal(error, undefined, shown(error));
    assert.equal(
      parts
        .filter((p) => p.type === 'text')
        .map((p) => (p as { text: string }).text)
        .join(''),
      'Hello through the company network.',
    );
  });
});

describe('which proxy the machine gives a host', () => {
  const machine = (over: Partial<Parameters<typeof machineProxy>[1]> = {}) => ({ proxy: '', noProxy: [], systemCertificates: true, env: {}, ...over });

  it('takes http.proxy before the environment, HTTPS_PROXY for https and HTTP_PROXY for http, lower case too', () => {
    const target = new URL('https://api.openai.com/v1');
    assert.equal((machineProxy(target, machine({ proxy: 'http://a:1', env: { HTTPS_PROXY: 'http://b:2' } })) as { url: URL }).url.host, 'a:1');
    assert.equal((machineProxy(target, machine({ env: { https_proxy: 'http://b:2', HTTP_PROXY: 'http://c:3' } })) as { url: URL }).url.host, 'b:2');
    assert.equal((machineProxy(new URL('http://localhost:11434'), machine({ env: { HTTP_PROXY: 'c:3' } })) as { url: URL }).url.host, 'c:3');
    assert.equal(machineProxy(target, machine()), undefined);
  });

  it('moves credentials out of the URL into Proxy-Authorization, and http.proxyAuthorization wins for http.proxy', () => {
    const target = new URL('https://api.openai.com/v1');
    const fromUrl = machineProxy(target, machine({ proxy: 'http://bob:p%40ss@proxy:8080' })) as { url: URL; authorization: string };
    assert.equal(fromUrl.url.href, 'http://proxy:8080/');
    assert.equal(fromUrl.authorization, `Basic ${Buffer.from('bob:p@ss').toString('base64')}`);
    assert.equal((machineProxy(target, machine({ proxy: 'http://proxy:8080', proxyAuthorization: 'Negotiate abc' })) as { authorization: string }).authorization, 'Negotiate abc');
  });

  it("matches NO_PROXY as curl does: names cover subdomains, ports, CIDR ranges, '*'", () => {
    const url = (text: string) => new URL(text);
    assert.equal(bypassesProxy(url('https://api.corp.example.com'), ['corp.example.com']), true);
    assert.equal(bypassesProxy(url('https://api.corp.example.com'), ['.corp.example.com']), true);
    assert.equal(bypassesProxy(url('https://api.corp.example.com'), ['*.corp.example.com']), true);
    assert.equal(bypassesProxy(url('https://notcorp.example.com'), ['corp.example.com']), false);
    assert.equal(bypassesProxy(url('https://gateway:8443'), ['gateway:8443']), true);
    assert.equal(bypassesProxy(url('https://gateway'), ['gateway:8443']), false);
    assert.equal(bypassesProxy(url('http://10.1.2.3:8000'), ['10.0.0.0/8']), true);
    assert.equal(bypassesProxy(url('http://11.1.2.3:8000'), ['10.0.0.0/8']), false);
    assert.equal(bypassesProxy(url('http://[::1]:8000'), ['::1']), true);
    assert.equal(bypassesProxy(url('https://anything'), ['*']), true);
    assert.equal(bypassesProxy(url('https://anything'), [' , ']), false);
  });
});

describe('a proxy password from the environment, for a workspace connection', () => {
  it('is asked about naming the proxy it goes to, and is sent there only once allowed', async () => {
    const network = networkPort();
    ports.push(network);
    const h = harness({ network, env: { CORP_PROXY_PASSWORD: PROXY_PASSWORD }, allowed: [] });
    const created = await h.store.create({
      providerId: 'openai',
      name: 'Team proxy',
      alias: 'team-proxy',
      scope: 'workspace',
      isActive: true,
      values: values({ proxy: 'custom', proxyUrl: guarded.url, proxyUser: 'alice', proxyPassword: '${env:CORP_PROXY_PASSWORD}' }),
    });
    h.ui.answers = ['Allow'];
    const result = await h.service.test(created.id);
    assert.equal(result.success, true, JSON.stringify(result));
    const asked = h.ui.of('confirm').map((q) => q.text);
    assert.ok(
      asked.some((text) => text.includes(`CORP_PROXY_PASSWORD to 127.0.0.1:${guarded.port}?`)),
      `asked naming the proxy: ${asked.join(' | ')}`,
    );
  });
});
