/**
 * TLS options of a connection, through the composition root with the real route fetch, against
 * HTTPS servers with certificates made by openssl: a private certificate authority (as a company's
 * TLS-inspecting firewall has), a server that asks for a client certificate (mutual TLS), and a
 * self-signed server accepted by host.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { say } from '../../src/ui/text';
import { tlsOptions } from '../../src/platform/routeFetch';
import { alertingFetch } from '../../src/platform/tlsAlerts';
import { Agent, fetch as undiciFetch } from 'undici';
import { Command } from '../../src/ui/commands/ids';
import { makePki, networkPort, startTinyproxy, startTlsServer, type Pki, type TlsModelServer } from '../support/networkWorld';
import { harness } from '../support/uiHarness';

const KEY = 'sk-test-tls-7Hd2Kx5Nq8Vb';

let pki: Pki;
let privateCa: TlsModelServer;
let mutual: TlsModelServer;
let selfSigned: TlsModelServer;
const ports: ReturnType<typeof networkPort>[] = [];

before(async () => {
  pki = makePki();
  [privateCa, mutual, selfSigned] = await Promise.all([
    startTlsServer({ cert: pki.serverCert, key: pki.serverKey, apiKey: KEY }),
    startTlsServer({ cert: pki.serverCert, key: pki.serverKey, apiKey: KEY, clientCa: pki.ca }),
    startTlsServer({ cert: pki.selfSignedCert, key: pki.selfSignedKey, apiKey: KEY }),
  ]);
});
after(async () => {
  await Promise.all([privateCa.close(), mutual.close(), selfSigned.close(), ...ports.map((p) => p.dispose())]);
});

function world() {
  const network = networkPort();
  ports.push(network);
  return harness({ network });
}

async function test(h: ReturnType<typeof harness>, server: TlsModelServer, extra: Record<string, unknown> = {}) {
  const created = await h.store.create({ providerId: 'openai', name: 'TLS', alias: `tls-${Math.random().toString(36).slice(2, 8)}`, scope: 'global', isActive: true, values: { apiKey: KEY, baseUrl: `${server.origin}/v1`, ...extra } });
  return { created, result: await h.service.test(created.id) };
}

const host = (server: TlsModelServer) => new URL(server.origin).host;

describe('extra certificate authorities', () => {
  it("without the company's CA the failure says the certificate is not trusted, and where to add the CA", async () => {
    const { result } = await test(world(), privateCa);
    assert.equal(result.success, false);
    assert.equal(result.errorKind, 'unreachable');
    assert.equal(say(result.message!), `${host(privateCa)} is not trusted: TLS certificate could not be verified. If your network has its own certificate authority, add its certificate under Extra CA certificates in the connection's Network section.`);
  });

  it('with the CA as a file, or pasted (also with its line breaks lost in a one-line input), tests ✓', async () => {
    const h = world();
    for (const ca of [pki.caPath, pki.ca, pki.ca.replace(/\n/g, '')]) {
      const { result } = await test(h, privateCa, { caCertificates: ca });
      assert.equal(result.success, true, JSON.stringify(result));
    }
  });

  it('a PEM that is not a certificate, a file that cannot be read, or a relative path fail as setting problems naming the field; nothing is sent', async () => {
    const h = world();
    const before = privateCa.requests.length;
    const cases: [string, RegExp][] = [
      [readFileSync(pki.otherKeyPath, 'utf8').replace('PRIVATE KEY', 'CERTIFICATE').replace('PRIVATE KEY', 'CERTIFICATE'), /^Extra CA certificates holds no certificate: it should be PEM/],
      [pki.otherKeyPath, /^Extra CA certificates holds no certificate/],
      [`${pki.dir}/missing.pem`, /^Extra CA certificates: couldn't read .*missing\.pem\. Nothing was sent\.$/],
    ];
    for (const [ca, expected] of cases) {
      const { result } = await test(h, privateCa, { caCertificates: ca });
      assert.equal(result.errorKind, 'config', JSON.stringify(result));
      assert.match(say(result.message!), expected);
    }
    assert.equal(privateCa.requests.length, before, 'nothing reached the server');
  });

  it('a relative path, text that is neither a path nor certificates, or a pasted key is refused when saving', async () => {
    const h = world();
    await assert.rejects(test(h, privateCa, { caCertificates: 'certs/ca.pem' }), /validation\.pemOrPath/);
    await assert.rejects(test(h, privateCa, { clientCertificate: '-----BEGIN CERTIFICATE----- not base64! -----END CERTIFICATE-----' }), /validation\.pemOrPath/);
    await assert.rejects(test(h, privateCa, { clientKey: readFileSync(pki.otherKeyPath, 'utf8') }), /validation\.keyPath/);
  });
});

describe('a client certificate (mutual TLS)', () => {
  const client = (extra: Record<string, unknown> = {}) => ({ caCertificates: pki.caPath, clientCertificate: pki.clientCertPath, clientKey: pki.clientKeyPath, clientKeyPassphrase: pki.passphrase, ...extra });

  it('without its certificate, the server refuses: a setting problem that says so', async () => {
    const { result } = await test(world(), mutual, { caCertificates: pki.caPath });
    assert.equal(result.errorKind, 'config', JSON.stringify(result));
    assert.equal(say(result.message!), `${host(mutual)} asks for a client certificate (mutual TLS): set Client certificate and Client key in the connection's Network section.`);
  });

  it("with no Network settings at all (the host's fetch, which trusts the server's CA), the same setting problem", async () => {
    const dispatcher = new Agent({ connect: { ca: [pki.ca] } });
    try {
      const hostFetch = ((input: string | URL | Request, init?: RequestInit) => undiciFetch(input as string, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as typeof fetch;
      const h = harness({ fetch: alertingFetch(() => hostFetch) });
      const { result } = await test(h, mutual);
      assert.equal(result.errorKind, 'config', JSON.stringify(result));
      assert.match(say(result.message!), /asks for a client certificate \(mutual TLS\)/);
    } finally {
      await dispatcher.close();
    }
  });

  it('with the certificate and its encrypted key, tests ✓; the passphrase is a secret and shows nowhere', async () => {
    const h = world();
    const { created, result } = await test(h, mutual, client());
    assert.equal(result.success, true, JSON.stringify(result));
    assert.equal(mutual.requests.at(-1)?.clientCert, 'ai-connections-test-client', 'the server saw the client certificate');
    assert.ok(created.secretKeys.includes('clientKeyPassphrase'), 'the passphrase is in secret storage');
    assert.equal(JSON.stringify([created.settings, h.global, h.logger.lines, h.ui.everything]).includes(pki.passphrase), false, 'and nowhere else');
  });

  it('the certificate pasted as PEM works too', async () => {
    const { result } = await test(world(), mutual, client({ clientCertificate: readFileSync(pki.clientCertPath, 'utf8') }));
    assert.equal(result.success, true, JSON.stringify(result));
  });

  it('a wrong or missing passphrase, a key of another certificate, or half a pair fail naming the part, before anything is sent', async () => {
    const h = world();
    const before = mutual.requests.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ clientKeyPassphrase: 'wrong-passphrase-Zz1' }, 'Client key passphrase does not open the client key. Nothing was sent.'],
      [{ clientKeyPassphrase: '' }, 'The client key is encrypted: set Client key passphrase. Nothing was sent.'],
      [{ clientKey: pki.otherKeyPath }, 'Client key does not belong to the client certificate. Nothing was sent.'],
      [{ clientKey: pki.clientCertPath }, 'Client key is not a PEM private key. Nothing was sent.'],
      [{ clientKey: '' }, 'A client certificate needs both its certificate and its key: set Client key in the Network section. Nothing was sent.'],
      [{ clientCertificate: '' }, 'A client certificate needs both its certificate and its key: set Client certificate in the Network section. Nothing was sent.'],
    ];
    for (const [extra, expected] of cases) {
      const { result } = await test(h, mutual, client(extra));
      assert.equal(result.errorKind, 'config', JSON.stringify(result));
      assert.equal(say(result.message!), expected);
      assert.equal(JSON.stringify(result).includes('wrong-passphrase-Zz1'), false, 'no passphrase in the result');
    }
    assert.equal(mutual.requests.length, before, 'nothing reached the server');
  });
});

describe('a self-signed server', () => {
  it('is refused, with the way to accept it by name; once its certificate is accepted for its host it tests ✓, and only there', async () => {
    const h = world();
    const { created, result } = await test(h, selfSigned);
    assert.equal(result.errorKind, 'unreachable');
    assert.match(say(result.message!), new RegExp(`^${host(selfSigned).replace(/\./g, '\\.')} is not trusted: self-signed TLS certificate\\. If you know this server, use Trust Server Certificate… on the connection`));
    await h.services.certificates.accept(host(selfSigned), pki.selfSignedCert);
    assert.equal((await h.service.test(created.id)).success, true, 'accepted for its host');
    await h.services.certificates.accept(host(selfSigned), pki.selfSignedCert);
    await h.services.certificates.forget(host(selfSigned));
    assert.equal((await h.service.test(created.id)).success, false, 'forgotten: refused again');
    await h.services.certificates.accept('127.0.0.1:1', pki.selfSignedCert);
    assert.equal((await h.service.test(created.id)).success, false, 'accepted for another host: refused');
  });
});

describe('Trust Server Certificate…', () => {
  it("names the host and the certificate's fingerprint in a modal; accepted, the connection tests ✓ and the view warns; run again, it stops accepting", async () => {
    const h = world();
    const { created, result } = await test(h, selfSigned);
    assert.equal(result.success, false, 'refused at first');
    h.ui.answers = [undefined];
    await h.commands[Command.trustServerCertificate](created.id);
    assert.equal(h.services.certificates.fingerprintFor(host(selfSigned)), undefined, 'dismissed: nothing accepted');
    h.ui.answers = ['Accept Certificate'];
    await h.commands[Command.trustServerCertificate](created.id);
    const asked = h.ui.of('confirm').at(-1)!;
    const fingerprint = new X509Certificate(pki.selfSignedCert).fingerprint256;
    assert.equal(asked.text, `Accept the self-signed certificate of ${host(selfSigned)}?`);
    assert.match(asked.detail ?? '', new RegExp(`SHA-256 ${fingerprint}`), 'the fingerprint to compare');
    assert.equal((await h.service.test(created.id)).success, true, 'accepted: ✓');
    const accepted = h.services.certificates.forConnection(created);
    assert.deepEqual(accepted, { host: host(selfSigned), fingerprint }, 'the view marks the connection');
    h.ui.answers = ['Stop Accepting'];
    await h.commands[Command.trustServerCertificate](created.id);
    assert.equal(h.ui.of('confirm').at(-1)!.text, `Stop accepting the self-signed certificate of ${host(selfSigned)}?`);
    assert.equal((await h.service.test(created.id)).success, false, 'refused again');
  });

  it('does not offer to accept a certificate signed by an authority that is not trusted: it says to add the CA', async () => {
    const h = world();
    const { created } = await test(h, privateCa);
    await h.commands[Command.trustServerCertificate](created.id);
    assert.equal(h.ui.of('confirm').length, 0, 'no acceptance offered');
    assert.match(h.ui.of('warn').at(-1)!.text, /issued by Example Corp Test Root CA, which isn't trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\. Add that authority's certificate under Extra CA certificates/);
    assert.equal(h.services.certificates.fingerprintFor(host(privateCa)), undefined);
  });

  it('reads the certificate through the connection’s proxy, and says when it is trusted already', async () => {
    const proxy = await startTinyproxy();
    try {
      const h = world();
      const { created } = await test(h, privateCa, { caCertificates: pki.caPath, proxy: 'custom', proxyUrl: proxy.url });
      await h.commands[Command.trustServerCertificate](created.id);
      assert.match(h.ui.of('info').at(-1)!.text, /is trusted already \(issued by Example Corp Test Root CA\)/);
      assert.match(proxy.log(), /CONNECT/, 'read through the proxy');
    } finally {
      await proxy.close();
    }
  });
});

describe('verification with extra CAs', () => {
  it('stays on: a server the extra CAs do not vouch for is refused', async () => {
    const { result } = await test(world(), selfSigned, { caCertificates: pki.caPath });
    assert.equal(result.success, false, 'refused');
    assert.match(say(result.message!), /is not trusted: self-signed TLS certificate/);
  });

  it('adds to the usual authorities: Node’s own stay, and the system’s while http.systemCertificates is on', () => {
    const route = (systemCertificates: boolean) => ({ tls: { ca: [pki.ca], systemCertificates } });
    const withSystem = tlsOptions(route(true))!.ca as string[];
    const without = tlsOptions(route(false))!.ca as string[];
    assert.deepEqual(without, [...rootCertificates, pki.ca], "Node's authorities and the extra one");
    assert.ok(withSystem.includes(pki.ca) && rootCertificates.every((c) => withSystem.includes(c)), 'the same, and');
    // Node 20 reads the distribution's bundle (Debian: the ca-certificates package); newer Node asks the system itself.
    if (existsSync('/etc/ssl/certs/ca-certificates.crt')) assert.ok(withSystem.length > without.length, `the system's too (${withSystem.length - without.length} more entries)`);
  });
});
