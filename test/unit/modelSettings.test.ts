/**
 * A chat model's settings where the models are chosen: tool calling, image input and the token
 * limits, shown with where each value comes from and written into the user's settings
 * (`aiConnections.chat.modelOverrides`, under `alias/model`), every other entry kept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chatModelInfo } from '../../src/domain/chat/models';
import { ModelOverrides, OverrideError, modelSettings, overrideFor, parseTokenCount } from '../../src/domain/chat/overrides';
import { offeredModels } from '../../src/domain/chat/selection';
import type { ConnectionInput } from '../../src/domain/connection';
import { parseSettings, rawSettings } from '../../src/domain/settings';
import { Command } from '../../src/ui/commands/ids';
import type { PickItem } from '../../src/ui/ports';
import { say } from '../../src/ui/text';
import { MemorySettings } from '../support/memoryPorts';
import { harness } from '../support/uiHarness';

const KEY = 'chat.modelOverrides';
const USER_ENTRIES = { 'gpt-4o': { maxOutputTokens: 4096 }, 'other/llama3': { toolCalling: true }, 'broken/entry': { toolCalling: 'yes' } };

/** An Azure OpenAI connection: its deployments are its chat models, listed without the network. */
const azure: ConnectionInput = {
  providerId: 'azure-openai',
  name: 'Azure Prod',
  alias: 'azure-prod',
  scope: 'global',
  isActive: true,
  values: { endpoint: 'https://r.openai.azure.com', apiKey: 'sk-test-1234abcd', deployment: 'gpt-4o-prod, mini' },
};

function settingsWith(user?: unknown): MemorySettings {
  const settings = new MemorySettings();
  if (user !== undefined) settings.user.set(KEY, structuredClone(user));
  return settings;
}

async function refused(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof OverrideError && error.detail.code === code);
}

describe('the model settings in the user settings', () => {
  it("writes the model's entry under alias/model and keeps every other entry as written, in order", async () => {
    const settings = settingsWith(USER_ENTRIES);
    const overrides = new ModelOverrides(settings);
    assert.deepEqual(await overrides.set('openai/gpt-4o', { toolCalling: false }), {});
    assert.deepEqual(settings.user.get(KEY), { ...USER_ENTRIES, 'openai/gpt-4o': { toolCalling: false } });
    await overrides.set('other/llama3', { toolCalling: false, maxInputTokens: 8000 });
    assert.deepEqual(Object.keys(settings.user.get(KEY) as object), ['gpt-4o', 'other/llama3', 'broken/entry', 'openai/gpt-4o'], 'a changed entry keeps its place');
    assert.deepEqual((settings.user.get(KEY) as Record<string, unknown>)['broken/entry'], { toolCalling: 'yes' }, 'an invalid entry of the user stays as written');
    assert.deepEqual(overrides.current()['openai/gpt-4o'], { toolCalling: false });
  });

  it('removes the entry on reset, and the whole setting with its last entry', async () => {
    const settings = settingsWith({ 'openai/gpt-4o': { toolCalling: false }, 'gpt-4o': { imageInput: false } });
    const overrides = new ModelOverrides(settings);
    await overrides.set('openai/gpt-4o', undefined);
    assert.deepEqual(settings.user.get(KEY), { 'gpt-4o': { imageInput: false } });
    await overrides.set('gpt-4o', {});
    assert.equal(settings.user.has(KEY), false, 'no empty object left in settings.json');
    const writes = settings.writes;
    await overrides.set('openai/gpt-4o', undefined);
    assert.equal(settings.writes, writes, 'nothing to remove: nothing written');
  });

  it('refuses invalid settings with a specific error and changes nothing', async () => {
    const settings = settingsWith(USER_ENTRIES);
    const overrides = new ModelOverrides(settings);
    for (const invalid of [{ maxInputTokens: 0 }, { maxOutputTokens: -5 }, { maxInputTokens: 1.5 }, { toolCalling: 'no' }, { contextWindow: 1000 }] as never[]) {
      await refused(overrides.set('openai/gpt-4o', invalid), 'chat.overrideInvalid');
    }
    await refused(overrides.set('x'.repeat(301), { toolCalling: false }), 'chat.overrideInvalid');
    await refused(overrides.set('', { toolCalling: false }), 'chat.overrideInvalid');
    assert.equal(settings.writes, 0);
    assert.deepEqual(settings.user.get(KEY), USER_ENTRIES);
  });

  it('leaves a user setting that is not an object as it is, and says so', async () => {
    const settings = settingsWith(['gpt-4o']);
    await refused(new ModelOverrides(settings).set('openai/gpt-4o', { toolCalling: false }), 'chat.overridesNotObject');
    assert.deepEqual(settings.user.get(KEY), ['gpt-4o']);
    assert.equal(settings.writes, 0);
  });

  it('passes on why settings.json could not be written', async () => {
    const settings = settingsWith(USER_ENTRIES);
    settings.refuseWrites = new Error('Unable to write into user settings. Please open the user settings to correct errors/warnings in it and try again.');
    await assert.rejects(new ModelOverrides(settings).set('openai/gpt-4o', { toolCalling: false }), (error: unknown) => {
      assert.ok(error instanceof OverrideError, 'an OverrideError');
      assert.equal(say(error.detail), "Couldn't write your user settings: Unable to write into user settings. Please open the user settings to correct errors/warnings in it and try again.");
      return true;
    });
    assert.deepEqual(settings.user.get(KEY), USER_ENTRIES);
  });

  it("merges the user's, the workspace's and the folder's entries, and says when a workspace entry wins over the user's", async () => {
    const settings = settingsWith({ 'openai/gpt-4o': { toolCalling: false }, 'gpt-4o': { maxOutputTokens: 1000 } });
    settings.workspace.set(KEY, { 'openai/gpt-4o': { imageInput: false }, 'local/qwen': { toolCalling: false } });
    settings.folder.set(KEY, { 'gpt-4o': { maxOutputTokens: 2000 } });
    const overrides = new ModelOverrides(settings);
    assert.deepEqual(overrides.current(), { 'openai/gpt-4o': { toolCalling: false, imageInput: false }, 'gpt-4o': { maxOutputTokens: 2000 }, 'local/qwen': { toolCalling: false } }, 'entries merged field by field');
    assert.deepEqual(await overrides.set('openai/gpt-4o', { toolCalling: true, imageInput: true }), { shadowedBy: 'workspace' });
    assert.deepEqual(await overrides.set('openai/gpt-4o', { toolCalling: true, imageInput: false }), {}, "the workspace's value is the one wanted");
    assert.deepEqual(await overrides.set('openai/gpt-4o', undefined), { shadowedBy: 'workspace' }, "a reset leaves the workspace's value");
    assert.deepEqual(await overrides.set('gpt-4o', { maxOutputTokens: 3000 }), { shadowedBy: 'workspaceFolder' });
    assert.deepEqual(await overrides.set('azure/mini', { toolCalling: true }), {});
    // The other settings are read as before: a folder's value wins whole.
    const { settings: read } = parseSettings(rawSettings((key) => (key === 'test.timeoutSeconds' ? { globalValue: 20, workspaceValue: 30 } : settings.inspect(key))));
    assert.equal(read.timeoutSeconds, 30);
  });
});

describe("a model's values and where they come from", () => {
  const gpt4o = chatModelInfo('openai', { id: 'gpt-4o' });

  it('shows the table, an assumption, the server and the user as the sources', () => {
    const plain = modelSettings(gpt4o, 'openai', {});
    assert.deepEqual(plain.sources, { toolCalling: 'table', imageInput: 'table', maxInputTokens: 'table', maxOutputTokens: 'table' });
    assert.deepEqual(plain.values, plain.base);
    const compatible = modelSettings(chatModelInfo('openai-compatible', { id: 'local-coder', max_model_len: 32768 }), 'local', {});
    assert.deepEqual(compatible.sources, { toolCalling: 'default', imageInput: 'default', maxInputTokens: 'provider', maxOutputTokens: 'provider' });
    const changed = modelSettings(gpt4o, 'openai', { 'gpt-4o': { maxOutputTokens: 1000 }, 'openai/gpt-4o': { toolCalling: false }, 'other/gpt-4o': { imageInput: false } });
    assert.deepEqual(changed.values, { toolCalling: false, imageInput: true, maxInputTokens: 128000 - 16384, maxOutputTokens: 1000 });
    assert.deepEqual(changed.sources, { toolCalling: 'user', imageInput: 'table', maxInputTokens: 'table', maxOutputTokens: 'user' });
    assert.deepEqual(changed.base, { toolCalling: true, imageInput: true, maxInputTokens: 128000 - 16384, maxOutputTokens: 1000 }, 'the entry for every connection stays in what Reset returns to');
    assert.equal(changed.key, 'openai/gpt-4o');
    assert.deepEqual([changed.entry, changed.shared], [{ toolCalling: false }, { maxOutputTokens: 1000 }]);
  });

  it('an entry holds only what differs from the values without it', () => {
    const { base } = modelSettings(gpt4o, 'openai', {});
    assert.deepEqual(overrideFor({ ...base, toolCalling: false, maxInputTokens: 64000 }, base), { toolCalling: false, maxInputTokens: 64000 });
    assert.deepEqual(overrideFor(base, base), {});
  });

  it('reads token counts plainly or grouped, and says what is wrong with anything else', () => {
    for (const [typed, value] of [
      ['128000', 128000],
      [' 128,000 ', 128000],
      ['128 000', 128000],
      ['128.000', 128000],
      ['1', 1],
      ['', undefined],
      ['100000000', 100_000_000],
    ] as const) {
      assert.deepEqual(parseTokenCount(typed), { ok: true, value }, typed);
    }
    const problem = (typed: string) => {
      const parsed = parseTokenCount(typed);
      assert.equal(parsed.ok, false, `'${typed}' is refused`);
      return parsed.ok ? '' : say(parsed.problem);
    };
    assert.equal(problem('128k'), "'128k' is not a whole number. Enter a number of tokens, such as 128000.");
    assert.equal(problem('1.5'), "'1.5' is not a whole number. Enter a number of tokens, such as 128000.");
    assert.equal(problem('-1'), "'-1' is not a whole number. Enter a number of tokens, such as 128000.");
    assert.equal(problem('12,34'), "'12,34' is not a whole number. Enter a number of tokens, such as 128000.");
    assert.equal(problem('0'), 'Enter a number of tokens of at least 1.');
    assert.equal(problem('100000001'), 'Enter a number of tokens of at most 100,000,000.');
  });
});

/** Picks the item labelled `label` of a settings picker. */
const choose = (label: string) => (items: readonly PickItem[]) => {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `the picker offers '${label}'`);
  return item;
};
const describe_ = (items: readonly PickItem[], label: string) => items.find((i) => i.label === label)?.description;

describe("Choose Chat Models…: a model's settings behind the gear beside it", () => {
  it('turns tool calling off and sets the input tokens, shown with their sources, then returns to the models with the checks kept', async () => {
    const settings = settingsWith({ 'gpt-4o': { maxOutputTokens: 4096 } });
    const h = harness({ configuration: settings });
    const c = await h.store.create(azure);
    await h.chat.setChosen(c, ['gpt-4o-prod', 'mini']);
    const steps: string[] = [];
    h.ui.manyAnswers = [
      (items) => {
        assert.deepEqual(
          items.map((i) => [i.label, i.picked, i.buttons?.map((b) => b.tooltip)]),
          [
            ['gpt-4o-prod', true, ['Model Settings…']],
            ['mini', true, ['Model Settings…']],
          ],
        );
        assert.equal(describe_(items, 'gpt-4o-prod'), '111,616 in / 16,384 out · tools · images');
        // The user unchecks mini, then presses the gear of gpt-4o-prod.
        return { kind: 'button', button: 'modelSettings', item: items[0]!, picked: [items[0]!] };
      },
      (items) => {
        assert.deepEqual(
          items.map((i) => [i.label, i.picked]),
          [
            ['gpt-4o-prod', true],
            ['mini', false],
          ],
          'the checks as they were before the gear',
        );
        assert.equal(h.ui.manyShown.at(-1)!.active?.label, 'gpt-4o-prod', 'the model of the gear has the focus');
        assert.equal(describe_(items, 'gpt-4o-prod'), '64,000 in / 16,384 out · images · changed in your settings');
        return { kind: 'accepted', picked: [items[0]!] };
      },
    ];
    let round = 0;
    h.ui.choose = (items) => {
      round++;
      steps.push(items.map((i) => `${i.label}: ${i.description}`).join(' | '));
      if (round === 1) return choose('Tool calling')(items);
      if (round === 2) {
        assert.equal(h.ui.pickShown.at(-1)!.active?.label, 'Tool calling', 'the changed setting keeps the focus');
        return choose('Input tokens')(items);
      }
      return undefined; // Escape: back to the models
    };
    h.ui.typed = ['128k', '0', '64,000'];
    await h.commands[Command.chooseChatModels]!(c.id);
    assert.deepEqual(steps, [
      'Tool calling: On · from the built-in table | Image input: On · from the built-in table | Input tokens: 111,616 · from the built-in table | Output tokens: 16,384 · from the built-in table',
      "Tool calling: Off · your setting | Image input: On · from the built-in table | Input tokens: 111,616 · from the built-in table | Output tokens: 16,384 · from the built-in table | Reset to the Server's Values: removes your settings of gpt-4o-prod for this connection",
      "Tool calling: Off · your setting | Image input: On · from the built-in table | Input tokens: 64,000 · your setting | Output tokens: 16,384 · from the built-in table | Reset to the Server's Values: removes your settings of gpt-4o-prod for this connection",
    ]);
    assert.deepEqual(
      h.ui.of('inputProblem').map((p) => p.text),
      ["'128k' is not a whole number. Enter a number of tokens, such as 128000.", 'Enter a number of tokens of at least 1.'],
      'the box says what is wrong and keeps asking',
    );
    assert.match(h.ui.of('input')[0]!.text, /^Input tokens of gpt-4o-prod The most tokens a request may send\. Leave it empty for 111,616 \(from the built-in table\)\. \[111616\]$/);
    assert.deepEqual(settings.user.get(KEY), { 'gpt-4o': { maxOutputTokens: 4096 }, 'azure-prod/gpt-4o-prod': { toolCalling: false, maxInputTokens: 64000 } }, 'the other entry kept');
    const offered = offeredModels(h.store.list().connections, h.chat, h.overrides.current());
    assert.deepEqual(
      offered.map((m) => [m.modelId, m.capabilities.toolCalling, m.maxInputTokens]),
      [['gpt-4o-prod', false, 64000]],
      'mini unchecked; gpt-4o-prod as set',
    );
    assert.equal(offered[0]!.tooltip.overridden, true);
  });

  it("Reset to the Server's Values removes the model's entry, and an assumed value can be turned on", async () => {
    const settings = settingsWith({ 'azure-prod/gpt-4o-prod': { toolCalling: false }, 'azure-prod/mini': { imageInput: true } });
    const h = harness({ configuration: settings });
    const c = await h.store.create(azure);
    h.ui.manyAnswers = [(items) => ({ kind: 'button', button: 'modelSettings', item: items[1]!, picked: [...items] }), (items) => ({ kind: 'button', button: 'modelSettings', item: items[0]!, picked: [...items] }), () => undefined];
    const seen: string[][] = [];
    const script = [choose('Tool calling'), choose("Reset to the Server's Values"), () => undefined, choose("Reset to the Server's Values"), () => undefined];
    h.ui.choose = (items) => {
      seen.push(items.map((i) => `${i.label}: ${i.description}`));
      return script.shift()!(items);
    };
    await h.commands[Command.chooseChatModels]!(c.id);
    assert.deepEqual(seen[0]!.slice(0, 2), ['Tool calling: Off · assumed', 'Image input: On · your setting'], 'mini: a model unknown to the table');
    assert.deepEqual(seen[1]!.slice(0, 2), ['Tool calling: On · your setting', 'Image input: On · your setting']);
    assert.deepEqual(seen[2], ['Tool calling: Off · assumed', 'Image input: Off · assumed', 'Input tokens: 8,192 · assumed', 'Output tokens: 4,096 · assumed'], 'after the reset: no Reset item');
    assert.equal(settings.user.has(KEY), false, 'both entries reset: the setting is gone');
    assert.deepEqual(
      h.ui.of('flash').map((f) => f.text),
      ['$(settings-gear) Saved the settings of mini in your user settings', '$(settings-gear) mini uses the values without your settings', '$(settings-gear) gpt-4o-prod uses the values without your settings'],
    );
  });

  it('an empty token box goes back to the value without the entry; a refused write is shown, with Open Settings', async () => {
    const settings = settingsWith({ 'azure-prod/mini': { maxOutputTokens: 2000, toolCalling: true } });
    const h = harness({ configuration: settings });
    const c = await h.store.create(azure);
    h.ui.manyAnswers = [(items) => ({ kind: 'button', button: 'modelSettings', item: items[1]!, picked: [...items] }), () => undefined];
    const script = [choose('Output tokens'), () => undefined];
    h.ui.choose = (items) => script.shift()!(items);
    h.ui.typed = [''];
    h.ui.answers = ['Open Settings'];
    await h.commands[Command.chooseChatModels]!(c.id);
    assert.deepEqual(settings.user.get(KEY), { 'azure-prod/mini': { toolCalling: true } });
    // The same with settings.json refusing the write: nothing changes and the user is told why.
    settings.refuseWrites = new Error('Unable to write into user settings because the file has unsaved changes.');
    h.ui.manyAnswers = [(items) => ({ kind: 'button', button: 'modelSettings', item: items[1]!, picked: [...items] }), () => undefined];
    const again = [choose('Image input'), () => undefined];
    h.ui.choose = (items) => again.shift()!(items);
    await h.commands[Command.chooseChatModels]!(c.id);
    assert.deepEqual(settings.user.get(KEY), { 'azure-prod/mini': { toolCalling: true } });
    const error = h.ui.of('error').at(-1)!;
    assert.deepEqual([error.text, error.actions], ["Couldn't write your user settings: Unable to write into user settings because the file has unsaved changes.", ['Open Settings']]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(h.ui.commands.at(-1), { command: 'workbench.action.openSettings', args: ['aiConnections.chat.modelOverrides'] });
  });

  it("says when the workspace's own entry wins over the user's", async () => {
    const settings = settingsWith();
    settings.workspace.set(KEY, { 'azure-prod/mini': { toolCalling: true } });
    const h = harness({ configuration: settings });
    const c = await h.store.create(azure);
    h.ui.manyAnswers = [(items) => ({ kind: 'button', button: 'modelSettings', item: items[1]!, picked: [...items] }), () => undefined];
    const script = [choose('Image input'), choose('Tool calling'), () => undefined];
    h.ui.choose = (items) => script.shift()!(items);
    await h.commands[Command.chooseChatModels]!(c.id);
    assert.deepEqual(settings.user.get(KEY), { 'azure-prod/mini': { imageInput: true } }, 'what the user wants of the model');
    assert.deepEqual(
      h.ui.of('warn').map((w) => [w.text, w.actions]),
      [["This workspace's settings also set 'azure-prod/mini' in aiConnections.chat.modelOverrides, and win over your user settings.", ['Open Settings']]],
      'only once the workspace keeps tool calling on',
    );
  });
});
