/**
 * End-to-end: a key goes only to a host the user approved, in a real VS Code (code-server) with
 * local servers that record every request. The user's key is in VS Code's environment; the
 * repository brings a `.env` naming another host, a `.vscode/settings.json` that tries to allow
 * every variable, and an `appsettings.json` linked to a file outside the folder. An "attacker"
 * server must never receive a key, whatever the user clicks short of Allow.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { Workbench, assertText, escapeRegExp, scenarios } from './workbench';

const VSIX = join(__dirname, '..', '..', `ai-connections-${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}.vsix`);
const SECRETS = {
  /** OPENAI_API_KEY in VS Code's environment: the user's own. */
  user: 'sk-test-e2e-users-own-key-6d2f8a1c',
  /** A variable outside the allow-list (E2E_PRIVATE_TOKEN). */
  token: 'sk-test-e2e-private-token-9c4b7e2a',
  /** Typed into the form for the gateway. */
  typed: 'sk-test-e2e-typed-gateway-3a8f5d0b',
  /** In a file outside the workspace folder, which its appsettings.json links to. */
  outside: 'sk-test-e2e-outside-7e1c9b4d',
};

let host: RunningHost;
let attacker: FakeProvider;
let gateway: FakeProvider;
let typedGateway: FakeProvider;
let workbench: Workbench;
let workspace: string;

const scenario = scenarios('approved hosts', () => ({ workbench, host }));

/** No request with any of the secrets reached the attacker's server. */
function attackerGotNoKey(): void {
  const sent = attacker.requests.map((r) => JSON.stringify(r.headers));
  for (const secret of Object.values(SECRETS)) assert.ok(!sent.some((h) => h.includes(secret)), `the attacker's server received ${secret.slice(0, 16)}…`);
}

describe('A key goes only to a host the user approved', () => {
  before(async () => {
    prepareHost();
    attacker = await startFakeProvider('openai', { key: 'sk-test-attacker-accepts-nothing' });
    // The gateway accepts the user's private token and the key typed for it.
    gateway = await startFakeProvider('openai', { key: SECRETS.token });
    typedGateway = await startFakeProvider('openai', { key: SECRETS.typed });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-hosts-'));
    workspace = join(root, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    // What a hostile repository brings.
    writeFileSync(join(workspace, '.env'), `# only a base URL\nOPENAI_BASE_URL=${attacker.baseUrl}\n`);
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'aiConnections.references.allowedEnvironmentVariables': ['*'], 'aiConnections.testOnStartup': true }, null, 2));
    mkdirSync(join(root, 'elsewhere'), { recursive: true });
    writeFileSync(join(root, 'elsewhere', 'secrets.json'), JSON.stringify({ OpenAI: { ApiKey: SECRETS.outside } }));
    symlinkSync(join(root, 'elsewhere', 'secrets.json'), join(workspace, 'appsettings.json'));
    // The user's own environment, which the host inherits.
    for (const name of ['OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OpenAI__ApiKey']) delete process.env[name];
    process.env.OPENAI_API_KEY = SECRETS.user;
    process.env.E2E_PRIVATE_TOKEN = SECRETS.token;
    host = await startHost(VSIX, { root });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await attacker?.close();
    await gateway?.close();
    await typedGateway?.close();
  });

  scenario("1 switching provider gives every field the new provider's default; the form says where the key goes; another provider's API host is refused", async () => {
    await workbench.openContainer();
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    const sentTo = form.frame.locator('[data-destination-for="apiKey"]');
    assert.equal(await form.input('baseUrl').inputValue(), 'https://api.openai.com/v1');
    await assertText(sentTo, /^Sent only to api\.openai\.com$/);
    await form.fill({ name: 'Claude', apiKey: 'sk-ant-test-e2e-not-sent' });
    await form.selectProvider('Anthropic');
    await assertText(sentTo, /^Sent only to api\.anthropic\.com$/);
    assert.equal(await form.input('baseUrl').inputValue(), 'https://api.anthropic.com');
    assert.equal(await form.input('name').inputValue(), 'Claude', 'the name carries over');
    await form.selectProvider('OpenAI-compatible');
    assert.equal(await form.input('baseUrl').inputValue(), '');
    await form.selectProvider('Mistral');
    assert.equal(await form.input('baseUrl').inputValue(), 'https://api.mistral.ai');
    // OpenAI's URL typed for Mistral: refused on Save, beside the field.
    await form.fill({ baseUrl: 'https://api.openai.com/v1', apiKey: 'mistral-test-e2e-not-sent' });
    await assertText(sentTo, /^Sent only to api\.openai\.com$/);
    await form.save();
    await assertText(form.errorFor('baseUrl'), /^api\.openai\.com is OpenAI's API, so the key of this Mistral connection would go to OpenAI\./);
    // A gateway is fine, and the line follows the URL as it is typed.
    await form.fill({ baseUrl: gateway.baseUrl });
    await assertText(sentTo, new RegExp(`^Sent only to ${escapeRegExp(new URL(gateway.baseUrl).host)}$`));
    await workbench.screenshot('approved-hosts-form-sent-to');
    await form.button('Cancel').click();
    await workbench.dialogButton('Discard');
    await form.waitClosed();
  });

  scenario('2 Import from Environment shows where the key would go and leaves the .env host unchecked; testing it anyway asks, and Deny sends nothing', async () => {
    await workbench.runCommand('AI Connections: Import from Environment');
    const row = workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'OpenAI' }).first();
    await row.waitFor();
    const text = await row.innerText();
    const attackerHost = new URL(attacker.baseUrl).host;
    assert.match(text, new RegExp(`^⚠ OpenAI\\s*→ ${escapeRegExp(attackerHost)}`));
    assert.match(text, /Your key from VS Code's environment would go to .*, which \.env names/);
    assert.match(text, /API Key: OPENAI_API_KEY from VS Code's environment · Base URL: OPENAI_BASE_URL from \.env/);
    assert.equal(await row.getAttribute('aria-checked'), 'false', 'not checked by default');
    await workbench.screenshot('approved-hosts-import-from-environment');
    // The defaults create nothing; checking it creates the connection, which asks before sending.
    await row.click();
    await assertText(row.locator('xpath=.'), /OpenAI/);
    assert.equal(await row.getAttribute('aria-checked'), 'true');
    await workbench.page.keyboard.press('Enter');
    await workbench.pick('Store references');
    const item = workbench.treeItem('OpenAI (environment)');
    await item.waitFor();
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(workbench.dialog(), new RegExp(`Send your key to ${escapeRegExp(attackerHost)}, a host named by the workspace’s \\.env\\?`));
    await assertText(workbench.dialog(), /Its API Key is \$\{env:OPENAI_API_KEY\} from your environment/);
    await workbench.screenshot('approved-hosts-destination-modal');
    await workbench.dialogButton('Deny');
    await assertText(item.locator('.label-description'), /✗ config$/);
    assert.equal(attacker.requests.length, 0, 'nothing reached the host the .env named');
  });

  scenario("3 a repository's settings can't allow a variable: the test asks, naming the variable and the host", async () => {
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('OpenAI-compatible');
    await form.fill({ name: 'Private Gateway', alias: 'private-gateway', baseUrl: gateway.baseUrl, apiKey: '${env:E2E_PRIVATE_TOKEN}' });
    await form.save();
    await form.waitClosed();
    const item = workbench.treeItem('Private Gateway');
    await item.waitFor();
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(workbench.dialog(), new RegExp(`Send the environment variable E2E_PRIVATE_TOKEN to ${escapeRegExp(new URL(gateway.baseUrl).host)}\\?`));
    await workbench.dialogButton('Allow');
    await assertText(item.locator('.label-description'), /✓ \d+ ms$/);
    assert.equal(gateway.requests.at(-1)?.headers.authorization, `Bearer ${SECRETS.token}`);
  });

  scenario('4 the Allow was for that host: the connection moved to another host asks again, and Deny sends nothing', async () => {
    const item = workbench.treeItem('Private Gateway');
    await workbench.contextMenu(item, 'Edit Connection');
    const form = workbench.form(/Private Gateway/);
    await form.waitReady();
    assert.equal(await form.input('apiKey').inputValue(), '${env:E2E_PRIVATE_TOKEN}', 'a reference is shown as typed');
    await form.fill({ baseUrl: attacker.baseUrl });
    await form.save();
    await form.waitClosed();
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(workbench.dialog(), new RegExp(`Send the environment variable E2E_PRIVATE_TOKEN to ${escapeRegExp(new URL(attacker.baseUrl).host)}\\?`));
    await workbench.dialogButton('Deny');
    await assertText(item.locator('.label-description'), /✗ config$/);
    attackerGotNoKey();
  });

  scenario('5 a kept key stays with its host: the form asks for the key again for a new URL, and a YAML update asks too', async () => {
    await workbench.runCommand('AI Connections: New Connection');
    let form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('OpenAI-compatible');
    await form.fill({ name: 'Typed Gateway', alias: 'typed-gateway', baseUrl: typedGateway.baseUrl, apiKey: SECRETS.typed });
    await form.save();
    await form.waitClosed();
    const item = workbench.treeItem('Typed Gateway');
    await item.waitFor();
    await workbench.contextMenu(item, 'Edit Connection');
    form = workbench.form(/Typed Gateway/);
    await form.waitReady();
    await form.fill({ baseUrl: attacker.baseUrl });
    await form.save();
    await assertText(form.errorFor('apiKey'), /The URL now points at another host than the saved one, so the stored key isn't sent there/);
    await form.button('Test').click();
    await assertText(form.errorFor('apiKey'), /another host than the saved one/);
    await workbench.screenshot('approved-hosts-kept-key');
    await form.button('Cancel').click();
    await workbench.dialogButton('Discard');
    await form.waitClosed();
    // A promptflow update that keeps the key (******) and moves base_url: the preview shows old → new, the key is asked for.
    writeFileSync(join(workspace, 'typed_gateway.yaml'), ['name: typed-gateway', 'type: custom', 'configs:', '  ai_connections_provider: openai-compatible', `  base_url: ${attacker.baseUrl}`, 'secrets:', '  api_key: "******"', ''].join('\n'));
    await workbench.runCommand('View: Show Explorer');
    const file = workbench.sidebar.locator('.monaco-list-row', { has: workbench.page.locator('.label-name', { hasText: /^typed_gateway\.yaml$/ }) });
    await file.waitFor();
    await workbench.contextMenu(file, 'Import from YAML…');
    const moved = `requests go to: ${new URL(typedGateway.baseUrl).host} → ${new URL(attacker.baseUrl).host}`;
    await assertText(workbench.dialog(), new RegExp(escapeRegExp(moved)));
    await assertText(workbench.dialog(), /api_key: asked for again, because the stored key was saved for another host/);
    await workbench.dialogButton('Import');
    await assertText(workbench.dialog(), /A connection named 'Typed Gateway' .* already exists/);
    await workbench.dialogButton('Update');
    const input = workbench.page.locator('.quick-input-widget input');
    await input.waitFor();
    assert.equal(await input.getAttribute('type'), 'password');
    await input.press('Escape');
    await workbench.openContainer();
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /✓ \d+ ms$/);
    assert.equal(typedGateway.requests.at(-1)?.headers.authorization, `Bearer ${SECRETS.typed}`, 'still the gateway, with its key');
    attackerGotNoKey();
  });

  scenario('6 an appsettings.json linked out of the folder is not read: the form hints why, the test sends nothing', async () => {
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.chooseScope('workspace');
    await form.fill({ name: 'Linked Settings', alias: 'linked-settings', apiKey: '$OpenAI:ApiKey', baseUrl: gateway.baseUrl });
    await assertText(form.frame.locator('[data-hint-for="apiKey"]'), /appsettings\.json links to a file outside the workspace folder and was not read/);
    await form.save();
    await form.waitClosed();
    const item = workbench.treeItem('Linked Settings');
    await item.waitFor();
    await item.locator('.codicon-warning').waitFor();
    const before = gateway.requests.length;
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /✗ config$/);
    assert.equal(gateway.requests.length, before, 'nothing sent');
  });

  scenario('7 no key reached the attacker, and none is written anywhere VS Code keeps state', async () => {
    attackerGotNoKey();
    await workbench.close();
    const found = leakScan([host.userDataDir, host.extensionsDir, workbench.profileDir], Object.values(SECRETS));
    assert.deepEqual(found, []);
  });
});
