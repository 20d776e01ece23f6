import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../../src/domain/chat/models';
import { CHAT_KEY, offeredModels } from '../../src/domain/chat/selection';
import { Command } from '../../src/ui/commands/ids';
import { startServer } from '../support/hostileServers';
import { openAIServerForSuite } from '../support/openaiServer';
import { harness } from '../support/uiHarness';
import { say } from '../../src/ui/text';
import { modelInformation } from '../../src/ui/chatModels';

const KEY = 'sk-test-chat-sel-3Fq8Lz1W';
const { suite, input } = openAIServerForSuite(KEY);

/** The New Connection form after a successful Test of the suite server's values. */
async function testedNewForm() {
  const h = harness();
  h.forms.open();
  const session = h.forms.session('new')!;
  await session.receive({ type: 'ready' });
  await session.receive({ type: 'test', requestId: 1, input: input() });
  return { h, session };
}

describe('chat models offered to VS Code', () => {
  it('a successful test lists the chat models (the embedding model left out), with stable ids, names, details and limits', async () => {
    const h = harness();
    const c = await h.store.create(input());
    assert.deepEqual(offeredModels(h.store.list().connections, h.chat), [], 'nothing before a model list');
    await h.commands[Command.testConnection]!(c.id);
    const models = offeredModels(h.store.list().connections, h.chat);
    assert.deepEqual(
      models.map((m) => m.id),
      [`${c.id}/gpt-4o`],
    );
    const [model] = models;
    assert.equal(model!.name, 'gpt-4o');
    assert.equal(model!.family, 'gpt-4o');
    assert.deepEqual(model!.detail, { code: 'chat.modelDetail', connection: 'OpenAI', scope: 'global' });
    assert.deepEqual(model!.tooltip, { code: 'chat.modelTooltip', model: 'gpt-4o', connection: 'OpenAI', alias: model!.tooltip.alias, scope: 'global', source: 'table' });
    assert.ok(model!.maxInputTokens > 100_000, 'gpt-4o limits from the known families table');
    assert.equal(model!.capabilities.toolCalling, true);
    // The same after a reload: ids come from what is stored.
    const again = harness({ global: h.global, secrets: h.secrets });
    assert.deepEqual(
      offeredModels(again.store.list().connections, again.chat).map((m) => m.id),
      [`${c.id}/gpt-4o`],
    );
  });

  it('a disabled connection offers nothing; overrides change limits per model or alias/model', async () => {
    const h = harness();
    const c = await h.store.create(input());
    await h.commands[Command.testConnection]!(c.id);
    const overridden = offeredModels(h.store.list().connections, h.chat, { 'gpt-4o': { maxOutputTokens: 1234 }, 'openai/gpt-4o': { maxInputTokens: 5678, imageInput: false } });
    assert.equal(overridden[0]!.maxOutputTokens, 1234);
    assert.equal(overridden[0]!.maxInputTokens, 5678);
    assert.equal(overridden[0]!.capabilities.imageInput, false);
    await h.store.setActive(c.id, false);
    assert.deepEqual(offeredModels(h.store.list().connections, h.chat), []);
  });

  it('Azure OpenAI offers its deployments, named in the Deployments setting', async () => {
    const h = harness();
    await h.store.create({ providerId: 'azure-openai', name: 'Azure', alias: 'azure', scope: 'workspace', isActive: true, values: { endpoint: 'https://r.openai.azure.com', apiKey: 'k-test', deployment: 'gpt-4o-prod, mini ,gpt-4o-prod' } });
    assert.deepEqual(
      offeredModels(h.store.list().connections, h.chat).map((m) => [m.name, say(m.detail)]),
      [
        ['gpt-4o-prod', 'Azure · Workspace'],
        ['mini', 'Azure · Workspace'],
      ],
    );
  });

  it('Choose Chat Models… offers the live list with the chosen ones checked; none checked stops using the connection in Chat', async () => {
    const h = harness();
    const c = await h.store.create(input());
    h.ui.chooseMany = (items) => {
      assert.deepEqual(
        items.map((i) => [i.label, i.picked]),
        [['gpt-4o', true]],
      );
      return [];
    };
    await h.commands[Command.chooseChatModels]!(c.id);
    assert.deepEqual(offeredModels(h.store.list().connections, h.chat), []);
    h.ui.chooseMany = (items) => {
      assert.equal(items[0]!.picked, false, 'not used in Chat: nothing checked');
      return [items[0]!];
    };
    await h.commands[Command.chooseChatModels]!(c.id);
    assert.deepEqual(
      offeredModels(h.store.list().connections, h.chat).map((m) => m.name),
      ['gpt-4o'],
    );
  });

  it('Choose Chat Models… in Restricted Mode lists nothing and says why', async () => {
    const h = harness({ trusted: false });
    const c = await h.store.create(input());
    const before = suite.server.requests.length;
    await h.commands[Command.chooseChatModels]!(c.id);
    assert.equal(suite.server.requests.length, before);
    assert.match(h.ui.of('info')[0]!.text, /Restricted Mode/);
  });

  it('a change of chosen models in one window reaches the other window (its model list changes)', async () => {
    const a = harness();
    const b = harness({ global: a.global, secrets: a.secrets });
    const c = await a.store.create(input());
    await a.commands[Command.testConnection]!(c.id);
    let heard = 0;
    b.store.onDidChange(() => heard++);
    a.ui.chooseMany = () => [];
    await a.commands[Command.chooseChatModels]!(c.id);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(heard > 0, 'the other window heard of the change');
    assert.deepEqual(offeredModels(b.store.list().connections, b.chat), []);
  });

  it('the form shows the same choice: its Chat section lists the models, and a save keeps what was checked', async () => {
    const h = harness();
    const c = await h.store.create(input());
    await h.commands[Command.testConnection]!(c.id);
    h.forms.open(c);
    const session = h.forms.session(c.id)!;
    await session.receive({ type: 'ready' });
    const init = h.views.last.last('init')!;
    assert.equal(init.chat?.useInChat, true);
    assert.deepEqual(
      init.chat?.models.map((m) => m.id),
      ['gpt-4o'],
    );
    assert.ok(init.chat?.providers.includes('openai') && !init.chat.providers.includes('custom'));
    await session.receive({ type: 'save', requestId: 1, input: input({}, { apiKey: '' }), chat: { useInChat: false } });
    assert.equal(h.views.last.last('saveResult')!.ok, true);
    assert.deepEqual(offeredModels(h.store.list().connections, h.chat), []);
  });

  it('a new connection whose form Test succeeded offers its models as soon as it is saved, without another request', async () => {
    const { h, session } = await testedNewForm();
    assert.equal(h.views.last.last('testResult')!.result?.success, true);
    const requests = suite.server.requests.length;
    await session.receive({ type: 'save', requestId: 2, input: input(), chat: { useInChat: true } });
    assert.equal(h.views.last.last('saveResult')!.ok, true);
    const [saved] = h.store.list().connections;
    assert.deepEqual(
      offeredModels(h.store.list().connections, h.chat).map((m) => m.id),
      [`${saved!.id}/gpt-4o`],
    );
    assert.equal(suite.server.requests.length, requests, 'the save sent nothing');
  });

  it("a form Test's models are not kept when the saved values differ from the tested ones, or the last Test failed", async () => {
    const { h, session } = await testedNewForm();
    // Saved for another host than the one tested.
    await session.receive({ type: 'save', requestId: 2, input: input({}, { baseUrl: 'http://127.0.0.1:9/v1' }), chat: { useInChat: true } });
    assert.equal(h.views.last.last('saveResult')!.ok, true);
    assert.deepEqual(offeredModels(h.store.list().connections, h.chat), [], 'another base URL: no models');

    const { h: b, session: other } = await testedNewForm();
    await other.receive({ type: 'test', requestId: 2, input: input({}, { apiKey: 'sk-test-wrong-key-0000' }) });
    assert.equal(b.views.last.last('testResult')!.result?.success, false);
    await other.receive({ type: 'save', requestId: 3, input: input(), chat: { useInChat: true } });
    assert.deepEqual(offeredModels(b.store.list().connections, b.chat), [], 'the last test failed: no models');
  });

  it("Ollama: limits and capabilities from each model's /api/show, embedding models left out, a model without details keeps the defaults", async () => {
    const shows: Record<string, unknown> = {
      'llama3.2:latest': { model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 }, capabilities: ['completion', 'tools'] },
      'nomic-embed-text:latest': { model_info: { 'general.architecture': 'nomic-bert', 'nomic-bert.context_length': 2048 }, capabilities: ['embedding'] },
      'bge-m3:latest': { model_info: { 'general.architecture': 'bert', 'bert.context_length': 8192 }, capabilities: ['embedding'] },
    };
    const asked: string[] = [];
    const ollama = await startServer((req, res) => {
      if (req.method === 'GET' && req.url === '/api/tags') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ models: ['llama3.2:latest', 'bge-m3:latest', 'mystery:7b'].map((name) => ({ name, model: name })) }));
        return;
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const model = (JSON.parse(body) as { model: string }).model;
        asked.push(model);
        const show = shows[model];
        res.writeHead(show ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(show ?? { error: `model '${model}' not found` }));
      });
    });
    try {
      const h = harness();
      const c = await h.store.create({ providerId: 'ollama', name: 'Local', alias: 'local', scope: 'global', isActive: true, values: { baseUrl: ollama.origin } });
      await h.commands[Command.testConnection]!(c.id);
      assert.deepEqual(asked.sort(), ['bge-m3:latest', 'llama3.2:latest', 'mystery:7b']);
      const models = offeredModels(h.store.list().connections, h.chat);
      assert.deepEqual(
        models.map((m) => m.name),
        ['llama3.2:latest', 'mystery:7b'],
        'the embedding model is left out by its capabilities',
      );
      const llama = models[0]!;
      assert.equal(llama.maxInputTokens + llama.maxOutputTokens, 131072, 'the context window from /api/show');
      assert.equal(llama.capabilities.toolCalling, true);
      assert.deepEqual([models[1]!.maxInputTokens, models[1]!.maxOutputTokens], [DEFAULT_LIMITS.maxInputTokens, DEFAULT_LIMITS.maxOutputTokens], 'no details: the defaults');
    } finally {
      await ollama.close();
    }
  });

  it('prune drops the chat choices of connections that no longer exist, and only those', async () => {
    const h = harness();
    const kept = await h.store.create(input());
    const gone = await h.store.create(input({ name: 'Other', alias: 'other' }));
    await h.chat.setUseInChat(kept, false);
    await h.chat.setUseInChat(gone, false);
    await h.store.delete(gone.id);
    await h.chat.prune(h.store.list().connections);
    assert.deepEqual(Object.keys(h.global.data.get(CHAT_KEY) as object), [kept.id]);
  });
});

describe("what VS Code's model picker gets for a model a server named", () => {
  /** Ids a hostile server could list: links, images, autolinks, HTML, icons, line breaks, direction marks. */
  const HOSTILE = [
    '[Update](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
    '![x](https://evil.example/pixel.png)',
    'gpt https://evil.example/phish',
    'www.evil.example',
    '<img src=x onerror=alert(1)>',
    '<command:aiConnections.deleteConnection>',
    '</span><span style="position:fixed;top:0">',
    '$(alert) gpt',
    'gpt-4o\n[x](command:y)',
    'gpt-\u202Eo4\u202C',
    'ops@evil.example',
  ];
  const ORDINARY = ['gpt-4o', 'llama3.2:latest', 'hf.co/org/model-GGUF:Q4_K_M', '@cf/meta/llama-3-8b-instruct'];
  /** What makes a link, image, autolink, HTML, icon or e-mail link in Markdown, or breaks or reorders a line. */
  const ACTIVE = [/\]\(/, /<[A-Za-z/!?]/, /[a-z][a-z0-9+.-]*:\/\//i, /www\./i, /\$\(/, /[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\./, /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/];

  it('name, family, detail and tooltip are plain and inert as Markdown, id and version too; requests still name the model as listed', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [...HOSTILE, ...ORDINARY].map((id) => ({ id, object: 'model' })) }));
    });
    try {
      const h = harness();
      const c = await h.store.create({ providerId: 'openai-compatible', name: 'Gateway [docs](https://evil.example) <b>x</b>', alias: 'gateway', scope: 'global', isActive: true, values: { baseUrl: `${server.origin}/v1` } });
      await h.commands[Command.testConnection]!(c.id);
      const shown = offeredModels(h.store.list().connections, h.chat).map(modelInformation);
      assert.deepEqual(
        shown.map((m) => m.modelId),
        [...HOSTILE, ...ORDINARY],
        'every model offered, requests naming it as the server did',
      );
      for (const m of shown) {
        for (const [field, text] of Object.entries({ id: m.id, name: m.name, family: m.family, version: m.version, detail: m.detail, tooltip: m.tooltip })) {
          for (const pattern of ACTIVE) assert.ok(!pattern.test(text), `${JSON.stringify(m.modelId)} ${field}: ${pattern} in ${JSON.stringify(text)}`);
        }
      }
      assert.equal(new Set(shown.map((m) => m.id)).size, shown.length, 'identifiers stay distinct');
      const ordinary = shown.slice(HOSTILE.length);
      assert.deepEqual(
        ordinary.map((m) => [m.id, m.name, m.version]),
        ORDINARY.map((id) => [`${c.id}/${id}`, id, id]),
        'ordinary ids are shown and identified as they are',
      );
      assert.equal(shown[0]!.name.replace(/\u2060/g, ''), '[Update] (command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)', 'the name reads as the server wrote it');
    } finally {
      await server.close();
    }
  });
});
