/**
 * End-to-end: a chat model's settings where the models are chosen. Through the gear beside a
 * model in Choose Chat Models…, through the form's Chat section (Adjust…), and straight in
 * settings.json, tool calling, image input and the token limits change, without a reload: other
 * extensions see the change through `vscode.lm.selectChatModels` (the LM Consumer test
 * extension), and the Chat view's Agent mode picker offers the models that call tools now.
 * Scenarios run in order and build on each other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Locator } from 'playwright-core';
import { startCompatibleServer, type CompatibleServer } from '../support/compatibleServers';
import { chatViewOf } from './chatView';
import { prepareHost, startHost, type RunningHost } from './host';
import { LmConsumer, packageLmConsumer, type ConsumerModel, type ListRecord } from './lmConsumer';
import { assertText, escapeRegExp, scenarios, Workbench } from './workbench';

const rootDir = join(__dirname, '..', '..');
const VSIX = join(rootDir, `ai-connections-${JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version}.vsix`);
const KEY = 'sk-test-5e77ab12';
const NAME = 'Router';
const ALIAS = 'router';
/** The OpenRouter-style list: a model that calls tools and reads images, and one that does neither. */
const CODER = 'acme/coder-large';
const STORY = 'acme/story-small';

let host: RunningHost;
let workbench: Workbench;
let consumer: LmConsumer;
let server: CompatibleServer;
const shots: string[] = [];

const scenario = scenarios('modelSettings', () => ({ workbench, host }));

describe("A chat model's settings where the models are chosen", () => {
  before(async () => {
    prepareHost();
    server = await startCompatibleServer('openrouter');
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-model-settings-e2e-'));
    // With anonymous access the Chat view and its model picker work offline (test hosts only).
    host = await startHost(VSIX, { root, alsoInstall: [packageLmConsumer(root)], settings: { 'chat.allowAnonymousAccess': true } });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
    consumer = new LmConsumer(workbench, host.workspaceDir);
  });

  after(async () => {
    process.stderr.write(`[e2e modelSettings] screenshots: ${shots.join(', ')}\n`);
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await server?.close();
  });

  scenario('a a tested and saved OpenAI-compatible connection offers both models, the coder with tools', async () => {
    await workbench.openContainer();
    assert.equal((await consumer.listModels()).error, null);
    await workbench.viewAction('New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('OpenAI-compatible');
    await form.fill({ name: NAME, alias: ALIAS, baseUrl: server.baseUrl, apiKey: KEY });
    await form.button('Test').click();
    await assertText(form.frame.locator('.test-result'), /^✓ Works: 2 models, \d+ ms\.$/);
    await form.save();
    await form.waitClosed();
    // The offer of Open in Chat would cover the pickers and the Chat view's input.
    await workbench.notification(/^Saved 'Router'\. Its models are offered in VS Code's Chat\.$/).waitFor();
    await workbench.runCommand('Notifications: Clear All Notifications');
    const listed = await consumer.listUntil((r) => modelNamed(r, CODER) !== undefined && modelNamed(r, STORY) !== undefined, 'both models offered');
    assert.equal(toolCalling(modelNamed(listed, CODER)!), true, 'the server says the coder calls tools');
    assert.equal(toolCalling(modelNamed(listed, STORY)!), false);
  });

  scenario('b Choose Chat Models…: the gear beside the coder turns its tool calling off, and vscode.lm sees it without a reload', async () => {
    const page = workbench.page;
    await workbench.runCommand('View: Focus Active Editor Group');
    await workbench.runCommand('AI Connections: Choose Chat Models…');
    await workbench.pick(NAME);
    const widget = page.locator('.quick-input-widget').filter({ visible: true });
    await widget.locator('.quick-input-title', { hasText: `Chat models of ${NAME}` }).waitFor();
    const coder = modelRow(widget, CODER);
    await coder.waitFor();
    await assertText(coder.locator('.label-description'), /^229,376 in \/ 32,768 out · tools · images$/);
    await coder.hover();
    const gear = coder.locator('.action-label[aria-label="Model Settings…"]');
    await gear.waitFor();
    shots.push(await workbench.screenshot('model-settings-choose-chat-models'));
    await gear.click();

    await widget.locator('.quick-input-title', { hasText: `Settings of ${CODER} (${NAME})` }).waitFor();
    const tools = modelRow(widget, 'Tool calling');
    await assertText(tools.locator('.label-description'), /^On · from the server$/);
    await assertText(modelRow(widget, 'Input tokens').locator('.label-description'), /^229,376 · from the server$/);
    shots.push(await workbench.screenshot('model-settings-picker'));
    await tools.locator('.label-name').first().click();
    // The picker shows the new value, the changed setting focused, and Reset now.
    await assertText(modelRow(widget, 'Tool calling').locator('.label-description'), /^Off · your setting$/);
    await modelRow(widget, "Reset to the Server's Values").waitFor();
    shots.push(await workbench.screenshot('model-settings-picker-changed'));

    // Escape goes back to the models, the coder still checked and now described without tools.
    await page.keyboard.press('Escape');
    await widget.locator('.quick-input-title', { hasText: `Chat models of ${NAME}` }).waitFor();
    await assertText(modelRow(widget, CODER).locator('.label-description'), /^229,376 in \/ 32,768 out · images · changed in your settings$/);
    assert.equal(await modelRow(widget, CODER).getAttribute('aria-checked'), 'true');
    // Dismissed, the list changes nothing of the chosen models: what vscode.lm sees next comes of the setting alone.
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });

    const listed = await consumer.listUntil((r) => toolCalling(modelNamed(r, CODER)) === false, 'the coder without tools');
    assert.equal(toolCalling(modelNamed(listed, STORY)!), false);
    assert.deepEqual(userSettings()['aiConnections.chat.modelOverrides'], { [`${ALIAS}/${CODER}`]: { toolCalling: false } });
  });

  scenario("c the form's Chat section: Adjust… of the story model turns tools on and sets its input tokens, refusing a number that is none", async () => {
    await workbench.contextMenu(workbench.treeItem(NAME), 'Edit Connection');
    const form = workbench.form(`Edit: ${NAME}`);
    await form.waitReady();
    const chat = form.frame.locator('fieldset.chat');
    await chat.scrollIntoViewIfNeeded();
    const coder = chat.locator('.chat-model', { has: form.frame.locator(`[name="chatModel:${CODER}"]`) });
    const story = chat.locator('.chat-model', { has: form.frame.locator(`[name="chatModel:${STORY}"]`) });
    await assertText(coder.locator('.chat-model-description'), /^229,376 in \/ 32,768 out · images · changed in your settings$/);
    await assertText(story.locator('.chat-model-description'), /^4,096 in \/ 4,096 out$/);
    await story.locator(`summary[aria-label="Adjust ${STORY}"]`).click();
    const settings = story.locator('.chat-model-settings');
    await settings.waitFor();
    await assertText(settings.locator('.model-toggle').first().locator('.model-source'), /^from the server$/);
    await settings.locator('vscode-checkbox').first().click();
    await assertText(settings.locator('.model-toggle').first().locator('.model-source'), /^your setting$/);
    const input = story.locator('.model-limit').first().locator('input');
    await input.fill('6k');
    await form.save();
    await assertText(story.locator('.model-limit .error').first(), /^'6k' is not a whole number\. Enter a number of tokens, such as 128000\.$/);
    await chat.scrollIntoViewIfNeeded();
    shots.push(await workbench.screenshot('model-settings-form-refused'));
    await input.fill('6,000');
    await assertText(story.locator('.chat-model-description'), /^6,000 in \/ 4,096 out · tools · changed in your settings$/);
    await settings.scrollIntoViewIfNeeded();
    shots.push(await workbench.screenshot('model-settings-form-adjust'));
    await form.save();
    await form.waitClosed();

    const listed = await consumer.listUntil((r) => toolCalling(modelNamed(r, STORY)) === true && modelNamed(r, STORY)?.maxInputTokens === 6000, 'the story model with tools and 6,000 input tokens');
    assert.equal(toolCalling(modelNamed(listed, CODER)!), false, 'the coder as set before');
    assert.deepEqual(userSettings()['aiConnections.chat.modelOverrides'], { [`${ALIAS}/${CODER}`]: { toolCalling: false }, [`${ALIAS}/${STORY}`]: { toolCalling: true, maxInputTokens: 6000 } });
  });

  scenario("d a change made in settings.json applies too, in the Chat view's Agent mode picker: the coder calls tools again", async () => {
    const page = workbench.page;
    await workbench.runCommand('Chat: Open Chat (Agent)');
    const view = chatViewOf(workbench);
    await view.input.waitFor();
    await page.locator('#workbench\\.parts\\.auxiliarybar').getByText('Agent', { exact: true }).first().waitFor();
    // Agent mode offers the models that call tools: the story model (tools on in the form), not the coder.
    const before = await view.openModelPicker([`${STORY} | ${NAME} · Global`]);
    assert.ok(!before.some((entry) => entry.startsWith(`${CODER} |`)), `the coder without tools is not offered in Agent mode: ${before.join('; ')}`);
    await page.keyboard.press('Escape');

    // As a user does: settings.json in the editor, its text replaced (pasted, so the editor adds no brackets of its own) and saved.
    const written = userSettings();
    written['aiConnections.chat.modelOverrides'] = { [`${ALIAS}/${STORY}`]: { toolCalling: true, maxInputTokens: 6000 } };
    await workbench.runCommand('Preferences: Open User Settings (JSON)');
    const editor = page.locator('.monaco-editor[data-uri$="settings.json"]').filter({ visible: true }).first();
    await editor.waitFor();
    await editor.locator('.view-lines').click();
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(JSON.stringify(written, null, 2))})`);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await editor.locator('.view-lines', { hasText: `"${ALIAS}/${STORY}"` }).waitFor();
    await page.keyboard.press('Control+S');
    await waitUntil(() => JSON.stringify(userSettings()) === JSON.stringify(written), 'settings.json saved');
    await page.keyboard.press('Control+W');
    await editor.waitFor({ state: 'hidden' });

    // Nothing asked vscode.lm for the models since: the picker has the change because the extension told VS Code of it.
    const after = await view.reopenModelPickerUntil([`${CODER} | ${NAME} · Global`, `${STORY} | ${NAME} · Global`]);
    process.stderr.write(`[e2e modelSettings] Agent mode offers, after the change in settings.json: ${after.join('; ')}\n`);
    shots.push(await workbench.screenshot('model-settings-agent-picker'));
    await page.keyboard.press('Escape');
    await consumer.listUntil((r) => toolCalling(modelNamed(r, CODER)) === true, 'the coder with tools again, to other extensions');
  });
});

/** A row of the open picker by its label. */
function modelRow(widget: Locator, label: string) {
  return widget
    .locator('.quick-input-list .monaco-list-row')
    .filter({ visible: true })
    .filter({ has: workbench.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

function modelNamed(record: ListRecord, name: string): ConsumerModel | undefined {
  return record.models.find((m) => m.name === name);
}

function toolCalling(model: ConsumerModel | undefined): boolean | undefined {
  return (model?.capabilities as { supportsToolCalling?: boolean } | null | undefined)?.supportsToolCalling;
}

/** Polls a condition of the file system (settings.json, written by VS Code), failing with `what` after 10 s. */
async function waitUntil(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  const holds = () => {
    try {
      return done();
    } catch {
      return false;
    }
  };
  while (!holds()) {
    if (Date.now() > deadline) assert.fail(`${what}: not within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function settingsFile(): string {
  return join(host.userDataDir, 'User', 'settings.json');
}

function userSettings(): Record<string, unknown> {
  return JSON.parse(readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
}
