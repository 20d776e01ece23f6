/**
 * End-to-end: the connections' chat models in a real VS Code (code-server). Another extension,
 * LM Consumer (test/fixtures/lm-consumer), reaches them through `vscode.lm` as any extension
 * would; the built-in Chat view lists them in its model picker and answers with them. Both talk
 * to local test servers speaking OpenAI's model list and streaming chat. Scenarios run in order
 * and build on each other.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { startFakeChat, type FakeChatServer } from '../support/fakeChatServers';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { LmConsumer, packageLmConsumer, type ConsumerModel, type ListRecord, type SendRecord } from './lmConsumer';
import { startOpenAIFront, type OpenAIFront } from './openAIFront';
import { chatViewOf, waitFor } from './chatView';
import { artifactsDir, escapeRegExp, scenarios, Workbench } from './workbench';

const rootDir = join(__dirname, '..', '..');
const VSIX = join(rootDir, `ai-connections-${JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version}.vsix`);
const KEYS = {
  /** The key the chat server accepts. */
  good: 'sk-test-e2e-chat-3a7f91c2d4b8',
  /** A key the model list still accepted when it was tested, but the chat server rejects: revoked since. */
  revoked: 'sk-test-e2e-revoked-8e2b6d05f1c3',
};
const VENDOR = 'ai-connections';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const screensDir = join(artifactsDir, 'screens');

let host: RunningHost;
let workbench: Workbench;
let consumer: LmConsumer;
let chat: FakeChatServer;
let goodModels: FakeProvider;
let revokedModels: FakeProvider;
let front: OpenAIFront;
let revokedFront: OpenAIFront;
/** Connection ids, read with Copy Connection ID. */
const ids = { good: '', revoked: '' };

const scenario = scenarios('chat', () => ({ workbench, host }));
const chatView = () => chatViewOf(workbench);

describe('AI Connections chat models in VS Code', () => {
  before(async () => {
    prepareHost();
    chat = await startFakeChat('openai', { key: KEYS.good });
    goodModels = await startFakeProvider('openai', { key: KEYS.good });
    revokedModels = await startFakeProvider('openai', { key: KEYS.revoked });
    front = await startOpenAIFront(goodModels, chat);
    revokedFront = await startOpenAIFront(revokedModels, chat);
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-chat-e2e-'));
    host = await startHost(VSIX, {
      root,
      alsoInstall: [packageLmConsumer(root)],
      // Offline, the Chat view answers only "You need to set up GitHub Copilot and be signed in to
      // use Chat." and sends nothing; with anonymous access it uses the models of other
      // providers without a GitHub account.
      settings: { 'chat.allowAnonymousAccess': true },
    });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
    consumer = new LmConsumer(workbench, host.workspaceDir);
  });

  after(async () => {
    if (consumer) process.stderr.write(`[e2e chat] consent dialogs VS Code showed LM Consumer: ${consumer.consents.length === 0 ? 'none' : consumer.consents.join(' | ')}\n`);
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    for (const server of [front, revokedFront, chat, goodModels, revokedModels]) await server?.close();
  });

  scenario('a a tested OpenAI connection offers its chat models to other extensions, embeddings left out', async () => {
    await workbench.openContainer();
    await workbench.viewAction('New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'OpenAI Chat', alias: 'openai-chat', apiKey: KEYS.good, baseUrl: front.baseUrl });
    await form.save();
    await form.waitClosed();
    await workbench.treeItem('OpenAI Chat').waitFor();
    ids.good = await copyConnectionId('OpenAI Chat');
    // Before any test the connection has no model list, so no models.
    const untested = await consumer.listModels();
    assert.equal(untested.error, null);
    assert.deepEqual(
      untested.models.filter((m) => m.id.startsWith(`${ids.good}/`)),
      [],
      'no models before the connection was tested',
    );

    await workbench.contextMenu(workbench.treeItem('OpenAI Chat'), 'Test Connection');
    await workbench.expectNotification(/'OpenAI Chat' works: 2 models, \d+ ms\./);
    const listed = await consumer.listUntil((r) => modelsOf(r, ids.good).length > 0, 'the tested connection has models');
    const models = modelsOf(listed, ids.good);
    assert.deepEqual(
      models.map((m) => m.id),
      [`${ids.good}/gpt-4o`],
      'gpt-4o is offered and text-embedding-3-small is not',
    );
    assertGpt4o(models[0]!, ids.good);
  });

  scenario('b a request streams its text in order, then the tool call with its parsed arguments', async () => {
    chat.behaviour = 'ok';
    chat.reply = {
      text: ['Hello', ' there', ', let me', ' check the weather.'],
      toolCalls: [{ id: 'call_weather_1', name: 'get_weather', argPieces: ['{"ci', 'ty": "Pa', 'ris"}'] }],
    };
    const sent = chat.requests.length;
    const result = await consumer.sendRequest(`${ids.good}/gpt-4o`);
    assertModelFound(result);
    assert.equal(result.error, null, `the request failed: ${result.error?.message}`);
    assert.equal(result.streamEnd, 'ended');
    const texts = result.parts.filter((p) => p.type === 'text');
    assert.deepEqual(
      texts.map((p) => (p.type === 'text' ? p.text : '')),
      ['Hello', ' there', ', let me', ' check the weather.'],
      'each streamed chunk arrives as a text part, in order',
    );
    assert.deepEqual(
      result.parts.filter((p) => p.type === 'toolCall').map(({ ms: _ms, ...call }) => call),
      [{ type: 'toolCall', callId: 'call_weather_1', name: 'get_weather', input: { city: 'Paris' } }],
    );
    assert.deepEqual(
      result.parts.filter((p) => p.type === 'other'),
      [],
      'only text and tool call parts',
    );
    assert.equal(result.parts.at(-1)?.type, 'toolCall', 'the tool call comes after the text');
    // What the server got: one request for gpt-4o with the prompt, the tool and the key in its header.
    assert.equal(chat.requests.length, sent + 1, 'one chat request');
    const request = chat.requests.at(-1)!;
    assert.equal(request.headers.authorization, `Bearer ${KEYS.good}`);
    assert.equal(request.parsed?.model, 'gpt-4o');
    assert.deepEqual(
      request.parsed?.messages.map((m) => ({ role: m.role, text: m.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('') })),
      [{ role: 'user', text: 'Say hello, then call the tool' }],
    );
    assert.deepEqual(
      request.parsed?.tools.map((t) => ({ name: t.name, inputSchema: t.inputSchema })),
      [{ name: 'get_weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
    );
  });

  scenario('c a disabled connection offers no models; enabled again, it does', async () => {
    const item = workbench.treeItem('OpenAI Chat');
    await workbench.contextMenu(item, 'Disable Connection');
    await item
      .locator('.label-description')
      .filter({ hasText: /\(disabled\)$/ })
      .waitFor();
    const disabled = await consumer.listUntil((r) => modelsOf(r, ids.good).length === 0, 'the disabled connection has no models');
    assert.deepEqual(modelsOf(disabled, ids.good), []);
    await workbench.contextMenu(item, 'Enable Connection');
    await item
      .locator('.label-description')
      .filter({ hasText: /^openai-chat · OpenAI/ })
      .waitFor();
    const enabled = await consumer.listUntil((r) => modelsOf(r, ids.good).length > 0, 'the enabled connection has its models again');
    assert.deepEqual(
      modelsOf(enabled, ids.good).map((m) => m.id),
      [`${ids.good}/gpt-4o`],
    );
    assertGpt4o(modelsOf(enabled, ids.good)[0]!, ids.good);
  });

  scenario("c2 Choose Chat Models… with nothing checked stops offering the connection's models; checked again, it offers them", async () => {
    await chooseChatModels('OpenAI Chat', { 'gpt-4o': false });
    await workbench.page.locator('.statusbar-item', { hasText: "'OpenAI Chat' is no longer used in Chat" }).waitFor();
    const none = await consumer.listUntil((r) => modelsOf(r, ids.good).length === 0, 'no models once none is chosen');
    assert.deepEqual(modelsOf(none, ids.good), []);
    await chooseChatModels('OpenAI Chat', { 'gpt-4o': true });
    await workbench.page.locator('.statusbar-item', { hasText: "1 model of 'OpenAI Chat' offered in Chat" }).waitFor();
    const back = await consumer.listUntil((r) => modelsOf(r, ids.good).length > 0, 'gpt-4o offered again once chosen');
    assert.deepEqual(
      modelsOf(back, ids.good).map((m) => m.id),
      [`${ids.good}/gpt-4o`],
    );
  });

  scenario('d a key the chat server rejects fails the request with the reason, and no key', async () => {
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'OpenAI Revoked', alias: 'openai-revoked', apiKey: KEYS.revoked, baseUrl: revokedFront.baseUrl });
    await form.save();
    await form.waitClosed();
    await workbench.treeItem('OpenAI Revoked').waitFor();
    ids.revoked = await copyConnectionId('OpenAI Revoked');
    // The model list still takes the key; the chat endpoint no longer does.
    await workbench.contextMenu(workbench.treeItem('OpenAI Revoked'), 'Test Connection');
    await workbench.expectNotification(/'OpenAI Revoked' works: 2 models, \d+ ms\./);
    await consumer.listUntil((r) => modelsOf(r, ids.revoked).length > 0, 'the second connection has models');
    const result = await consumer.sendRequest(`${ids.revoked}/gpt-4o`);
    assertModelFound(result);
    const last = revokedFront.requests.at(-1);
    assert.equal(last?.method, 'POST');
    assert.equal(last?.headers.authorization, `Bearer ${KEYS.revoked}`);
    assert.equal(last?.status, 401, 'the chat server rejected the key');
    assert.ok(result.error, `the request did not fail: ${JSON.stringify(result.parts)}`);
    assert.equal(result.error.languageModelError, true, `a LanguageModelError, not ${result.error.name}`);
    assert.equal(result.error.code, 'NoPermissions');
    process.stderr.write(`[e2e chat] the consumer's error: ${JSON.stringify(result.error)}\n`);
    assert.match(result.error.message, /The API key was rejected \(401\)/);
    assert.deepEqual(keyPiecesIn(result.error.message, KEYS.revoked), [], 'the message holds no part of the key');
    assert.deepEqual(result.parts, [], 'nothing was streamed');
  });

  scenario('e cancelling a streaming request closes its connection to the server at once', async () => {
    chat.behaviour = 'drip';
    chat.dripMs = 50;
    const index = chat.requests.length;
    const frontIndex = front.requests.length;
    let result: SendRecord;
    try {
      result = await consumer.sendAndCancel(`${ids.good}/gpt-4o`);
    } finally {
      chat.behaviour = 'ok';
    }
    assertModelFound(result);
    assert.equal(result.cancelled, true, `no text arrived to cancel on: ${JSON.stringify(result)}`);
    // VS Code ends the consumer's stream with its cancellation error, named 'Canceled'.
    assert.equal(result.streamEnd, 'threw', `the stream ${result.streamEnd} after cancelling`);
    assert.equal(result.error?.name, 'Canceled', `not a cancellation: ${JSON.stringify(result.error)}`);
    assert.match(result.parts[0]?.type === 'text' ? result.parts[0].text : '', /^tick 0 /);
    const request = front.requests.slice(frontIndex).find((r) => r.method === 'POST');
    assert.ok(request, 'the request reached the server');
    // The drip never ends by itself: a closed connection is the client's doing.
    const closedAt = await waitFor(() => request.closedAt, 5_000, 'the server saw the connection closed');
    assert.equal(request.complete, false, 'closed before the answer was complete');
    await waitFor(() => chat.closedAt[index], 5_000, 'the chat server behind saw it closed too');
    const afterCancel = closedAt - result.cancelledAt!;
    process.stderr.write(`[e2e chat] connection closed ${afterCancel} ms after cancelling; ${result.parts.length} parts arrived; the stream ${result.streamEnd}: ${JSON.stringify(result.error)}\n`);
    assert.ok(afterCancel < 2_000, `the connection closed ${afterCancel} ms after cancelling`);
  });

  scenario("f the Chat view lists the connections' models in its picker and answers with the chosen one", async () => {
    chat.behaviour = 'ok';
    chat.reply = { text: ['Hello from', ' the test', ' server.'] };
    mkdirSync(screensDir, { recursive: true });
    await workbench.runCommand('Chat: Open Chat (Ask)');
    const view = chatView();
    await view.input.waitFor();
    // Both connections offer a gpt-4o; the detail tells them apart.
    const offered = await view.openModelPicker(['gpt-4o | OpenAI Chat · Global', 'gpt-4o | OpenAI Revoked · Global']);
    process.stderr.write(`[e2e chat] the model picker offers: ${offered.join('; ')}\n`);
    await workbench.page.screenshot({ path: join(screensDir, 'chat-view-picker.png') });

    // The revoked connection's model: the Chat view shows why it failed.
    await view.chooseModel('OpenAI Revoked · Global');
    const revokedSent = revokedFront.requests.length;
    await view.send('hello');
    const failed = await view.response(/The API key was rejected \(401\)/);
    // Chat adds the error's stack from the extension host after the message: not shown here.
    process.stderr.write(`[e2e chat] the Chat view answered for the revoked key: ${JSON.stringify(failed.replace(/ at \S+ \(file:[\s\S]*$/, ' at …'))}\n`);
    assert.deepEqual(keyPiecesIn(failed, KEYS.revoked), [], 'the Chat view shows no part of the key');
    // The provider's words link nowhere: the address OpenAI names in its error is not a link.
    const failedResponse = workbench.page.locator('.interactive-response', { hasText: /The API key was rejected \(401\)/ }).last();
    assert.equal(await failedResponse.locator('a[href*="openai.com"]').count(), 0, 'no link to the address the provider named');
    assert.match(failed, /platform\.openai\.com/, 'the address is still shown as text');
    await view.scrollToTop();
    await workbench.page.screenshot({ path: join(screensDir, 'chat-view-rejected-key.png') });
    assert.deepEqual(
      revokedFront.requests.slice(revokedSent).map((r) => `${r.method} ${r.status}`),
      ['POST 401'],
    );

    // The good connection's model answers.
    await view.chooseModel('OpenAI Chat · Global');
    const sent = chat.requests.length;
    const goodSent = front.requests.length;
    await view.send('hello');
    const answer = await view.response(/Hello from the test server\./);
    assert.match(answer, /^Hello from the test server\.$/m);
    await workbench.page.screenshot({ path: join(screensDir, 'chat-view.png') });
    assert.ok(front.requests.length > goodSent, 'the request went to the chosen connection');
    const request = chat.requests.slice(sent).find((r) => r.parsed?.messages.some((m) => m.role === 'user' && m.content.some((c) => c.type === 'text' && /\bhello\b/.test(c.text))));
    assert.ok(request, `no request with the user's "hello" among ${chat.requests.length - sent}`);
    assert.equal(request.headers.authorization, `Bearer ${KEYS.good}`, 'sent with the chosen connection');
    assert.equal(request.parsed?.model, 'gpt-4o');
  });

  scenario('g after a reload the Chat view and other extensions find the same models again', async () => {
    await workbench.page.reload();
    await workbench.page.locator('.monaco-workbench .activitybar').waitFor();
    // The Chat view comes back open, as it was (and takes the focus): wait for it before using
    // the palette. Its picker first, before any extension asked for models.
    const view = chatView();
    await view.input.waitFor();
    await workbench.treeItem('OpenAI Revoked').waitFor();
    await view.openModelPicker(['gpt-4o | OpenAI Chat · Global', 'gpt-4o | OpenAI Revoked · Global']);
    await workbench.page.keyboard.press('Escape');
    const expected = [`${ids.good}/gpt-4o`, `${ids.revoked}/gpt-4o`].sort();
    const listed = await consumer.listUntil((r) => expected.every((id) => r.models.some((m) => m.id === id)), 'both connections have their models after the reload');
    assert.deepEqual(listed.models.map((m) => m.id).sort(), expected, 'the same ids as before the reload, and nothing else');
  });

  scenario('h no key typed during the run is on disk in plain text, chat history and results included', async () => {
    // Let the browser and code-server flush what they keep (state, chat sessions, logs) before looking.
    await workbench.close();
    const found = leakScan([host.userDataDir, host.workspaceDir, host.extensionsDir, workbench.profileDir], Object.values(KEYS));
    assert.deepEqual(found, []);
  });
});

/**
 * Runs Choose Chat Models… from the command palette for a connection and sets the checks of its
 * multi-select (the live model list: chat models only) to `checks`, then accepts with OK. (The
 * palette runs it once for certain; a context menu entry is clicked again when the menu is slow
 * to close, which would run it twice.)
 */
async function chooseChatModels(name: string, checks: Record<string, boolean>): Promise<void> {
  const page = workbench.page;
  const listings = () => front.requests.filter((r) => r.method === 'GET' && r.url === '/v1/models').length;
  const before = listings();
  // Started from the Connections view, the model picker (shown right after the listing) lost
  // the focus to the view 8 ms after it opened, and so closed, in about one run in three,
  // apparently as the view redrew the tested connection's row. This helper is about the
  // choice, so it starts from the editor area.
  await workbench.runCommand('View: Focus Active Editor Group');
  await workbench.runCommand('AI Connections: Choose Chat Models…');
  await workbench.pick(name);
  const widget = page.locator('.quick-input-widget').filter({ visible: true });
  await widget.locator('.quick-input-title', { hasText: `Chat models of ${name}` }).waitFor();
  const rows = widget.locator('.quick-input-list .monaco-list-row').filter({ visible: true });
  // The widget is the connection picker's, filled anew: wait for the models to replace its rows.
  const expected = Object.keys(checks).sort();
  // A row's first label is the model's (a row kept from the connection picker also holds a hidden group label).
  const labels = async () => (await rows.evaluateAll((els) => els.map((el) => el.querySelector('.label-name')?.textContent?.trim() ?? ''))).sort();
  await waitFor(
    async () => (JSON.stringify(await labels()) === JSON.stringify(expected) ? true : undefined),
    5_000,
    async () => `the chat models of the live list (${expected.join(', ')}), embeddings left out; listed: ${(await labels()).join(', ')}`,
  );
  for (const [model, checked] of Object.entries(checks)) {
    const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(model)}$`) }) });
    if (((await row.getAttribute('aria-checked')) === 'true') !== checked) await row.locator('.label-name').first().click();
    await rows
      .and(page.locator(`[aria-checked="${checked}"]`))
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(model)}$`) }) })
      .waitFor();
  }
  await widget.locator('.monaco-button', { hasText: /^OK$/ }).click();
  await widget.waitFor({ state: 'hidden' });
  assert.equal(listings(), before + 1, 'one live listing of the models');
}

/** The connection's id, copied from its context menu. */
async function copyConnectionId(name: string): Promise<string> {
  await workbench.contextMenu(workbench.treeItem(name), 'Copy Connection ID');
  await workbench.page.locator('.statusbar-item', { hasText: `Copied the ID of '${name}'` }).waitFor();
  const copied = await workbench.page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  assert.match(copied, UUID);
  return copied;
}

/** Fails with the consumer's words when it found no model to send to. */
function assertModelFound(result: SendRecord): void {
  assert.notEqual(result.stage, 'select', `LM Consumer found no model to send to: ${result.error?.message}`);
}

function modelsOf(record: ListRecord, connectionId: string): ConsumerModel[] {
  return record.models.filter((m) => m.id.startsWith(`${connectionId}/`));
}

/** The gpt-4o model of a connection, as another extension sees it. */
function assertGpt4o(model: ConsumerModel, connectionId: string): void {
  assert.equal(model.id, `${connectionId}/gpt-4o`);
  assert.equal(model.name, 'gpt-4o');
  assert.equal(model.vendor, VENDOR);
  assert.equal(model.family, 'gpt-4o');
  assert.equal(typeof model.version, 'string');
  assert.ok(Number.isInteger(model.maxInputTokens) && model.maxInputTokens > 0, `maxInputTokens ${model.maxInputTokens}`);
  assert.equal((model.capabilities as { supportsToolCalling?: boolean } | null)?.supportsToolCalling, true, 'gpt-4o calls tools');
}

/** The pieces of `key` (8 characters or more) found in `text`. */
function keyPiecesIn(text: string, key: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= key.length; i++) if (text.includes(key.slice(i, i + 8))) found.push(key.slice(i, i + 8));
  return found;
}
