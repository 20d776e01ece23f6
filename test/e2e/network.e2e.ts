/**
 * End-to-end: connections on a company network, in a real VS Code (code-server). An OpenAI
 * connection reaches an HTTPS server whose certificate a private certificate authority signed
 * (made by openssl) through Debian's tinyproxy, which asks for a user and a password: both the
 * proxy and the CA file are set in the form's Network section, as a user sets them. Its test
 * passes through the proxy's tunnel and the Chat view answers through it. The same server without
 * the CA fails with the certificate not trusted, and a server asking for a client certificate
 * fails as a setting problem that says so. The key and the proxy password are then nowhere on
 * disk. Scenarios run in order and build on each other.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Locator } from 'playwright-core';
import { makePki, startTinyproxy, startTlsServer, type Pki, type Tinyproxy, type TlsModelServer } from '../support/networkWorld';
import { chatViewOf, waitFor } from './chatView';
import { prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { Workbench, assertText, escapeRegExp, scenarios, type ConnectionFormDriver } from './workbench';

const rootDir = join(__dirname, '..', '..');
const VSIX = join(rootDir, `ai-connections-${JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version}.vsix`);
/** The key the servers accept: typed in the form only. */
const KEY = 'sk-test-e2e-network-4b1d9e';
const PROXY_USER = 'dana';
/** The proxy's password: typed in the form's Network section only. */
const PROXY_PASSWORD = 'proxy-pass-e2e-Hk27w';

let host: RunningHost;
let workbench: Workbench;
let pki: Pki;
/** HTTPS with a certificate the private CA signed. */
let privateCa: TlsModelServer;
/** The same, and it asks for a client certificate the CA signed. */
let mutual: TlsModelServer;
/** HTTPS with a certificate it signed itself. */
let selfSigned: TlsModelServer;
let proxy: Tinyproxy;

const scenario = scenarios('network', () => ({ workbench, host }));

const hostOf = (server: TlsModelServer) => new URL(server.origin).host;
const portOf = (server: TlsModelServer) => new URL(server.origin).port;

/** CONNECT requests tinyproxy logged for the server's port. */
const tunnelsTo = (server: TlsModelServer) =>
  proxy
    .log()
    .split('\n')
    .filter((line) => line.includes('CONNECT') && line.includes(`:${portOf(server)}`)).length;

/** Opens the form's Network section (collapsed until one of its fields holds a value). */
async function openNetworkSection(form: ConnectionFormDriver): Promise<void> {
  const section = form.frame.locator('details.section.network');
  if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
  await form.frame.locator('details.section.network[open]').waitFor();
}

/** Scrolls the form so that the element is in the middle of the view, for a screenshot. */
async function centre(element: Locator): Promise<void> {
  await element.evaluate((el) => el.scrollIntoView({ block: 'center' }));
}

/** Creates an OpenAI connection to `server` through the form, with the given Network fields typed in its Network section. */
async function createConnection(name: string, alias: string, server: TlsModelServer, network: Record<string, string>): Promise<void> {
  await workbench.runCommand('AI Connections: New Connection');
  const form = workbench.form('New Connection');
  await form.waitReady();
  await form.fill({ name, alias, apiKey: KEY, baseUrl: `${server.origin}/v1` });
  await openNetworkSection(form);
  await form.fill(network);
  await form.save();
  await form.waitClosed();
  await workbench.treeItem(name).waitFor();
}

describe('Connections on a company network (a proxy with a password, a private CA, a client certificate), in VS Code', () => {
  before(async () => {
    prepareHost();
    pki = makePki();
    privateCa = await startTlsServer({ cert: pki.serverCert, key: pki.serverKey, apiKey: KEY });
    mutual = await startTlsServer({ cert: pki.serverCert, key: pki.serverKey, apiKey: KEY, clientCa: pki.ca });
    selfSigned = await startTlsServer({ cert: pki.selfSignedCert, key: pki.selfSignedKey, apiKey: KEY });
    proxy = await startTinyproxy({ auth: [PROXY_USER, PROXY_PASSWORD] });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-network-'));
    // Offline, the Chat view asks to sign in to GitHub Copilot; with anonymous access it uses other providers' models.
    host = await startHost(VSIX, { root, settings: { 'chat.allowAnonymousAccess': true } });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    for (const server of [privateCa, mutual, selfSigned, proxy]) await server?.close();
  });

  scenario("1 through the company's proxy (its user and password) with the company's CA, the test passes through the proxy's tunnel and Chat answers", async () => {
    const started = Date.now();
    await workbench.openContainer();
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'Company Proxy', alias: 'company-proxy', apiKey: KEY, baseUrl: `${privateCa.origin}/v1` });
    await openNetworkSection(form);
    // The proxy's own fields show only once "This proxy" is chosen.
    const proxyRows = ['proxyUrl', 'proxyUser', 'proxyPassword'].map((field) => form.frame.locator(`[data-field="${field}"]`));
    for (const row of proxyRows) await row.waitFor({ state: 'hidden' });
    await centre(form.frame.locator('[data-field="proxy"]'));
    await workbench.screenshot('network-form-proxy-default');
    await form.setSelect('proxy', 'This proxy');
    for (const row of proxyRows) await row.waitFor();
    await form.fill({ proxyUrl: proxy.url, proxyUser: PROXY_USER, proxyPassword: PROXY_PASSWORD, caCertificates: pki.caPath });
    // Each secret says where it goes: the key to the server, the proxy password to the proxy.
    await assertText(form.frame.locator('[data-destination-for="apiKey"]'), new RegExp(`^Sent only to ${escapeRegExp(hostOf(privateCa))}$`));
    await assertText(form.frame.locator('[data-destination-for="proxyPassword"]'), new RegExp(`^Sent only to ${escapeRegExp(new URL(proxy.url).host)}$`));
    await centre(proxyRows[1]!);
    await workbench.screenshot('network-form-section');
    await form.save();
    await form.waitClosed();

    const item = workbench.treeItem('Company Proxy');
    await item.waitFor();
    const tunnels = tunnelsTo(privateCa);
    const sent = privateCa.requests.length;
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /^company-proxy · OpenAI · ✓ \d+ ms$/);
    await workbench.expectNotification(/'Company Proxy' works: 1 model, \d+ ms\./);
    console.log(`# network: window open to ✓ through the proxy: ${Date.now() - started} ms`);
    await waitFor(() => (tunnelsTo(privateCa) > tunnels ? true : undefined), 5_000, `tinyproxy logged a CONNECT to port ${portOf(privateCa)}: ${proxy.log()}`);
    const requests = privateCa.requests.slice(sent);
    assert.ok(requests.length > 0, 'the test reached the server');
    for (const request of requests) assert.equal(request.headers.authorization, `Bearer ${KEY}`);

    // The Chat view answers with the connection's model, through the same proxy.
    await workbench.runCommand('Chat: Open Chat (Ask)');
    const view = chatViewOf(workbench);
    await view.input.waitFor();
    await view.openModelPicker(['gpt-4o-mini | Company Proxy · Global']);
    await view.chooseModel('Company Proxy · Global');
    const asked = privateCa.requests.length;
    await view.send('hello');
    const answer = await view.response(/Hello through the company network\./);
    assert.match(answer, /^Hello through the company network\.$/m);
    const chatRequest = privateCa.requests.slice(asked).find((r) => r.url === '/v1/chat/completions');
    assert.ok(chatRequest, 'the chat request reached the server');
    assert.equal(chatRequest.headers.authorization, `Bearer ${KEY}`);
    await workbench.screenshot('network-chat-answer');
  });

  scenario("2 the same server without the company's CA fails: its certificate is not trusted, and the message says where to add the CA", async () => {
    await createConnection('Company Direct', 'company-direct', privateCa, {});
    const item = workbench.treeItem('Company Direct');
    const sent = privateCa.requests.length;
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /^company-direct · OpenAI · ✗ /);
    const text = new RegExp(`${escapeRegExp(hostOf(privateCa))} is not trusted: .*If your network has its own certificate authority, add its certificate under Extra CA certificates in the connection's Network section\\.`);
    const tooltip = await workbench.tooltip(item);
    assert.match(tooltip.replace(/\s+/g, ' '), text);
    await workbench.screenshot('network-untrusted-tooltip');
    await workbench.page.keyboard.press('Escape');
    await workbench.expectNotification(new RegExp(`'Company Direct' failed its test: ${text.source}`));
    assert.equal(privateCa.requests.length, sent, 'no request was sent to a server that was not trusted');
  });

  scenario('3 a server that asks for a client certificate fails as a setting problem naming the Network fields to set', async () => {
    await createConnection('Company mTLS', 'company-mtls', mutual, { caCertificates: pki.caPath });
    const item = workbench.treeItem('Company mTLS');
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /^company-mtls · OpenAI · ✗ config$/);
    await workbench.expectNotification(new RegExp(`'Company mTLS' failed its test: ${escapeRegExp(`${hostOf(mutual)} asks for a client certificate (mutual TLS): set Client certificate and Client key in the connection's Network section.`)}`));
    assert.equal(mutual.requests.length, 0, 'no request got past the handshake');
  });

  scenario('4 a self-signed server is accepted by Trust Server Certificate…, in a modal naming its host and fingerprint; then it tests ✓ and its connection carries a warning', async () => {
    await createConnection('Lab Server', 'lab-server', selfSigned, {});
    const item = workbench.treeItem('Lab Server');
    await workbench.contextMenu(item, 'Test Connection');
    await workbench.expectNotification(new RegExp(`'Lab Server' failed its test: ${escapeRegExp(`${hostOf(selfSigned)} is not trusted: self-signed TLS certificate. If you know this server, use Trust Server Certificate…`)}`));
    await workbench.contextMenu(item, 'Trust Server Certificate…');
    const dialog = workbench.dialog();
    await dialog.waitFor();
    const fingerprint = new X509Certificate(pki.selfSignedCert).fingerprint256;
    await assertText(dialog.locator('#monaco-dialog-message-text'), new RegExp(`^Accept the self-signed certificate of ${escapeRegExp(hostOf(selfSigned))}\\?$`));
    assert.match((await dialog.innerText()).replace(/\s+/g, ' '), new RegExp(`SHA-256 ${escapeRegExp(fingerprint)}`), 'the fingerprint to compare');
    await workbench.screenshot('network-trust-certificate');
    await workbench.dialogButton('Accept Certificate');
    await workbench.expectNotification(new RegExp(`The certificate of ${escapeRegExp(hostOf(selfSigned))} is accepted\\.`));
    await assertText(item.locator('.label-description'), /^lab-server · OpenAI · self-signed certificate accepted$/);
    const sent = selfSigned.requests.length;
    await workbench.contextMenu(item, 'Test Connection');
    await workbench.expectNotification(/'Lab Server' works: 1 model, \d+ ms\./);
    assert.ok(selfSigned.requests.length > sent, 'the test reached the server');
    const tooltip = (await workbench.tooltip(item)).replace(/\s+/g, ' ');
    assert.match(tooltip, new RegExp(`The self-signed certificate of ${escapeRegExp(hostOf(selfSigned))} is accepted \\(SHA-256 ${escapeRegExp(fingerprint)}\\)`));
    await workbench.screenshot('network-accepted-warning');
    await workbench.page.keyboard.press('Escape');
  });

  scenario('5 the key and the proxy password are written nowhere: not in VS Code’s state, the extensions, the workspace or the browser profile', async () => {
    // Closing the browser writes out what it kept in memory.
    await workbench.close();
    const found = leakScan([host.userDataDir, host.extensionsDir, host.workspaceDir, workbench.profileDir], [KEY, PROXY_PASSWORD]);
    assert.deepEqual(found, [], 'no copy of the key or the proxy password on disk');
  });
});
