/**
 * End-to-end: moving a connection between Global and the workspace in a real VS Code
 * (code-server). A local server speaking OpenAI's model list records the key each test sends.
 * Scenarios run in order and build on each other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { escapeRegExp, scenarios, Workbench } from './workbench';

const rootDir = join(__dirname, '..', '..');
const VSIX = join(rootDir, `ai-connections-${JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version}.vsix`);
const KEY = 'sk-test-e2e-move-6c1d8e3f2a95';
const NAME = 'OpenAI Moving';
const ALIAS = 'openai-moving';

let host: RunningHost;
let workbench: Workbench;
let server: FakeProvider;

const scenario = scenarios('move', () => ({ workbench, host }));

describe('Moving a connection between Global and the workspace in VS Code', () => {
  before(async () => {
    prepareHost();
    server = await startFakeProvider('openai', { key: KEY });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-move-e2e-'));
    host = await startHost(VSIX, { root });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await server?.close();
  });

  scenario('1 a global connection with a key, tested, with no chat model chosen', async () => {
    await workbench.openContainer();
    await workbench.viewAction('New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: NAME, alias: ALIAS, apiKey: KEY, baseUrl: server.baseUrl });
    await form.save();
    await form.waitClosed();
    await workbench.treeItem(NAME).waitFor();
    assert.deepEqual(await workbench.groupChildren('Global'), [NAME]);
    await testAndExpectKey();
    await setChatModel('gpt-4o', false);
  });

  scenario('2 Move to Workspace from the context menu: same alias, test result, key and chat choice', async () => {
    await workbench.treeItem(NAME).click({ button: 'right' });
    const menu = workbench.page.locator('.context-view .monaco-menu');
    await menu.locator('.action-label', { hasText: /^Move to Workspace$/ }).waitFor();
    await workbench.screenshot('move-context-menu');
    await workbench.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    const entries = await workbench.contextMenuEntries(workbench.treeItem(NAME));
    assert.ok(entries.includes('Move to Workspace'), entries.join(', '));
    assert.ok(!entries.includes('Move to Global'), 'a global connection is not offered Move to Global');
    await workbench.contextMenu(workbench.treeItem(NAME), 'Move to Workspace');
    await workbench.page.locator('.statusbar-item', { hasText: `Moved '${NAME}' to Workspace` }).waitFor();
    await waitForGroup('Workspace', [NAME]);
    assert.deepEqual(await workbench.groupChildren('Global'), []);
    const description = await workbench.treeItem(NAME).locator('.label-description').innerText();
    assert.match(description, new RegExp(`^${escapeRegExp(ALIAS)} · OpenAI · ✓ \\d+ ms$`), 'same alias, and its last test result came along');
    await workbench.screenshot('move-to-workspace');
    await testAndExpectKey();
    assert.equal(await chatModelChecked('gpt-4o'), false, 'the chat choice came along');
  });

  scenario("3 the form's scope help names the move commands", async () => {
    await workbench.contextMenu(workbench.treeItem(NAME), 'Edit Connection');
    const form = workbench.form(`Edit: ${NAME}`);
    await form.waitReady();
    const help = await form.frame.locator('body').innerText();
    assert.match(help, /right-click the connection and choose Move to Workspace or Move to Global/);
    assert.doesNotMatch(help, /Duplicate the connection/);
    await workbench.screenshot('move-form-scope-help');
    await form.button('Cancel').click();
    await form.waitClosed();
  });

  scenario('4 Move to Global from the command palette, and back to the workspace', async () => {
    const entries = await workbench.contextMenuEntries(workbench.treeItem(NAME));
    assert.ok(entries.includes('Move to Global') && !entries.includes('Move to Workspace'), entries.join(', '));
    await workbench.runCommand('AI Connections: Move to Global');
    await workbench.pick(NAME);
    await waitForGroup('Global', [NAME]);
    assert.deepEqual(await workbench.groupChildren('Workspace'), []);
    await workbench.screenshot('move-to-global');
    await testAndExpectKey();
    assert.equal(await chatModelChecked('gpt-4o'), false);
    await workbench.runCommand('AI Connections: Move to Workspace');
    await workbench.pick(NAME);
    await waitForGroup('Workspace', [NAME]);
    await testAndExpectKey();
  });

  scenario('5 the key is on disk nowhere but in secret storage', async () => {
    const found = leakScan([host.userDataDir, host.workspaceDir, host.extensionsDir, workbench.profileDir], [KEY]);
    assert.deepEqual(found, []);
  });
});

/** Tests the connection from its context menu: it passes, and the server got the key typed in scenario 1. */
async function testAndExpectKey(): Promise<void> {
  const sent = server.requests.length;
  await workbench.contextMenu(workbench.treeItem(NAME), 'Test Connection');
  await workbench.expectNotification(new RegExp(`'${escapeRegExp(NAME)}' works: 2 models, \\d+ ms\\.`));
  const requests = server.requests.slice(sent);
  assert.ok(requests.length > 0, 'the test reached the server');
  for (const request of requests) assert.equal(request.headers.authorization, `Bearer ${KEY}`);
}

/** Waits until the view shows exactly `labels` under `group` (the tree redraws when the store changes). */
async function waitForGroup(group: 'Workspace' | 'Global', labels: string[]): Promise<void> {
  // Plain script text: the page runs it as written.
  const script = `(() => {
    const rows = [...(document.getElementById('workbench.parts.sidebar')?.querySelectorAll('.monaco-list-row') ?? [])].map((row) => ({
      level: Number(row.getAttribute('aria-level')),
      label: row.querySelector('.label-name')?.textContent ?? '',
    }));
    const start = rows.findIndex((r) => r.level === 1 && r.label === ${JSON.stringify(group)});
    if (start === -1) return false;
    const children = [];
    for (const r of rows.slice(start + 1)) {
      if (r.level === 1) break;
      children.push(r.label);
    }
    return JSON.stringify(children) === ${JSON.stringify(JSON.stringify(labels))};
  })()`;
  await workbench.page.waitForFunction(script, undefined, { timeout: 10_000 }).catch(async () => {
    assert.fail(`${group} shows ${(await workbench.groupChildren(group)).join(', ') || 'nothing'}, not ${labels.join(', ')}`);
  });
}

/** Opens Choose Chat Models… for the connection from the palette (its live list: chat models only). */
async function openChatModels() {
  const page = workbench.page;
  await workbench.runCommand('View: Focus Active Editor Group');
  await workbench.runCommand('AI Connections: Choose Chat Models…');
  await workbench.pick(NAME);
  const widget = page.locator('.quick-input-widget').filter({ visible: true });
  await widget.locator('.quick-input-title', { hasText: `Chat models of ${NAME}` }).waitFor();
  const row = (model: string) =>
    widget
      .locator('.quick-input-list .monaco-list-row')
      .filter({ visible: true })
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(model)}$`) }) });
  return { widget, row };
}

async function chatModelChecked(model: string): Promise<boolean> {
  const { widget, row } = await openChatModels();
  await row(model).waitFor();
  const checked = (await row(model).getAttribute('aria-checked')) === 'true';
  await workbench.page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden' });
  return checked;
}

async function setChatModel(model: string, checked: boolean): Promise<void> {
  const { widget, row } = await openChatModels();
  await row(model).waitFor();
  if (((await row(model).getAttribute('aria-checked')) === 'true') !== checked) await row(model).locator('.label-name').first().click();
  await row(model)
    .and(workbench.page.locator(`[aria-checked="${checked}"]`))
    .waitFor();
  await widget.locator('.monaco-button', { hasText: /^OK$/ }).click();
  await widget.waitFor({ state: 'hidden' });
}
