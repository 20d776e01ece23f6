/**
 * End-to-end: keys read from a vault, in a real VS Code (code-server) whose environment points at a
 * real `pass` store (encrypted to a throwaway GPG key) holding the team's OpenAI key. A personal
 * (Global) connection whose API Key is `${pass:team/openai}` tests ✓ against a local server with
 * the key from the store, without a question; Show Resolution names the store and item with the
 * value masked. A Workspace connection with the same reference asks before the key leaves, naming
 * the reference and the host; Deny sends nothing and the test fails as a setting problem. A
 * Workspace connection's `${env:OPENAI_API_KEY}` from a `.env` the dotenvx CLI encrypted is
 * decrypted (by the packaged dist/dotenvx.js) after its question. The keys are then nowhere on
 * disk: not in VS Code's state, the workspace or the browser profile.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { passStore, type VaultEnv } from '../support/vaultWorld';
import { Workbench, assertText, escapeRegExp, scenarios } from './workbench';

const rootDir = join(__dirname, '..', '..');
const VSIX = join(rootDir, `ai-connections-${JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version}.vsix`);
/** The team's key, in the pass store only: never typed, never written by the test. */
const KEY = 'sk-test-e2e-pass-team-7c3e9a1f';
/** The team's key in the workspace's `.env`, encrypted by the dotenvx CLI; its private key in `.env.keys`. */
const DOTENVX_KEY = 'sk-test-e2e-dotenvx-team-52b0d4';
const REFERENCE = '${pass:team/openai}';

let host: RunningHost;
let server: FakeProvider;
let store: VaultEnv;
let workbench: Workbench;

const scenario = scenarios('vaults', () => ({ workbench, host }));

/** The host:port the fake server listens on, as the question names it. */
const serverHost = () => new URL(server.baseUrl).host;

/** Creates a connection through the form, with the vault reference typed in its API Key field. */
async function createConnection(name: string, alias: string, scope: 'global' | 'workspace', apiKey = REFERENCE): Promise<void> {
  await workbench.runCommand('AI Connections: New Connection');
  const form = workbench.form('New Connection');
  await form.waitReady();
  await form.fill({ name, alias, apiKey, baseUrl: server.baseUrl });
  await form.chooseScope(scope);
  await form.save();
  await form.waitClosed();
  await workbench.treeItem(name).waitFor();
}

describe('Keys from a pass store, in VS Code', () => {
  before(async () => {
    prepareHost();
    server = await startFakeProvider('openai', { key: KEY, otherKeys: [DOTENVX_KEY] });
    store = passStore({ 'team/openai': `${KEY}\nnotes\n` });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-vaults-'));
    // VS Code runs with the store's folders in its environment, as a user's shell would give it.
    host = await startHost(VSIX, { root, env: { GNUPGHOME: store.GNUPGHOME!, PASSWORD_STORE_DIR: store.PASSWORD_STORE_DIR! } });
    // The workspace's `.env`, encrypted as a team commits it, and the private key beside it, as dotenvx keeps it.
    execFileSync(join(rootDir, 'node_modules', '.bin', 'dotenvx'), ['set', 'OPENAI_API_KEY', DOTENVX_KEY, '-f', '.env'], { cwd: host.workspaceDir, stdio: 'pipe' });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await server?.close();
    // The GPG agent that decrypting started, for this store's folder only.
    if (store) execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env: store, stdio: 'ignore' });
  });

  scenario('1 a Global connection with ${pass:team/openai} as its key tests ✓ with the key from the store, without a question', async () => {
    const started = Date.now();
    await workbench.openContainer();
    await createConnection('Pass Mine', 'pass-mine', 'global');
    assert.deepEqual(await workbench.groupChildren('Global'), ['Pass Mine'], 'the connection is in the Global group');
    const item = workbench.treeItem('Pass Mine');
    const sent = server.requests.length;
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /^pass-mine · OpenAI · ✓ \d+ ms$/);
    assert.equal(await workbench.dialog().count(), 0, 'no question for a personal connection');
    const requests = server.requests.slice(sent);
    assert.ok(requests.length > 0, 'the test reached the server');
    for (const request of requests) assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    console.log(`# vaults: window open to ✓ with the key from pass: ${Date.now() - started} ms`);
  });

  scenario('2 Show Resolution names pass and the item, with the value masked', async () => {
    await workbench.contextMenu(workbench.treeItem('Pass Mine'), 'Show Resolution');
    const widget = workbench.page.locator('.quick-input-widget');
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'API Key' }).first();
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, new RegExp(escapeRegExp(REFERENCE)), text);
    assert.match(text, /→ pass, team\/openai \(sk-\*\*\*\)/, text);
    await workbench.screenshot('vaults-show-resolution');
    const everything = await widget.innerText();
    assert.ok(!everything.includes(KEY.slice(3)), 'no part of the key past its prefix is shown');
    await workbench.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
  });

  scenario('3 a Workspace connection with the same reference asks first, naming it and the host; Deny sends nothing and the test fails as a setting problem', async () => {
    await createConnection('Pass Team', 'pass-team', 'workspace');
    assert.deepEqual(await workbench.groupChildren('Workspace'), ['Pass Team'], 'the connection is in the Workspace group');
    const item = workbench.treeItem('Pass Team');
    const sent = server.requests.length;
    await workbench.contextMenu(item, 'Test Connection');
    const dialog = workbench.dialog();
    await assertText(dialog.locator('#monaco-dialog-message-text'), new RegExp(`^Send ${escapeRegExp(REFERENCE)} to ${escapeRegExp(serverHost())}\\?$`));
    await assertText(dialog, new RegExp(`'Pass Team' uses ${escapeRegExp(REFERENCE)} \\(pass, team/openai\\) for API Key, sent to ${escapeRegExp(serverHost())}\\.`));
    const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    assert.deepEqual([...buttons].sort(), ['Allow', 'Deny'], `the question offers Allow and Deny only: ${buttons.join(', ')}`);
    assert.ok(!(await dialog.innerText()).includes(KEY.slice(3)), 'the question does not show the key');
    await workbench.screenshot('vaults-workspace-question');
    await workbench.dialogButton('Deny');
    await assertText(item.locator('.label-description'), /^pass-team · OpenAI · ✗ config$/);
    await workbench.expectNotification(new RegExp(`Sending ${escapeRegExp(REFERENCE)} to ${escapeRegExp(serverHost())} was not allowed for this connection`));
    assert.equal(server.requests.length, sent, 'nothing reached the server');
  });

  scenario('4 a Workspace connection with ${env:OPENAI_API_KEY} from a dotenvx-encrypted .env asks, then tests ✓ with the decrypted key', async () => {
    await createConnection('Dotenvx Team', 'dotenvx-team', 'workspace', '${env:OPENAI_API_KEY}');
    const item = workbench.treeItem('Dotenvx Team');
    const sent = server.requests.length;
    await workbench.contextMenu(item, 'Test Connection');
    const dialog = workbench.dialog();
    await assertText(dialog.locator('#monaco-dialog-message-text'), new RegExp(`^Send \\$\\{env:OPENAI_API_KEY\\} to ${escapeRegExp(serverHost())}\\?$`));
    await assertText(dialog, /\(\.env, OPENAI_API_KEY \(decrypted with dotenvx\)\)/);
    await workbench.dialogButton('Allow');
    await assertText(item.locator('.label-description'), /^dotenvx-team · OpenAI · ✓ \d+ ms$/);
    const requests = server.requests.slice(sent);
    assert.ok(requests.length > 0, 'the test reached the server');
    for (const request of requests) assert.equal(request.headers.authorization, `Bearer ${DOTENVX_KEY}`);
  });

  scenario('5 the keys from the store and from .env are written nowhere: not in VS Code’s state, the workspace or the browser profile', async () => {
    // Closing the browser writes out what it kept in memory.
    await workbench.close();
    const found = leakScan([host.userDataDir, host.extensionsDir, host.workspaceDir, workbench.profileDir], [KEY, DOTENVX_KEY]);
    assert.deepEqual(found, [], 'no copy of the key on disk');
  });
});
