/**
 * End-to-end: a connection is ready for Chat as soon as it is saved. A new OpenAI-compatible
 * connection, tested in its form and saved, is offered to other extensions (`vscode.lm`, through
 * the LM Consumer test extension) without another test; its model, unknown to the extension's
 * table, calls tools and so is listed in the Chat view's picker in Agent mode. The first request
 * to it is timed against later ones, and again after a reload (a new extension host, where no
 * test ran). Scenarios run in order and build on each other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { startCompatibleServer, type CompatibleServer } from '../support/compatibleServers';
import { startFakeChat, type FakeChatServer } from '../support/fakeChatServers';
import { chatViewOf } from './chatView';
import { prepareHost, startHost, type RunningHost } from './host';
import { LmConsumer, packageLmConsumer } from './lmConsumer';
import { startOpenAIFront, type OpenAIFront } from './openAIFront';
import { scenarios, Workbench } from './workbench';

const rootDir = join(__dirname, '..', '..');
const VSIX = join(rootDir, `ai-connections-${JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version}.vsix`);
const KEY = 'sk-test-e2e-ready-5c0e7a19b2d4';
const MODEL = 'local-coder-1';

let host: RunningHost;
let workbench: Workbench;
let consumer: LmConsumer;
let models: CompatibleServer;
let chat: FakeChatServer;
let front: OpenAIFront;

const scenario = scenarios('chatReady', () => ({ workbench, host }));

describe('A saved connection is ready for Chat', () => {
  before(async () => {
    prepareHost();
    models = await startCompatibleServer('plain');
    chat = await startFakeChat('openai', { key: KEY, models: [MODEL] });
    front = await startOpenAIFront(models, chat);
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-ready-e2e-'));
    host = await startHost(VSIX, { root, alsoInstall: [packageLmConsumer(root)], settings: { 'chat.allowAnonymousAccess': true } });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
    consumer = new LmConsumer(workbench, host.workspaceDir);
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    for (const server of [front, chat, models]) await server?.close();
  });

  scenario('a tested in its form and saved, a new connection offers its model to vscode.lm without another test', async () => {
    await workbench.openContainer();
    // Other extensions have asked for models before: VS Code keeps asking the provider as they change.
    assert.equal((await consumer.listModels()).error, null);
    await workbench.viewAction('New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    await form.selectProvider('OpenAI-compatible');
    await form.fill({ name: 'Local Coder', alias: 'local-coder', baseUrl: front.baseUrl, apiKey: KEY });
    await form.button('Test').click();
    await form.frame.locator('.test-result', { hasText: /Works: 1 model/ }).waitFor();
    const listings = models.requests.length;
    const savedAt = Date.now();
    await form.save();
    await form.waitClosed();
    const listed = await consumer.listUntil((r) => r.models.some((m) => m.name === MODEL), `${MODEL} is offered once saved`);
    process.stderr.write(`[e2e chatReady] Save → ${MODEL} listed by vscode.lm.selectChatModels: ${listed.writtenAt - savedAt} ms (a listing through the command palette included)\n`);
    assert.equal(models.requests.length, listings, 'the saved connection was not tested again');
    const model = listed.models.find((m) => m.name === MODEL)!;
    assert.equal((model.capabilities as { supportsToolCalling?: boolean } | null)?.supportsToolCalling, true, 'an OpenAI-compatible chat model calls tools');
  });

  scenario("b the Chat view's picker lists the new model in Agent mode", async () => {
    await workbench.runCommand('Chat: Open Chat (Agent)');
    const view = chatViewOf(workbench);
    await view.input.waitFor();
    await workbench.page.locator('#workbench\\.parts\\.auxiliarybar').getByText('Agent', { exact: true }).first().waitFor();
    const offered = await view.openModelPicker([`${MODEL} | Local Coder · Global`]);
    process.stderr.write(`[e2e chatReady] the Agent mode picker offers: ${offered.join('; ')}\n`);
    await workbench.screenshot('chat-agent-picker');
    await workbench.page.keyboard.press('Escape');
  });

  scenario('c the time from a request to the server, the first against later ones (reported, not asserted)', async () => {
    const modelId = (await consumer.listUntil((r) => r.models.some((m) => m.name === MODEL), MODEL)).models.find((m) => m.name === MODEL)!.id;
    const overheads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = front.requests.length;
      const record = await consumer.sendRequest(modelId);
      assert.equal(record.error, null, `request ${i + 1} failed: ${record.error?.message}`);
      const arrived = front.requests.slice(sent).find((r) => r.method === 'POST' && r.url.endsWith('/chat/completions'));
      assert.ok(arrived, `request ${i + 1} reached the server`);
      overheads.push(arrived.receivedAt - record.startedAt);
    }
    process.stderr.write(`[e2e chatReady] from sendRequest to the server, first and later requests: ${overheads.map((ms) => `${ms} ms`).join(', ')}\n`);
  });

  scenario('d after a reload (a new extension host, nothing tested in it), the first request against later ones (reported, not asserted)', async () => {
    await workbench.page.reload();
    await workbench.page.locator('.monaco-workbench .activitybar').waitFor();
    // The Chat view comes back open, as it was (and takes the focus): wait for it before using the palette.
    await chatViewOf(workbench).input.waitFor();
    await workbench.treeItem('Local Coder').waitFor();
    const modelId = (await consumer.listUntil((r) => r.models.some((m) => m.name === MODEL), `${MODEL} after the reload`)).models.find((m) => m.name === MODEL)!.id;
    const overheads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = front.requests.length;
      const record = await consumer.sendRequest(modelId);
      assert.equal(record.error, null, `request ${i + 1} failed: ${record.error?.message}`);
      const arrived = front.requests.slice(sent).find((r) => r.method === 'POST' && r.url.endsWith('/chat/completions'));
      assert.ok(arrived, `request ${i + 1} reached the server`);
      overheads.push(arrived.receivedAt - record.startedAt);
    }
    process.stderr.write(`[e2e chatReady] after a reload, from sendRequest to the server, first and later requests: ${overheads.map((ms) => `${ms} ms`).join(', ')}\n`);
  });
});
