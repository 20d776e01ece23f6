/**
 * `npm run screenshots`: takes the pictures a reviewer looks at (empty view, both groups, the
 * form in dark and light themes, a validation error, the delete dialog) into artifacts/screens/.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeProvider } from '../support/fakeProviders';
import { prepareHost, startHost } from './host';
import { Workbench, artifactsDir } from './workbench';

async function main(): Promise<void> {
  const rootDir = join(__dirname, '..', '..');
  const version = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version;
  prepareHost();
  const root = mkdtempSync(join(tmpdir(), 'ai-connections-shots-'));
  const host = await startHost(join(rootDir, `ai-connections-${version}.vsix`), { root });
  const workbench = await Workbench.open(host.url, join(root, 'profile'));
  const dir = join(artifactsDir, 'screens');
  mkdirSync(dir, { recursive: true });
  const shot = (name: string) => workbench.page.screenshot({ path: join(dir, `${name}.png`) });
  const statusShot = (name: string) => workbench.page.screenshot({ path: join(dir, `${name}.png`), clip: { x: 0, y: 860, width: 700, height: 40 } });
  const openai = await startFakeProvider('openai', { key: 'sk-test-screens-000000' });
  const azure = await startFakeProvider('azure', { key: 'a-different-key' });
  try {
    await workbench.openContainer();
    await workbench.sidebar.locator('.welcome-view-content .monaco-button').waitFor();
    await shot('01-empty-view');

    await workbench.viewAction('New Connection');
    let form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'OpenAI Production', alias: 'openai-prod', apiKey: 'sk-test-screens-000000' });
    await shot('02-create-form-dark');
    await form.save();
    await form.waitClosed();

    await workbench.runCommand('AI Connections: New Connection');
    form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Azure OpenAI');
    await form.fill({ name: 'Azure Dev', alias: 'azure-dev', endpoint: 'https://contoso-dev.openai.azure.com', apiKey: 'azure-test-screens-1111' });
    await form.chooseScope('workspace');
    await form.save();
    await form.waitClosed();

    await workbench.runCommand('AI Connections: New Connection');
    form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'Ollama Local', alias: 'ollama-local' });
    await form.selectProvider('Ollama');
    await form.save();
    await form.waitClosed();
    await workbench.contextMenu(workbench.treeItem('Ollama Local'), 'Disable Connection');
    await workbench.treeItem('OpenAI Production').hover();
    await workbench.tooltip(workbench.treeItem('OpenAI Production'));
    await shot('03-tree-both-groups-tooltip');

    await workbench.runCommand('AI Connections: New Connection');
    form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Azure OpenAI');
    await form.fill({ name: 'Clash', alias: 'openai-prod', endpoint: 'contoso.openai.azure.com' });
    await form.save();
    await form
      .errorFor('alias')
      .filter({ hasText: /already used/ })
      .waitFor();
    await shot('04-validation-error');
    await form.button('Cancel').click();
    await workbench.dialog().waitFor();
    await shot('05-discard-dialog');
    await workbench.dialogButton('Discard');

    await workbench.contextMenu(workbench.treeItem('Azure Dev'), 'Delete Connection');
    await workbench.dialog().waitFor();
    await shot('06-delete-dialog');
    await workbench.dialogButton('Cancel');

    await workbench.contextMenu(workbench.treeItem('OpenAI Production'), 'Edit Connection');
    form = workbench.form('Edit: OpenAI Production');
    await form.waitReady();
    await shot('07-edit-form-dark');
    await statusShot('10-status-idle');
    await form.fill({ baseUrl: openai.baseUrl });
    await form.save();
    await form.waitClosed();
    await workbench.contextMenu(workbench.treeItem('Azure Dev'), 'Edit Connection');
    form = workbench.form('Edit: Azure Dev');
    await form.waitReady();
    await form.fill({ endpoint: azure.origin });
    // The stored key goes only to the saved host: save the new endpoint, then test with the stored key.
    await form.save();
    await form.waitClosed();
    await workbench.contextMenu(workbench.treeItem('Azure Dev'), 'Edit Connection');
    form = workbench.form('Edit: Azure Dev');
    await form.waitReady();
    await form.button('Test').click();
    await form.frame.locator('.test-result.failed').waitFor();
    await shot('11-form-test-failed');
    await form.button('Cancel').click();
    await form.waitClosed();

    azure.delayMs = 4000;
    await workbench.statusBarItem().click();
    await workbench.statusBarItem().filter({ hasText: 'Testing' }).waitFor();
    await shot('12-status-running');
    await statusShot('12-status-running-bar');
    await workbench.statusBarItem().filter({ hasText: 'failed' }).waitFor();
    azure.delayMs = 0;
    await statusShot('13-status-failed');
    await workbench.statusBarTooltip();
    await shot('14-status-tooltip');

    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.contextMenu(workbench.treeItem('Azure Dev'), 'Test Connection');
    await workbench.notification(/failed its test/).waitFor();
    await workbench.notification(/Testing 'Azure Dev'/).waitFor({ state: 'detached' });
    await shot('15-failed-test-message');
    // An error notification stays until closed: clear it so it does not cover later pictures.
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.page.locator('.notification-toast').waitFor({ state: 'detached' });

    await workbench.contextMenu(workbench.treeItem('Azure Dev'), 'Disable Connection');
    await workbench.statusBarItem().filter({ hasText: '1 ok' }).waitFor();
    await statusShot('16-status-ok');
    await shot('16-tree-with-results');

    await workbench.contextMenu(workbench.treeItem('OpenAI Production'), 'Show Models');
    await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'gpt-4o' }).waitFor();
    await shot('17-show-models');
    await workbench.page.keyboard.press('Escape');

    await workbench.runCommand('AI Connections: New Connection');
    form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Custom');
    await form.fill({ name: 'Search Service', 'configs[0].key': 'endpoint', 'configs[0].value': 'https://search.example.test', 'secrets[0].key': 'api-key', 'secrets[0].value': 'x-test' });
    await form.button('Add Config').click();
    await form.frame.locator('[name="secrets[0].value"]').scrollIntoViewIfNeeded();
    await shot('18-custom-form');
    await form.button('Cancel').click();
    await workbench.dialogButton('Discard');
    await form.waitClosed();

    await workbench.runCommand('Preferences: Color Theme');
    await workbench.pick('Light Modern');
    await workbench.page.locator('.monaco-workbench.vs').waitFor();
    await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await workbench.viewAction('New Connection');
    form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Azure OpenAI');
    await shot('08-create-form-light');

    await workbench.runCommand('Preferences: Color Theme');
    await workbench.pick('Dark High Contrast');
    await workbench.page.locator('.monaco-workbench.hc-black').waitFor();
    await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await shot('09-create-form-high-contrast');
    console.log(`Screenshots in ${dir}`);
  } catch (error) {
    await shot('failure');
    throw error;
  } finally {
    await workbench.close();
    await host.stop();
    await openai.close();
    await azure.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
