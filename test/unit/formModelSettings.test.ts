/**
 * The form's Chat section shows each model's tool calling, image input and token limits with
 * where they come from, and a save writes what was adjusted into the user's settings
 * (`aiConnections.chat.modelOverrides`, under `alias/model`). The messages carrying them are
 * checked by schema both ways.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offeredModels } from '../../src/domain/chat/selection';
import type { ConnectionInput } from '../../src/domain/connection';
import { parseHostMessage, parseWebviewMessage, type ChatChoice } from '../../src/protocol/formProtocol';
import { wantedValues } from '../../src/ui/form/chatChoice';
import { formStrings } from '../../src/ui/text/form';
import { MemorySettings } from '../support/memoryPorts';
import { harness } from '../support/uiHarness';

const KEY = 'chat.modelOverrides';
const azure = (over: Partial<ConnectionInput> = {}, apiKey = 'sk-test-1234abcd'): ConnectionInput => ({
  providerId: 'azure-openai',
  name: 'Azure Prod',
  alias: 'azure-prod',
  scope: 'global',
  isActive: true,
  ...over,
  values: { endpoint: 'https://r.openai.azure.com', apiKey, deployment: 'gpt-4o-prod, mini' },
});

/** An Azure connection's edit form, opened and ready, over `settings`. */
async function editForm(settings: MemorySettings) {
  const h = harness({ configuration: settings });
  const connection = await h.store.create(azure());
  h.forms.open(connection);
  const session = h.forms.session(connection.id)!;
  await session.receive({ type: 'ready' });
  const init = h.views.last.last('init')!;
  const save = async (chat: ChatChoice, over: Partial<ConnectionInput> = {}) => {
    await session.receive({ type: 'save', requestId: 1, input: azure(over, ''), chat });
    return h.views.last.last('saveResult');
  };
  return { h, connection, init, save };
}

function settingsWith(user?: unknown): MemorySettings {
  const settings = new MemorySettings();
  if (user !== undefined) settings.user.set(KEY, structuredClone(user));
  return settings;
}

describe("the form's Chat section: each model's settings", () => {
  it('lists each model with its values, where they come from, and the values without the user entry', async () => {
    const { init } = await editForm(settingsWith({ 'azure-prod/gpt-4o-prod': { toolCalling: false }, mini: { maxInputTokens: 30000 } }));
    const [prod, mini] = init.chat!.models;
    assert.deepEqual(prod, {
      id: 'gpt-4o-prod',
      values: { toolCalling: false, imageInput: true, maxInputTokens: 111616, maxOutputTokens: 16384 },
      sources: { toolCalling: 'user', imageInput: 'table', maxInputTokens: 'table', maxOutputTokens: 'table' },
      base: { toolCalling: true, imageInput: true, maxInputTokens: 111616, maxOutputTokens: 16384 },
      baseSources: { toolCalling: 'table', imageInput: 'table', maxInputTokens: 'table', maxOutputTokens: 'table' },
    });
    assert.deepEqual(
      [mini!.values, mini!.sources],
      [
        { toolCalling: false, imageInput: false, maxInputTokens: 30000, maxOutputTokens: 4096 },
        { toolCalling: 'default', imageInput: 'default', maxInputTokens: 'user', maxOutputTokens: 'default' },
      ],
    );
  });

  it("a save writes the adjusted models under alias/model, keeping the user's other entries", async () => {
    const settings = settingsWith({ 'gpt-4o': { maxOutputTokens: 4096 }, 'azure-prod/mini': { imageInput: true } });
    const { h, save } = await editForm(settings);
    const result = await save({
      useInChat: true,
      models: [
        { id: 'gpt-4o-prod', toolCalling: false, maxInputTokens: 64000 },
        { id: 'mini', maxOutputTokens: 2000 },
      ],
    });
    assert.equal(result?.ok, true);
    assert.deepEqual(settings.user.get(KEY), {
      'gpt-4o': { maxOutputTokens: 4096 },
      'azure-prod/mini': { imageInput: true, maxOutputTokens: 2000 },
      'azure-prod/gpt-4o-prod': { toolCalling: false, maxInputTokens: 64000 },
    });
    assert.equal(settings.writes, 1, 'one write for the whole save');
    const offered = offeredModels(h.store.list().connections, h.chat, h.overrides.current());
    assert.deepEqual(
      offered.map((m) => [m.modelId, m.capabilities.toolCalling, m.maxInputTokens]),
      [
        ['gpt-4o-prod', false, 64000],
        ['mini', false, 8192],
      ],
    );
  });

  it("reset and an emptied limit go back to the values without the user's entry; a save that adjusts nothing writes nothing", async () => {
    const settings = settingsWith({ 'azure-prod/gpt-4o-prod': { toolCalling: false, maxInputTokens: 5000 }, 'azure-prod/mini': { maxInputTokens: 30000, imageInput: true } });
    const { save } = await editForm(settings);
    await save({ useInChat: true });
    assert.equal(settings.writes, 0);
    await save({
      useInChat: true,
      models: [
        { id: 'gpt-4o-prod', reset: true },
        { id: 'mini', maxInputTokens: null },
      ],
    });
    assert.deepEqual(settings.user.get(KEY), { 'azure-prod/mini': { imageInput: true } });
  });

  it("a changed alias takes the user's entries of the connection's models along", async () => {
    const settings = settingsWith({ 'azure-prod/gpt-4o-prod': { toolCalling: false }, 'azure-production/x': { toolCalling: true }, 'azure-prod-2/mini': { imageInput: true } });
    const { h, save } = await editForm(settings);
    assert.equal((await save({ useInChat: true, models: [{ id: 'mini', toolCalling: true }] }, { alias: 'azure-production' }))?.ok, true);
    assert.deepEqual(settings.user.get(KEY), { 'azure-production/gpt-4o-prod': { toolCalling: false }, 'azure-production/x': { toolCalling: true }, 'azure-prod-2/mini': { imageInput: true }, 'azure-production/mini': { toolCalling: true } });
    assert.deepEqual(
      offeredModels(h.store.list().connections, h.chat, h.overrides.current()).map((m) => [m.modelId, m.capabilities.toolCalling]),
      [
        ['gpt-4o-prod', false],
        ['mini', true],
      ],
    );
  });

  it('a user setting that is not an object is left as it is: the connection is saved, and the user told why its model settings were not', async () => {
    const settings = settingsWith('gpt-4o');
    const { h, save } = await editForm(settings);
    assert.equal((await save({ useInChat: true, models: [{ id: 'mini', toolCalling: true }] }, { name: 'Azure Renamed' }))?.ok, true);
    assert.equal(h.store.list().connections[0]!.name, 'Azure Renamed');
    assert.equal(settings.user.get(KEY), 'gpt-4o');
    assert.deepEqual(
      h.ui.of('error').map((e) => [e.text, e.actions]),
      [['Your user setting aiConnections.chat.modelOverrides is not an object of model settings, so it was left as it is. Correct it in settings.json, then try again.', ['Open Settings']]],
    );
  });

  it('refuses a save whose model settings are not valid: nothing is saved, nothing written, and the form is told', async () => {
    const settings = settingsWith({ 'gpt-4o': { maxOutputTokens: 4096 } });
    const { h, connection, save } = await editForm(settings);
    for (const change of [{ maxInputTokens: 0 }, { maxInputTokens: 1.5 }, { maxOutputTokens: 100_000_001 }, { maxInputTokens: '64000' }, { toolCalling: 'off' }, { contextWindow: 8000 }, { reset: false }]) {
      const result = await save({ useInChat: true, models: [{ id: 'mini', ...change }] } as never, { name: 'Changed' });
      assert.deepEqual([result?.ok, result?.errors], [false, { form: "The form sent values that can't be used. Check the fields and try again." }], JSON.stringify(change));
    }
    const twice = await save(
      {
        useInChat: true,
        models: [
          { id: 'mini', toolCalling: true },
          { id: 'mini', toolCalling: false },
        ],
      },
      { name: 'Changed' },
    );
    assert.equal(twice?.ok, false, 'a model changed twice');
    assert.equal(settings.writes, 0);
    assert.deepEqual(settings.user.get(KEY), { 'gpt-4o': { maxOutputTokens: 4096 } });
    assert.equal(h.store.get(connection.id)!.name, 'Azure Prod');
  });

  it('a model the connection does not list is not written', async () => {
    const settings = settingsWith();
    const { h, save } = await editForm(settings);
    assert.equal((await save({ useInChat: true, models: [{ id: 'gpt-5', toolCalling: true }] }))?.ok, true);
    assert.equal(settings.writes, 0);
    assert.match(h.logger.lines.join('\n'), /changed the settings of a model 'azure-prod' does not list/);
  });

  it('the values wanted: from those now, or after a reset from those without the entry; null for the value without it', () => {
    const values = { toolCalling: false, imageInput: true, maxInputTokens: 5000, maxOutputTokens: 100 };
    const base = { toolCalling: true, imageInput: true, maxInputTokens: 111616, maxOutputTokens: 16384 };
    assert.deepEqual(wantedValues({ id: 'm', imageInput: false }, values, base), { ...values, imageInput: false });
    assert.deepEqual(wantedValues({ id: 'm', reset: true, maxOutputTokens: 2000 }, values, base), { ...base, maxOutputTokens: 2000 });
    assert.deepEqual(wantedValues({ id: 'm', maxInputTokens: null }, values, base), { ...values, maxInputTokens: 111616 });
  });
});

describe('form protocol: model settings', () => {
  const model = {
    id: 'gpt-4o',
    values: { toolCalling: true, imageInput: true, maxInputTokens: 111616, maxOutputTokens: 16384 },
    sources: { toolCalling: 'table', imageInput: 'table', maxInputTokens: 'table', maxOutputTokens: 'user' },
    base: { toolCalling: true, imageInput: true, maxInputTokens: 111616, maxOutputTokens: 16384 },
    baseSources: { toolCalling: 'table', imageInput: 'table', maxInputTokens: 'table', maxOutputTokens: 'table' },
  };
  const init = (models: unknown[]) => ({
    type: 'init',
    strings: formStrings(),
    translations: {},
    language: 'en',
    mode: 'create',
    providers: [],
    storedSecrets: {},
    takenAliases: [],
    workspaceAvailable: false,
    chat: { providers: ['openai'], useInChat: true, models },
  });

  it('the host sends each model with its values and sources, and nothing else', () => {
    assert.equal(parseHostMessage(init([model])).ok, true);
    assert.equal(parseHostMessage(init([{ ...model, values: { ...model.values, maxInputTokens: 2_000_000_000 } }])).ok, true, 'a provider may report any limit');
    for (const wrong of [
      { ...model, apiKey: 'sk-test-1234abcd' },
      { ...model, sources: { ...model.sources, toolCalling: 'guess' } },
      { ...model, values: { ...model.values, maxInputTokens: 0 } },
      { ...model, base: { ...model.base, extra: true } },
      { id: 'gpt-4o', description: '128,000 in' },
    ]) {
      assert.equal(parseHostMessage(init([wrong])).ok, false, JSON.stringify(wrong));
    }
  });

  it('the webview sends what changed of each model: limits from 1 to 100,000,000, or null; on or off; reset', () => {
    const save = (models: unknown[]) => parseWebviewMessage({ type: 'save', requestId: 1, input: azure(), chat: { useInChat: true, models } });
    assert.equal(
      save([
        { id: 'a', toolCalling: false, imageInput: true, maxInputTokens: 1, maxOutputTokens: 100_000_000 },
        { id: 'b', reset: true, maxInputTokens: null },
      ]).ok,
      true,
    );
    for (const wrong of [{ id: '' }, { id: 'a', maxInputTokens: -1 }, { id: 'a', maxOutputTokens: 100_000_001 }, { id: 'a', reset: 'yes' }, { id: 'a', key: 'other/a' }, { toolCalling: true }]) {
      assert.equal(save([wrong]).ok, false, JSON.stringify(wrong));
    }
  });
});
