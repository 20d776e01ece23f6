/**
 * End-to-end: references in a real VS Code (code-server) with a workspace holding appsettings.json
 * and .env, in their own host. A key read from a file tests OK against a local server; removing it
 * from the file turns the item into a warning without a reload; Import from Environment creates a
 * working connection from .env. In a multi-root workspace (a `.code-workspace` of two folders,
 * each with its own appsettings.json), a workspace connection created in the second folder
 * through the form tests with that folder's key.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { freePort, prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { Workbench, assertText, scenarios } from './workbench';

const VSIX = join(__dirname, '..', '..', `ai-connections-${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}.vsix`);
const SECRETS = {
  fromFile: 'sk-test-e2e-appsettings-3c9d1f7a',
  fromDotenv: 'sk-test-e2e-dotenv-8e2a6b4c',
};

let host: RunningHost;
let fileServer: FakeProvider;
let dotenvServer: FakeProvider;
let workbench: Workbench;
let workspace: string;

const scenario = scenarios('references', () => ({ workbench, host }));

const appsettings = (key?: string) => `{
  // The key of the local test server; comments and trailing commas as ASP.NET Core allows.
  "OpenAI": { ${key ? `"ApiKey": "${key}",` : ''} "Model": "gpt-4o", },
}
`;

describe('References in VS Code', () => {
  before(async () => {
    prepareHost();
    fileServer = await startFakeProvider('openai', { key: SECRETS.fromFile });
    dotenvServer = await startFakeProvider('openai', { key: SECRETS.fromDotenv });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-refs-'));
    workspace = join(root, 'workspace');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'appsettings.json'), appsettings(SECRETS.fromFile));
    // The host inherits this process's environment: the variables under test come from .env only.
    for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OpenAI__ApiKey']) delete process.env[name];
    host = await startHost(VSIX, { root });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await fileServer?.close();
    await dotenvServer?.close();
  });

  scenario('1 a workspace connection with $OpenAI:ApiKey resolves from appsettings.json: the form hints where, and the test passes', async () => {
    await workbench.openContainer();
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'From Config', alias: 'from-config', apiKey: '$OpenAI:ApiKey', baseUrl: fileServer.baseUrl });
    await form.chooseScope('workspace');
    await assertText(form.frame.locator('[data-hint-for="apiKey"]'), /^→ appsettings\.json, OpenAI:ApiKey$/);
    await form.fill({ organization: '$OpenAI:Nope' });
    await assertText(form.frame.locator('[data-hint-for="organization"]'), /^✗ \$OpenAI:Nope not found in appsettings\.json, appsettings\.Development\.json \(no such file\) or env OpenAI__Nope$/);
    await form.fill({ organization: '' });
    await form.save();
    await form.waitClosed();
    const item = workbench.treeItem('From Config');
    await item.waitFor();
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /^from-config · OpenAI · ✓ \d+ ms$/);
    assert.equal(await item.locator('.codicon-warning').count(), 0);
  });

  scenario('2 removing the key from appsettings.json turns the item into a warning without a reload', async () => {
    writeFileSync(join(workspace, 'appsettings.json'), appsettings());
    const item = workbench.treeItem('From Config');
    await item.locator('.codicon-warning').waitFor({ timeout: 20_000 });
    const tooltip = await workbench.tooltip(item);
    assert.match(tooltip, /\$OpenAI:ApiKey not found in appsettings\.json/);
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /^from-config · OpenAI · ✗ config$/);
  });

  scenario('3 Import from Environment creates a working connection from .env, and Show Resolution says where its key comes from', async () => {
    writeFileSync(join(workspace, '.env'), `# local development\nOPENAI_API_KEY=${SECRETS.fromDotenv}\nOPENAI_BASE_URL="${dotenvServer.baseUrl}"\n`);
    await new Promise((r) => setTimeout(r, 1_000));
    await workbench.runCommand('AI Connections: Import from Environment');
    const list = workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'OpenAI' }).first();
    await list.waitFor();
    // Where each part comes from, and the host the key goes to: both from the workspace's .env.
    assert.match(await list.innerText(), /API Key: OPENAI_API_KEY from \.env · Base URL: OPENAI_BASE_URL from \.env/);
    assert.match(await list.innerText(), new RegExp(`→ ${new URL(dotenvServer.baseUrl).host.replace(/\./g, '\\.')}`));
    await workbench.page.keyboard.press('Enter');
    await workbench.pick('Store references');
    const item = workbench.treeItem('OpenAI (environment)');
    await item.waitFor();
    assert.deepEqual(await workbench.groupChildren('Workspace'), ['From Config', 'OpenAI (environment)']);
    await workbench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /^openai-environment · OpenAI · ✓ \d+ ms$/);
    // Show Resolution names where each reference resolved from, with the value masked.
    await workbench.runCommand('AI Connections: Show Resolution');
    await workbench.pick('OpenAI (environment)');
    const row = workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'API Key' }).first();
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /\$\{env:OPENAI_API_KEY\}/);
    assert.match(text, /→ \.env, OPENAI_API_KEY \(sk-\*\*\*\)/);
    assert.ok(!text.includes(SECRETS.fromDotenv.slice(3)));
    await workbench.page.keyboard.press('Escape');
  });

  scenario("4 a custom connection's config value shows where its reference resolves from", async () => {
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Custom');
    await form.input('configs[0].key').waitFor();
    await form.chooseScope('workspace');
    await form.fill({ name: 'Custom Refs', 'configs[0].key': 'model', 'configs[0].value': '$OpenAI:Model' });
    await assertText(form.frame.locator('[data-hint-for="configs[0].value"]'), /^→ appsettings\.json, OpenAI:Model$/);
    await form.chooseScope('global');
    await assertText(form.frame.locator('[data-hint-for="configs[0].value"]'), /^✗ \$OpenAI:Model not found in env OpenAI__Model; global connections read only the environment$/);
    await form.button('Cancel').click();
    await workbench.dialogButton('Discard');
    await form.waitClosed();
  });

  scenario('5 no key from a file or .env is written anywhere VS Code keeps state', async () => {
    const found = leakScan([host.userDataDir, host.extensionsDir, workbench.profileDir], Object.values(SECRETS));
    assert.deepEqual(found, []);
  });
});

describe('References in a multi-root workspace', () => {
  const KEYS = { api: 'sk-test-e2e-api-folder-5b7e2d9c', web: 'sk-test-e2e-web-folder-1f4a8c6e' };
  let multiHost: RunningHost;
  let server: FakeProvider;
  let bench: Workbench;

  const multiScenario = scenarios('references multi-root', () => ({ workbench: bench, host: multiHost }));

  before(async () => {
    prepareHost();
    // Accepts only the second folder's key: a request with the first folder's is refused.
    server = await startFakeProvider('openai', { key: KEYS.web });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-multiroot-'));
    const project = join(root, 'project');
    for (const [folder, key] of Object.entries(KEYS)) {
      mkdirSync(join(project, folder), { recursive: true });
      writeFileSync(join(project, folder, 'appsettings.json'), appsettings(key));
    }
    const workspaceFile = join(project, 'project.code-workspace');
    writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'api' }, { path: 'web' }] }, null, 2));
    for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OpenAI__ApiKey']) delete process.env[name];
    const port = await freePort();
    multiHost = await startHost(VSIX, { root, port });
    bench = await Workbench.open(`http://127.0.0.1:${port}/?workspace=${encodeURIComponent(workspaceFile)}`, join(root, 'chromium-profile'));
  });

  after(async () => {
    await bench?.close().catch(() => undefined);
    await multiHost?.stop();
    await server?.close();
  });

  multiScenario("6 a workspace connection created in the second folder tests with that folder's key", async () => {
    await bench.openContainer();
    await bench.runCommand('AI Connections: New Connection');
    const form = bench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'Web Config', alias: 'web-config', apiKey: '$OpenAI:ApiKey', baseUrl: server.baseUrl });
    // The Folder choice appears with the Workspace scope only.
    assert.equal(await form.frame.locator('[data-field="folder"], .row:has([name="folder"])').first().isVisible(), false);
    await form.chooseScope('workspace');
    await form.setSelect('folder', 'web');
    await assertText(form.frame.locator('[data-hint-for="apiKey"]'), /^→ appsettings\.json, OpenAI:ApiKey$/);
    await bench.screenshot('references-multi-root-form-folder');
    await form.save();
    await form.waitClosed();
    const item = bench.treeItem('Web Config');
    await item.waitFor();
    await assertText(item.locator('.label-description'), /^web-config · OpenAI · web$/);
    await bench.contextMenu(item, 'Test Connection');
    await assertText(item.locator('.label-description'), /^web-config · OpenAI · web · ✓ \d+ ms$/);
    const sent = server.requests.map((r) => String(r.headers.authorization ?? ''));
    assert.ok(sent.length > 0);
    assert.ok(
      sent.every((h) => h === `Bearer ${KEYS.web}`),
      "only the second folder's key was sent",
    );
  });

  multiScenario('7 no key from either folder is written anywhere VS Code keeps state', async () => {
    const found = leakScan([multiHost.userDataDir, multiHost.extensionsDir, bench.profileDir], Object.values(KEYS));
    assert.deepEqual(found, []);
  });
});
