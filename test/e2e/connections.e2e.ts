/**
 * End-to-end: the packaged .vsix in a real VS Code (code-server), driven through Chromium like a
 * user would. Scenarios run in order and build on each other (create, then edit, ...).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { Workbench } from './workbench';

const VSIX = join(__dirname, '..', '..', `ai-connections-${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}.vsix`);
/** Every secret typed during the run; none may be found on disk afterwards. */
const SECRETS = {
  openai: 'sk-test-e2e-openai-5f2b9c1d7a3e4f60',
  azure: 'azure-e2e-key-8c41d2e7b95a3f06',
  rejected: 'sk-test-e2e-never-saved-93be1a77',
};

let host: RunningHost;
let workbench: Workbench;
let root: string;

/** Runs a scenario step; on failure keeps a screenshot and the extension's log named after it. */
function scenario(name: string, body: () => Promise<void>): void {
  it(name, async () => {
    try {
      await body();
    } catch (error) {
      await workbench?.saveArtifacts(name, host.userDataDir);
      throw error;
    }
  });
}

describe('AI Connections in VS Code', () => {
  before(async () => {
    prepareHost();
    root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-'));
    host = await startHost(VSIX, { root });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
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

  scenario('5 edit from the context menu without retyping the key', async () => {
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

  scenario('6 disable and enable from the context menu', async () => {
    const item = workbench.treeItem('OpenAI Prod EU');
    assert.ok((await workbench.contextMenuEntries(item)).includes('Disable Connection'));
    await workbench.contextMenu(item, 'Disable Connection');
    await assertText(item.locator('.label-description'), /\(disabled\)$/);
    const entries = await workbench.contextMenuEntries(item);
    assert.ok(entries.includes('Enable Connection') && !entries.includes('Disable Connection'), entries.join(', '));
    await workbench.contextMenu(item, 'Enable Connection');
    await assertText(item.locator('.label-description'), /^openai-prod · OpenAI$/);
  });

  scenario('7 delete from the context menu offers Disable Instead, then deletes', async () => {
    await workbench.contextMenu(workbench.treeItem('OpenAI Prod EU (copy)'), 'Delete Connection');
    await assertText(workbench.dialog(), /Delete 'OpenAI Prod EU \(copy\)'\? Anything that uses alias 'openai-prod-copy' will stop working\. Disable it instead to keep its settings\./);
    await workbench.dialog().locator('.monaco-button', { hasText: 'Disable Instead' }).waitFor();
    await workbench.dialogButton('Delete');
    await workbench.treeItem('OpenAI Prod EU (copy)').waitFor({ state: 'detached' });
    assert.deepEqual(await workbench.groupChildren('Global'), ['OpenAI Prod EU']);
  });

  scenario('8 no secret typed during the run is on disk in plain text', async () => {
    // Let the browser and code-server flush what they keep (state, logs) before looking.
    await workbench.close();
    const found = leakScan([host.userDataDir, host.workspaceDir, host.extensionsDir, workbench.profileDir], Object.values(SECRETS));
    assert.deepEqual(found, []);
  });
});

async function assertText(locator: import('playwright-core').Locator, pattern: RegExp): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor();
}
