/**
 * End-to-end: the packaged .vsix in a real VS Code (code-server), driven through Chromium like a
 * user would. Scenarios run in order and build on each other (create, then edit, ...).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { modelList, startServer, type LocalServer } from '../support/hostileServers';
import { Workbench, scenarios } from './workbench';

const VSIX = join(__dirname, '..', '..', `ai-connections-${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}.vsix`);
/** Every secret typed during the run; none may be found on disk afterwards. */
const SECRETS = {
  openai: 'sk-test-e2e-openai-5f2b9c1d',
  azure: 'azure-e2e-key-8c41d2e7b95a3f06',
  rejected: 'sk-test-e2e-never-saved-93be1a77',
  custom: 'custom-e2e-secret-61f0c2d9a8b7',
  hostile: 'hostile-e2e-secret-7d3a90c1e5',
};

let host: RunningHost;
let openaiServer: FakeProvider;
let azureServer: FakeProvider;
let workbench: Workbench;
let hostile: LocalServer | undefined;
let elsewhere: LocalServer;
let root: string;

const scenario = scenarios('', () => ({ workbench, host }));

describe('AI Connections in VS Code', () => {
  before(async () => {
    prepareHost();
    // Local servers speaking the OpenAI and Azure OpenAI wire formats: the first accepts the key
    // typed in scenario 2; the second expects another key, so the Azure connection fails with 401.
    openaiServer = await startFakeProvider('openai', { key: SECRETS.openai });
    azureServer = await startFakeProvider('azure', { key: 'azure-e2e-some-other-key' });
    root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-'));
    host = await startHost(VSIX, { root });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await openaiServer?.close();
    await azureServer?.close();
    await hostile?.close();
    await elsewhere?.close();
  });

  scenario('1 fresh install shows the welcome view with its Create button', async () => {
    await workbench.openContainer();
    const create = workbench.sidebar.locator('.welcome-view-content .monaco-button', { hasText: 'Create Connection' });
    await create.waitFor();
    assert.match(await workbench.sidebar.locator('.welcome-view-content').innerText(), /No AI connections yet/);
  });

  scenario('2 create a global OpenAI connection from the + button', async () => {
    await workbench.viewAction('New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'OpenAI Production' });
    assert.equal(await form.input('alias').inputValue(), 'openai-production', 'alias suggested from the name');
    await form.fill({ alias: 'openai-prod', apiKey: SECRETS.openai });
    assert.equal(await form.input('apiKey').getAttribute('type'), 'password');
    await form.save();
    await form.waitClosed();
    const item = workbench.treeItem('OpenAI Production');
    await item.waitFor();
    assert.deepEqual(await workbench.groupChildren('Global'), ['OpenAI Production']);
    assert.match(await item.locator('.label-description').innerText(), /^openai-prod · OpenAI$/);
    const tooltip = await workbench.tooltip(item);
    assert.match(tooltip, /sk-\*\*\*/);
    assert.ok(!tooltip.includes(SECRETS.openai.slice(3)), 'tooltip shows no more than the masked key');
  });

  scenario('3 create a workspace Azure OpenAI connection from the command palette', async () => {
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Azure OpenAI');
    await form.input('endpoint').waitFor();
    await form.fill({ name: 'Azure Dev', alias: 'azure-dev', endpoint: 'https://contoso-dev.openai.azure.com', apiKey: SECRETS.azure });
    await form.chooseScope('workspace');
    await form.save();
    await form.waitClosed();
    await workbench.treeItem('Azure Dev').waitFor();
    assert.deepEqual(await workbench.groupChildren('Workspace'), ['Azure Dev']);
    assert.match(await workbench.treeItem('Azure Dev').locator('.label-description').innerText(), /^azure-dev · Azure OpenAI$/);
  });

  scenario('4 a duplicate alias and an invalid endpoint are refused beside their fields', async () => {
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Azure OpenAI');
    await form.fill({ name: 'Clash', alias: 'openai-prod', endpoint: 'contoso.openai.azure.com', apiKey: SECRETS.rejected });
    await form.save();
    await assertText(form.errorFor('alias'), /Alias 'openai-prod' is already used by 'OpenAI Production' \(Global\)/);
    await assertText(form.errorFor('endpoint'), /Enter a full http:\/\/ or https:\/\/ URL/);
    assert.equal(await form.button('Save').isVisible(), true, 'Save stays available to retry');
    await form.button('Cancel').click();
    await workbench.dialogButton('Discard');
    await form.waitClosed();
    assert.deepEqual(await workbench.groupChildren('Global'), ['OpenAI Production']);
    assert.deepEqual(await workbench.groupChildren('Workspace'), ['Azure Dev']);
  });

  scenario('5 closing a form with unsaved changes offers to reopen it with those changes', async () => {
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'Half Done', apiKey: SECRETS.rejected });
    await form.tab().locator('.codicon-close, .action-label[aria-label^="Close"]').first().click();
    await form.waitClosed();
    const toast = workbench.page.locator('.notification-toast', { hasText: /The form for 'Half Done' was closed with unsaved changes\./ });
    await toast.locator('.monaco-button', { hasText: 'Reopen' }).click();
    const reopened = workbench.form('New Connection');
    await reopened.waitReady();
    assert.equal(await reopened.input('name').inputValue(), 'Half Done');
    assert.equal(await reopened.input('alias').inputValue(), 'half-done');
    assert.equal(await reopened.input('apiKey').inputValue(), '', 'a typed key is not kept in the draft');
    await reopened.button('Cancel').click();
    await workbench.dialogButton('Discard');
    await reopened.waitClosed();
  });

  scenario('6 edit from the context menu without retyping the key', async () => {
    await workbench.contextMenu(workbench.treeItem('OpenAI Production'), 'Edit Connection');
    const form = workbench.form('Edit: OpenAI Production');
    await form.waitReady();
    assert.equal(await form.input('apiKey').inputValue(), '', 'the stored key is never sent to the form');
    assert.equal(await form.input('apiKey').getAttribute('placeholder'), 'stored — leave empty to keep');
    assert.equal(await form.frame.locator('[name="providerId"]').getAttribute('disabled'), '', 'provider locked when editing');
    const html = await form.frame.locator('html').evaluate((el) => el.outerHTML);
    assert.ok(!html.includes(SECRETS.openai), 'the form never holds the key');
    await form.fill({ name: 'OpenAI Prod EU' });
    await form.save();
    await form.waitClosed();
    await workbench.treeItem('OpenAI Prod EU').waitFor();
    // The stored key still works: Duplicate copies it, and the copy's tooltip shows it masked.
    await workbench.contextMenu(workbench.treeItem('OpenAI Prod EU'), 'Duplicate Connection');
    const copy = workbench.treeItem('OpenAI Prod EU (copy)');
    await copy.waitFor();
    assert.match(await copy.locator('.label-description').innerText(), /^openai-prod-copy · OpenAI$/);
    assert.match(await workbench.tooltip(copy), /API Key\s+sk-\*\*\*/);
  });

  scenario('7 disable and enable from the context menu', async () => {
    const item = workbench.treeItem('OpenAI Prod EU');
    assert.ok((await workbench.contextMenuEntries(item)).includes('Disable Connection'));
    await workbench.contextMenu(item, 'Disable Connection');
    await assertText(item.locator('.label-description'), /\(disabled\)$/);
    const entries = await workbench.contextMenuEntries(item);
    assert.ok(entries.includes('Enable Connection') && !entries.includes('Disable Connection'), entries.join(', '));
    await workbench.contextMenu(item, 'Enable Connection');
    await assertText(item.locator('.label-description'), /^openai-prod · OpenAI$/);
  });

  scenario('8 delete from the context menu offers Disable Instead, then deletes', async () => {
    await workbench.contextMenu(workbench.treeItem('OpenAI Prod EU (copy)'), 'Delete Connection');
    await assertText(workbench.dialog(), /Delete 'OpenAI Prod EU \(copy\)'\? Anything that uses alias 'openai-prod-copy' will stop working\. Disable it instead to keep its settings\./);
    await workbench.dialog().locator('.monaco-button', { hasText: 'Disable Instead' }).waitFor();
    await workbench.dialogButton('Delete');
    await workbench.treeItem('OpenAI Prod EU (copy)').waitFor({ state: 'detached' });
    assert.deepEqual(await workbench.groupChildren('Global'), ['OpenAI Prod EU']);
  });

  scenario('9 the form tests with the stored key only on the saved host, and the context menu tests a good connection', async () => {
    // A double click opens the form. Pointed at another host, the stored key is not sent there.
    await workbench.treeItem('OpenAI Prod EU').dblclick();
    let form = workbench.form('Edit: OpenAI Prod EU');
    await form.waitReady();
    await form.fill({ baseUrl: openaiServer.baseUrl });
    const before = openaiServer.requests.length;
    await form.button('Test').click();
    await assertText(form.errorFor('apiKey'), /The URL now points at another host than the saved one/);
    assert.equal(openaiServer.requests.length, before, 'nothing was sent to the new host');
    // Nor is it kept for the new host on Save: the key is asked for again.
    await form.save();
    await assertText(form.errorFor('apiKey'), /The URL now points at another host than the saved one/);
    await form.fill({ apiKey: SECRETS.openai });
    await form.save();
    await form.waitClosed();
    // Saved there with its key, the form's Test uses the stored key (filled in by the extension host).
    await workbench.treeItem('OpenAI Prod EU').dblclick();
    form = workbench.form('Edit: OpenAI Prod EU');
    await form.waitReady();
    await form.button('Test').click();
    await assertText(form.frame.locator('.test-result'), /^✓ Works: 2 models, \d+ ms\.$/);
    assert.equal(openaiServer.requests.at(-1)?.headers.authorization, `Bearer ${SECRETS.openai}`, 'the host filled in the stored key');
    await form.button('Cancel').click();
    await form.waitClosed();
    await workbench.contextMenu(workbench.treeItem('OpenAI Prod EU'), 'Test Connection');
    await workbench.expectNotification(/'OpenAI Prod EU' works: 2 models, \d+ ms\./);
    await assertText(workbench.treeItem('OpenAI Prod EU').locator('.label-description'), /^openai-prod · OpenAI · ✓ \d+ ms$/);
  });

  scenario('10 the status bar tests all: one good, one bad with its reason', async () => {
    // Enter on the focused item opens its form.
    await workbench.treeItem('Azure Dev').click();
    await workbench.page.keyboard.press('Enter');
    const form = workbench.form('Edit: Azure Dev');
    await form.waitReady();
    // A new host: the stored key stays with the old one, so it is typed again.
    await form.fill({ endpoint: azureServer.origin, apiKey: SECRETS.azure });
    await form.save();
    await form.waitClosed();
    const status = workbench.statusBarItem();
    await assertText(status, /1 ok/);
    await status.click();
    await assertText(workbench.statusBarItem(), /1 failed/);
    await workbench.expectNotification(/1 of 2 connections failed their test/);
    await assertText(workbench.treeItem('Azure Dev').locator('.label-description'), /^azure-dev · Azure OpenAI · ✗ auth$/);
    const tooltip = await workbench.statusBarTooltip();
    assert.match(tooltip, /Azure Dev\s+✗\s+auth/);
    assert.match(tooltip, /OpenAI Prod EU\s+✓\s+\d+ ms\s+2 models/);
    await workbench.contextMenu(workbench.treeItem('Azure Dev'), 'Test Connection');
    await workbench.expectNotification(/'Azure Dev' failed its test: The API key was rejected \(401\)\. Check the key or create a new one\./);
  });

  scenario('11 Show Models lists the models and copies the picked id', async () => {
    await workbench.contextMenu(workbench.treeItem('OpenAI Prod EU'), 'Show Models');
    await workbench.pick('text-embedding-3-small');
    await workbench.page.locator('.statusbar-item', { hasText: "Copied model id 'text-embedding-3-small'" }).waitFor();
    const copied = await workbench.page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    assert.equal(copied, 'text-embedding-3-small');
  });

  scenario('12 a custom connection keeps configs in settings and secrets in secret storage', async () => {
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Custom');
    await form.fill({ name: 'Search Service', 'configs[0].key': 'endpoint', 'configs[0].value': 'https://search.example.test' });
    await form.fill({ 'secrets[0].key': 'api-key', 'secrets[0].value': SECRETS.custom });
    await form.button('Add Config').click();
    await form.fill({ 'configs[1].key': 'region', 'configs[1].value': 'westeurope' });
    await form.save();
    await form.waitClosed();
    const item = workbench.treeItem('Search Service');
    await item.waitFor();
    assert.match(await item.locator('.label-description').innerText(), /^search-service · Custom$/);
    const tooltip = await workbench.tooltip(item);
    assert.match(tooltip, /Configs: endpoint\s+https:\/\/search\.example\.test/);
    assert.match(tooltip, /Configs: region\s+westeurope/);
    assert.match(tooltip, /Secrets: api-key\s+\*\*\*/);
  });

  scenario('13 what a server says shows as plain text, and a redirect to another origin is not followed', async () => {
    // A custom connection tested against a server that answers 401 with a command link in its words.
    hostile = await startServer((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: `${elsewhere.origin}/steal` });
        res.end();
        return;
      }
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Bad key. [Open settings](command:workbench.action.openSettings) $(alert) done' } }));
    });
    elsewhere = await startServer(modelList);
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Custom');
    await form.fill({ name: 'Hostile Server', 'configs[0].key': 'test_url', 'configs[0].value': `${hostile.origin}/check` });
    await form.fill({ 'secrets[0].key': 'api_key', 'secrets[0].value': SECRETS.hostile });
    await form.save();
    await form.waitClosed();
    const item = workbench.treeItem('Hostile Server');
    await workbench.contextMenu(item, 'Test Connection');
    const shown = await workbench.notificationContent(/'Hostile Server' failed its test: The API key was rejected \(401\)/);
    assert.match(shown.text, /\[Open settings\] \(command:workbench\.action\.openSettings\) \$ \(alert\) done/);
    assert.equal(shown.links, 0, 'no link in the notification');
    // The same connection pointed at a URL that redirects elsewhere: the key stays home.
    await workbench.contextMenu(item, 'Edit Connection');
    const edit = workbench.form('Edit: Hostile Server');
    await edit.waitReady();
    await edit.fill({ 'configs[0].value': `${hostile.origin}/moved`, 'secrets[0].value': SECRETS.hostile });
    await edit.save();
    await edit.waitClosed();
    await workbench.contextMenu(item, 'Test Connection');
    await workbench.expectNotification(new RegExp(`'Hostile Server' failed its test: The server redirected to ${elsewhere.origin.replace(/\./g, '\\.')}/steal; the key was not sent there`));
    assert.equal(elsewhere.requests.length, 0, 'nothing reached the other origin');
  });

  scenario('14 test results survive a reload of the window', async () => {
    await workbench.page.reload();
    await workbench.page.locator('.monaco-workbench .activitybar').waitFor();
    await workbench.openContainer();
    await assertText(workbench.treeItem('Azure Dev').locator('.label-description'), /^azure-dev · Azure OpenAI · ✗ auth$/);
    await assertText(workbench.treeItem('OpenAI Prod EU').locator('.label-description'), /^openai-prod · OpenAI · ✓ \d+ ms$/);
    await assertText(workbench.treeItem('Hostile Server').locator('.label-description'), /^hostile-server · Custom · ✗ config$/);
    await assertText(workbench.statusBarItem(), /2 failed/);
    await workbench.treeItem('Search Service').waitFor();
  });

  scenario('16 a promptflow file with <user-input> imports from the explorer, asking for the key', async () => {
    writeFileSync(
      join(host.workspaceDir, 'pf_openai.yaml'),
      ['$schema: https://azuremlschemas.azureedge.net/promptflow/latest/OpenAIConnection.schema.json', 'name: pf_openai', 'type: open_ai', 'api_key: "<user-input>"', `base_url: ${openaiServer.baseUrl}`, ''].join('\n'),
    );
    await workbench.runCommand('View: Show Explorer');
    const file = workbench.sidebar.locator('.monaco-list-row', { has: workbench.page.locator('.label-name', { hasText: /^pf_openai\.yaml$/ }) });
    await file.waitFor();
    await workbench.contextMenu(file, 'Import from YAML…');
    await assertText(workbench.dialog(), /Import 'pf_openai' from pf_openai\.yaml\?/);
    await assertText(workbench.dialog(), /api_key: asked for now \(<user-input>\)/);
    await workbench.dialogButton('Import');
    const input = workbench.page.locator('.quick-input-widget input');
    await input.waitFor();
    assert.equal(await input.getAttribute('type'), 'password');
    await input.fill(SECRETS.openai);
    await input.press('Enter');
    await workbench.openContainer();
    await workbench.treeItem('pf_openai').waitFor();
    await workbench.contextMenu(workbench.treeItem('pf_openai'), 'Test Connection');
    await workbench.expectNotification(/'pf_openai' works: 2 models, \d+ ms\./);
    assert.equal(openaiServer.requests.at(-1)?.headers.authorization, `Bearer ${SECRETS.openai}`, 'the key typed at the prompt is the one stored');
  });

  scenario('17 Export to YAML writes promptflow YAML with an ${env:} reference and opens it', async () => {
    const target = join(host.workspaceDir, 'pf_openai.connection.yaml');
    await workbench.contextMenu(workbench.treeItem('pf_openai'), 'Export to YAML…');
    await workbench.pick('references');
    // The save dialog (VS Code's own, in the browser) starts at the workspace with the suggested name.
    const input = workbench.page.locator('.quick-input-widget input');
    await input.waitFor();
    // The dialog fills in its own suggestion after it shows: typing before that mixes the two.
    await workbench.page.waitForFunction("document.querySelector('.quick-input-widget input')?.value.endsWith('pf_openai.connection.yaml')");
    await input.fill(target);
    await input.press('Enter');
    await workbench.page.locator('.tabs-container .tab', { hasText: 'pf_openai.connection.yaml' }).waitFor();
    const text = readFileSync(target, 'utf8');
    assert.ok(!text.includes(SECRETS.openai), 'no key in the file');
    assert.equal(text, ['$schema: https://azuremlschemas.azureedge.net/promptflow/latest/OpenAIConnection.schema.json', 'name: pf_openai', 'type: open_ai', 'api_key: ${env:PF_OPENAI_API_KEY}', `base_url: ${openaiServer.baseUrl}`, ''].join('\n'));
  });

  scenario('15 no secret typed during the run is on disk in plain text', async () => {
    // Let the browser and code-server flush what they keep (state, logs) before looking.
    await workbench.close();
    const found = leakScan([host.userDataDir, host.workspaceDir, host.extensionsDir, workbench.profileDir], Object.values(SECRETS));
    assert.deepEqual(found, []);
  });
});

async function assertText(locator: import('playwright-core').Locator, pattern: RegExp): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor();
}
