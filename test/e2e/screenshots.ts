/**
 * `npm run screenshots`: takes the pictures a reviewer looks at (empty view, both groups, the
 * form in dark and light themes, a validation error, the delete dialog) into artifacts/screens/.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    await form.errorFor('alias').filter({ hasText: /already used/ }).waitFor();
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
    await form.button('Cancel').click();
    await form.waitClosed();

    await workbench.runCommand('Preferences: Color Theme');
    await workbench.pick('Light Modern');
    await workbench.page.locator('.monaco-workbench.vs').waitFor();
    await workbench.viewAction('New Connection');
    form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Azure OpenAI');
    await shot('08-create-form-light');

    await workbench.runCommand('Preferences: Color Theme');
    await workbench.pick('Dark High Contrast');
    await workbench.page.locator('.monaco-workbench.hc-black').waitFor();
    await shot('09-create-form-high-contrast');
    console.log(`Screenshots in ${dir}`);
  } catch (error) {
    await shot('failure');
    throw error;
  } finally {
    await workbench.close();
    await host.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
