import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offeredModels } from '../../src/domain/chat/selection';
import type { ConnectionInput } from '../../src/domain/connection';
import { CHAT_VENDOR } from '../../src/ui/chatModels';
import { Command } from '../../src/ui/commands/ids';
import { addModelsChoices, OPEN_CHAT_COMMAND } from '../../src/ui/commands/languageModelsCommands';
import { openAIServerForSuite } from '../support/openaiServer';
import { harness } from '../support/uiHarness';

const KEY = 'sk-test-lm-entry-7Hc2Qw9e';
const { suite, input } = openAIServerForSuite(KEY);

const azure = (deployment: string): ConnectionInput => ({ providerId: 'azure-openai', name: 'Azure', alias: 'azure', scope: 'global', isActive: true, values: { endpoint: 'https://r.openai.azure.com', apiKey: 'k-test', deployment } });
const qdrant: ConnectionInput = { providerId: 'qdrant', name: 'Vectors', alias: 'vectors', scope: 'global', isActive: true, values: { endpoint: 'https://q.example', apiKey: 'q-test' } };

const chatOpens = (h: ReturnType<typeof harness>) => h.ui.commands.filter((c) => c.command === OPEN_CHAT_COMMAND);

describe("Add Models → AI Connections in VS Code's Language Models editor", () => {
  it('offers nothing to choose from without a chat connection (disabled or non-chat ones do not count)', async () => {
    const h = harness();
    assert.deepEqual(
      addModelsChoices(h.store.list().connections, (c) => h.chat.get(c)),
      [],
    );
    await h.store.create(qdrant);
    await h.store.create(input({ isActive: false }));
    assert.deepEqual(
      addModelsChoices(h.store.list().connections, (c) => h.chat.get(c)),
      [],
    );
  });

  it('offers a new connection first, then each chat connection with how many of its models Chat has', async () => {
    const h = harness();
    const openai = await h.store.create(input());
    const az = await h.store.create(azure('a, b'));
    await h.store.create(qdrant);
    await h.chat.setChosen(az, ['b']);
    const choices = addModelsChoices(h.store.list().connections, (c) => h.chat.get(c));
    assert.deepEqual(
      choices.map((c) => [c.kind, c.label, c.description, c.detail]),
      [
        ['new', 'New Connection…', undefined, "A provider's key and settings; its chat models join Chat"],
        ['connection', 'Choose the chat models of OpenAI', 'openai · OpenAI · Global', 'No models listed yet'],
        ['connection', 'Choose the chat models of Azure', 'azure · Azure OpenAI · Global', '1 model in Chat'],
      ],
    );
    await h.chat.setUseInChat(openai, false);
    assert.equal(addModelsChoices(h.store.list().connections, (c) => h.chat.get(c))[1]!.detail, 'Not used in Chat');
  });

  it('with no chat connection opens the New Connection form at once', async () => {
    const h = harness();
    await h.commands[Command.addChatModels]!();
    assert.deepEqual(
      h.views.views.map((v) => v.title),
      ['New Connection'],
    );
    assert.equal(h.ui.of('pick').length, 0);
  });

  it('with connections asks: a new connection opens the form, a connection goes on to its chat models', async () => {
    const h = harness();
    await h.store.create(input());
    h.ui.choose = (items) => items[0];
    await h.commands[Command.addChatModels]!();
    assert.match(h.ui.of('pick')[0]!.text, /^Add Models from AI Connections Create a connection, or choose the chat models of one \| New Connection… /);
    assert.deepEqual(
      h.views.views.map((v) => v.title),
      ['New Connection'],
    );

    h.ui.choose = (items) => items[1];
    h.ui.chooseMany = (items) => [...items];
    await h.commands[Command.addChatModels]!();
    assert.match(h.ui.of('pick').at(-1)!.text, /^Chat models of OpenAI .* \| \[x\] gpt-4o$/);
    assert.equal(h.views.views.length, 1, 'no second form');
  });
});

describe('the gear on the AI Connections group (Manage AI Connections…)', () => {
  it('goes straight to the chat models of the one chat connection', async () => {
    const h = harness();
    await h.store.create(input());
    await h.store.create(qdrant);
    h.ui.chooseMany = () => undefined;
    await h.commands[Command.manageChatModels]!('ai-connections');
    assert.deepEqual(
      h.ui.of('pick').map((p) => p.text.split(' | ')[0]),
      ['Chat models of OpenAI Check the models to offer in Chat (none: not used in Chat)'],
    );
  });

  it('asks which connection when there are several, and opens the New Connection form when there is none', async () => {
    const h = harness();
    await h.commands[Command.manageChatModels]!('ai-connections');
    assert.deepEqual(
      h.views.views.map((v) => v.title),
      ['New Connection'],
    );
    await h.store.create(input());
    await h.store.create(azure('a'));
    await h.commands[Command.manageChatModels]!('ai-connections');
    assert.match(h.ui.of('pick')[0]!.text, /^ Select a connection to choose its chat models \| OpenAI .* \| Azure /);
  });
});

describe('Open in Chat', () => {
  it("lists a connection's models when none were listed, then opens the Chat view with its model chosen", async () => {
    const h = harness();
    const c = await h.store.create(input());
    const before = suite.server.requests.length;
    await h.commands[Command.openInChat]!(c.id);
    assert.equal(suite.server.requests.length, before + 1, 'the models were listed once');
    assert.deepEqual(
      chatOpens(h).map((o) => o.args),
      [[{ modelSelector: { vendor: CHAT_VENDOR, id: `${c.id}/gpt-4o` } }]],
    );
    assert.deepEqual(
      offeredModels(h.store.list().connections, h.chat).map((m) => m.id),
      [`${c.id}/gpt-4o`],
      'the id VS Code knows the model by',
    );
    // Listed once, it opens without listing again.
    await h.commands[Command.openInChat]!(c.id);
    assert.equal(suite.server.requests.length, before + 1);
    assert.equal(chatOpens(h).length, 2);
  });

  it('asks which model when the connection offers several', async () => {
    const h = harness();
    const c = await h.store.create(azure('gpt-4o-prod, mini'));
    h.ui.choose = (items) => items.find((i) => i.label === 'mini');
    await h.commands[Command.openInChat]!(c.id);
    assert.match(h.ui.of('pick')[0]!.text, /^Open in Chat: Azure Choose the model to chat with \| gpt-4o-prod .* \| mini /);
    assert.deepEqual(
      chatOpens(h).map((o) => o.args),
      [[{ modelSelector: { vendor: CHAT_VENDOR, id: `${c.id}/mini` } }]],
    );
  });

  it("opens Chat without choosing when VS Code can't choose the model, and says which to choose", async () => {
    const h = harness();
    const c = await h.store.create(azure('mini'));
    h.ui.executeCommand = async (command: string, ...args: unknown[]) => {
      h.ui.commands.push({ command, args });
      if (args.length > 0) throw new Error('No language models found matching selector');
      return undefined;
    };
    await h.commands[Command.openInChat]!(c.id);
    assert.deepEqual(
      chatOpens(h).map((o) => o.args.length),
      [1, 0],
    );
    assert.deepEqual(
      h.ui.of('info').map((i) => i.text),
      ["Choose mini of 'Azure' in the Chat view's model picker."],
    );
  });

  it('opens nothing for a connection not used in Chat, and offers Choose Chat Models…', async () => {
    const h = harness();
    const c = await h.store.create(azure('mini'));
    await h.chat.setUseInChat(c, false);
    await h.commands[Command.openInChat]!(c.id);
    assert.deepEqual(
      h.ui.of('info').map((i) => [i.text, i.actions]),
      [["'Azure' is not used in Chat.", ['Choose Chat Models…']]],
    );
    assert.equal(chatOpens(h).length, 0);
  });

  it('is offered after a new chat connection is saved, and runs for it; not after an edit or for a non-chat connection', async () => {
    const h = harness();
    h.forms.open();
    await h.forms.session('new')!.receive({ type: 'ready' });
    h.ui.answers = ['Open in Chat'];
    await h.forms.session('new')!.receive({ type: 'save', requestId: 1, input: azure('mini'), chat: { useInChat: true } });
    const saved = h.store.get('azure')!;
    assert.deepEqual(
      h.ui.of('info').map((i) => [i.text, i.actions]),
      [["Saved 'Azure'. Its models are offered in VS Code's Chat.", ['Open in Chat']]],
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      h.ui.commands.filter((c) => c.command === Command.openInChat).map((c) => c.args),
      [[saved.id]],
    );

    h.forms.open(saved);
    await h.forms.session(saved.id)!.receive({ type: 'ready' });
    await h.forms.session(saved.id)!.receive({ type: 'save', requestId: 2, input: { ...azure('mini, other'), values: { endpoint: 'https://r.openai.azure.com', apiKey: '', deployment: 'mini, other' } }, chat: { useInChat: true } });
    assert.equal(h.views.last.last('saveResult')!.ok, true);
    h.forms.open();
    await h.forms.session('new')!.receive({ type: 'ready' });
    await h.forms.session('new')!.receive({ type: 'save', requestId: 3, input: qdrant });
    assert.equal(h.views.last.last('saveResult')!.ok, true);
    assert.equal(h.ui.of('info').length, 1, 'offered once: not after the edit, nor for Qdrant');
  });
});
