/**
 * End-to-end: VS Code's own ways into AI Connections, in a real VS Code (code-server). The
 * Language Models editor (Chat: Manage Language Models) offers Add Models → AI Connections and,
 * once the connections have models, a gear on the AI Connections group; a new connection's save
 * offers Open in Chat, which opens the Chat view with its model chosen. Scenarios run in order
 * and build on each other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { prepareHost, startHost, type RunningHost } from './host';
import { escapeRegExp, scenarios, Workbench } from './workbench';

const rootDir = join(__dirname, '..', '..');
const VSIX = join(rootDir, `ai-connections-${JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version}.vsix`);
const KEYS = { openai: 'sk-test-e2e-lm-editor-4b1e8d2a', anthropic: 'sk-ant-test-lm-9c3f7a05' };

let host: RunningHost;
let workbench: Workbench;
let openai: FakeProvider;
let anthropic: FakeProvider;

const scenario = scenarios('languageModels', () => ({ workbench, host }));

describe("VS Code's Language Models editor and Chat open AI Connections", () => {
  before(async () => {
    prepareHost();
    openai = await startFakeProvider('openai', { key: KEYS.openai });
    anthropic = await startFakeProvider('anthropic', { key: KEYS.anthropic });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-lm-e2e-'));
    // With anonymous access the Chat view and its model picker work offline (test hosts only).
    host = await startHost(VSIX, { root, settings: { 'chat.allowAnonymousAccess': true } });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await openai?.close();
    await anthropic?.close();
  });

  scenario('a Add Models → AI Connections with no connection opens the New Connection form', async () => {
    await workbench.openContainer();
    await workbench.treeItem('Global').or(workbench.sidebar.locator('.welcome-view-content')).first().waitFor();
    const editor = await openLanguageModels();
    await workbench.screenshot('language-models-editor');
    await editor.addModels('AI Connections', 'language-models-add-models');
    const form = workbench.form('New Connection');
    await form.tab().waitFor();
    await form.waitReady();
    await workbench.screenshot('language-models-new-connection-form');
  });

  scenario('b after Save, a notification offers Open in Chat, which opens the Chat view with the model chosen', async () => {
    const form = workbench.form('New Connection');
    await form.fill({ name: 'OpenAI Chat', alias: 'openai-chat', apiKey: KEYS.openai, baseUrl: openai.baseUrl });
    await form.save();
    await form.waitClosed();
    const listings = openai.requests.length;
    await notificationAction(/^Saved 'OpenAI Chat'\. Its models are offered in VS Code's Chat\.$/, 'Open in Chat');
    // The new connection's models were never listed: Open in Chat lists them, then chooses gpt-4o.
    const chat = chatView();
    await chat.pickerLabel.filter({ hasText: /\bgpt-4o\b/ }).waitFor();
    assert.ok(openai.requests.length > listings, 'the models were listed');
    await workbench.screenshot('open-in-chat');
  });

  scenario("c Manage AI Connections… of the editor's AI Connections models opens Choose Chat Models", async () => {
    const editor = await openLanguageModels();
    await editor.row('gpt-4o').waitFor();
    await workbench.screenshot('language-models-with-connection');
    // The gear of the AI Connections group (shown beside other providers' groups) and the models'
    // context menu run the same Manage AI Connections…; with one provider, the editor shows no group rows.
    await editor.manage('gpt-4o', 'AI Connections');
    const widget = workbench.page.locator('.quick-input-widget').filter({ visible: true });
    await widget.locator('.quick-input-title', { hasText: 'Chat models of OpenAI Chat' }).waitFor();
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'gpt-4o' }).waitFor();
    await workbench.screenshot('language-models-gear');
    await workbench.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
    await editor.close();
  });

  scenario('d with a connection, Add Models offers a new connection or its models; a new one opens in Chat with its model', async () => {
    const editor = await openLanguageModels();
    await editor.addModels('AI Connections');
    const widget = workbench.page.locator('.quick-input-widget').filter({ visible: true });
    await widget.locator('.quick-input-title', { hasText: 'Add Models from AI Connections' }).waitFor();
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    await rows.nth(1).waitFor();
    // A row's first label is the item's; its detail has a label of its own.
    const labels = await rows.evaluateAll((els) => els.map((el) => el.querySelector('.label-name')?.textContent?.trim() ?? ''));
    assert.deepEqual(labels, ['New Connection…', 'Choose the chat models of OpenAI Chat']);
    await workbench.screenshot('language-models-add-models-choice');
    await workbench.pick('New Connection…');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('Anthropic');
    await form.fill({ name: 'Claude', alias: 'claude', apiKey: KEYS.anthropic, baseUrl: anthropic.baseUrl });
    await form.save();
    await form.waitClosed();
    await notificationAction(/^Saved 'Claude'\. Its models are offered in VS Code's Chat\.$/, 'Open in Chat');
    // The Chat view's picker goes from gpt-4o to Claude's model.
    await chatView()
      .pickerLabel.filter({ hasText: /claude-sonnet-4-20250514/ })
      .waitFor();
    await workbench.notification(/^Listing the models of 'Claude'…$/).waitFor({ state: 'hidden' });
    await workbench.screenshot('open-in-chat-second-connection');
  });
});

/** Opens VS Code's Language Models editor from the command palette. */
async function openLanguageModels() {
  const page = workbench.page;
  await workbench.runCommand('Chat: Manage Language Models');
  const editor = page
    .locator('.editor-instance')
    .filter({ has: page.locator('.models-add-model-button') })
    .filter({ visible: true });
  await editor.waitFor();
  const menu = page.locator('.context-view .monaco-menu');
  return {
    /** Add Models, then the entry of a provider in its menu (with a screenshot of the open menu when named). */
    async addModels(entry: string, screenshot?: string): Promise<void> {
      let opened = 0;
      await workbench.menuEntry(async () => {
        await editor.locator('.models-add-model-button').click();
        await menu.locator('.action-label').first().waitFor();
        if (screenshot && opened++ === 0) await workbench.screenshot(screenshot);
      }, entry);
    },
    /** A row of the models table by its text. */
    row(text: string) {
      return editor.locator('.monaco-list-row', { hasText: text }).first();
    },
    /** Manage <group>... from the context menu of a model row. */
    async manage(model: string, group: string): Promise<void> {
      await workbench.contextMenu(this.row(model), `Manage ${group}...`);
    },
    async close(): Promise<void> {
      await page.locator('.modal-editor-part .modal-editor-header .action-label[aria-label*="Close"]').first().click();
      await editor.waitFor({ state: 'hidden' });
    },
  };
}

/** Clicks a button of a notification, found in the notification center (VS Code may show no toast for it). */
async function notificationAction(message: RegExp, button: string): Promise<void> {
  const center = workbench.page.locator('.notifications-center');
  await workbench.runCommand('Notifications: Show Notifications');
  const item = center
    .locator('.notification-list-item')
    .filter({ has: workbench.page.locator('.notification-list-item-message', { hasText: message }) })
    .first();
  await item.waitFor();
  await item.locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(button)}$`) }).click();
}

/** The Chat view in the secondary side bar: the model its picker shows. */
function chatView() {
  const part = workbench.page.locator('#workbench\\.parts\\.auxiliarybar');
  return { pickerLabel: part.locator('.model-picker-split a.model-picker-name').filter({ visible: true }) };
}
