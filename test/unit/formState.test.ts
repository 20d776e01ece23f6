/**
 * The connection form's state without its elements (webview-ui/formState.ts), in plain Node: the
 * values it submits, when it is dirty, which answers of the host are stale, and what a draft may
 * hold: never a key typed into a secret field.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ConnectionInput } from '../../src/domain/connection';
import { findProvider } from '../../src/domain/providers/catalog';
import { connectionInput, draftOf, FormState, mapEntries, type FormReading, type FormSnapshot } from '../../webview-ui/formState';
import { FAKE_AZURE_KEY, FAKE_OPENAI_KEY } from '../support/fixtures';

const openai = findProvider('openai')!;
const azure = findProvider('azure-openai')!;
const custom = findProvider('custom')!;

function reading(overrides: Partial<FormReading> = {}): FormReading {
  return { name: 'OpenAI Production', alias: 'openai-prod', scope: 'global', isActive: true, fields: { apiKey: FAKE_OPENAI_KEY, baseUrl: 'https://api.openai.com/v1' }, maps: { extra: {} }, ...overrides };
}

const snapshot = (input: ConnectionInput, chat: unknown = undefined): FormSnapshot => ({ input, chat });

describe("the form's values as a connection input", () => {
  it('trims the alias as typed (the name is sent as typed)', () => {
    const input = connectionInput(openai, reading({ name: ' Prod ', alias: '  openai-prod \t' }));
    assert.equal(input.alias, 'openai-prod', 'the alias is trimmed');
    assert.equal(input.name, ' Prod ', 'the name is not');
  });

  it('names the folder of a workspace connection only', () => {
    const folder = 'file:///work/a';
    assert.equal(connectionInput(openai, reading({ scope: 'workspace', folder })).folder, folder, 'a workspace connection keeps its folder');
    assert.ok(!('folder' in connectionInput(openai, reading({ scope: 'global', folder }))), 'a global connection has no folder');
    assert.ok(!('folder' in connectionInput(openai, reading({ scope: 'workspace', folder: '' }))), 'an empty folder is none');
    assert.equal(connectionInput(openai, reading({ scope: 'anything else' })).scope, 'global', 'any other scope reads as global');
  });

  it("leaves out fields whose condition fails, and reads a check box's value as true or false", () => {
    const values = (authMode: string) => connectionInput(azure, reading({ fields: { endpoint: 'https://x.openai.azure.com', authMode, apiKey: FAKE_AZURE_KEY }, maps: { extra: {} } })).values;
    assert.equal(values('key').apiKey, FAKE_AZURE_KEY, 'the key is sent with key authentication');
    assert.ok(!('apiKey' in values('entra')), 'a key typed before switching to Entra ID is not sent');
    const active = (isActive: boolean) => connectionInput(openai, reading({ isActive })).isActive;
    assert.deepEqual([active(true), active(false)], [true, false], 'Active as typed');
  });
});

describe("a map field's rows as entries", () => {
  it('keeps a row with a value and no name, under the empty name, for the checks to report', () => {
    assert.deepEqual(mapEntries([{ key: '', value: 'https://example.com' }]), { '': 'https://example.com' }, 'the row is kept, not dropped');
    assert.deepEqual(mapEntries([{ key: '  ', value: 'x' }]), { '': 'x' }, 'a name of spaces is no name');
  });

  it('leaves out rows with neither a name nor a value, and trims names (not values)', () => {
    assert.deepEqual(
      mapEntries([
        { key: '', value: '' },
        { key: ' region ', value: ' westeurope ' },
        { key: 'empty', value: '' },
      ]),
      { region: ' westeurope ', empty: '' },
      'entries',
    );
  });
});

describe('what a draft may hold', () => {
  it('never a key typed into a key field', () => {
    const input = connectionInput(openai, reading());
    assert.equal(input.values.apiKey, FAKE_OPENAI_KEY, 'the save payload has the key');
    const draft = draftOf(openai, input);
    assert.ok(!('apiKey' in draft.values), 'the draft has no key');
    assert.equal(draft.values.baseUrl, 'https://api.openai.com/v1', 'the draft keeps the other values');
    assert.ok(!JSON.stringify(draft).includes(FAKE_OPENAI_KEY), 'the key is nowhere in the draft');
  });

  it("never a secrets map's values; a configs map's values stay", () => {
    const input = connectionInput(custom, reading({ fields: {}, maps: { configs: { endpoint: 'https://example.com' }, secrets: { api_key: 'typed-secret-value' } } }));
    const draft = draftOf(custom, input);
    assert.ok(!('secrets' in draft.values), 'no secrets in the draft');
    assert.deepEqual(draft.values.configs, { endpoint: 'https://example.com' }, 'configs kept');
  });

  it("the dirty message's draft, for any key typed into any provider's secret fields (property)", () => {
    const secretFields = (p: typeof openai) => p.fields.filter((f) => f.kind === 'password' || (f.kind === 'map' && f.secret));
    fc.assert(
      fc.property(
        fc.constantFrom(openai, azure, custom),
        fc.string({ minLength: 8 }).filter((s) => s.trim() === s && /\w{8}/.test(s)),
        (provider, key) => {
          const fields: FormReading['fields'] = { authMode: 'key' };
          const maps: FormReading['maps'] = {};
          for (const field of secretFields(provider)) {
            if (field.kind === 'map') maps[field.key] = { api_key: key };
            else fields[field.key] = key;
          }
          const state = new FormState('create');
          const input = connectionInput(provider, reading({ fields, maps }));
          state.start(snapshot({ ...input, values: {} }), false);
          const message = state.changed(provider, snapshot(input));
          assert.ok(message?.dirty === true && message.draft, 'a dirty message with a draft');
          assert.ok(!JSON.stringify(message).includes(key), `the key typed is not in the draft of ${provider.id}`);
        },
      ),
    );
  });
});

describe('dirty tracking', () => {
  const start = connectionInput(openai, reading());
  const changed = connectionInput(openai, reading({ name: 'Renamed' }));

  it('tells the host once the form differs from the values saved, and once it is back', () => {
    const state = new FormState('edit');
    state.start(snapshot(start), false);
    assert.equal(state.changed(openai, snapshot(start)), undefined, 'nothing to tell while clean');
    assert.deepEqual(state.changed(openai, snapshot(changed)), { type: 'dirty', dirty: true, draft: draftOf(openai, changed) }, 'dirty, with a draft');
    assert.equal(state.changed(openai, snapshot(changed))?.dirty, true, 'each change while dirty updates the draft');
    assert.deepEqual(state.changed(openai, snapshot(start)), { type: 'dirty', dirty: false }, 'clean again, without a draft');
    assert.equal(state.changed(openai, snapshot(start)), undefined, 'said once');
  });

  it("counts the Chat section's state", () => {
    const state = new FormState('edit');
    state.start(snapshot(start, [true, []]), false);
    assert.equal(state.changed(openai, snapshot(start, [false, []]))?.dirty, true, 'Chat unchecked');
  });

  it('a restored draft is dirty from the start, even unchanged', () => {
    const state = new FormState('create');
    state.start(snapshot(start), true);
    assert.equal(state.changed(openai, snapshot(start))?.dirty, true, 'dirty');
  });

  it('a save makes the values saved the clean state', () => {
    const state = new FormState('create');
    state.start(snapshot(start), true);
    assert.equal(state.changed(openai, snapshot(changed))?.dirty, true, 'dirty');
    const save = state.requestSave(() => ({ input: changed }));
    assert.ok(save, 'a save request');
    assert.equal(state.saveAnswered(save.requestId, snapshot(changed)), true, 'the answer is current');
    assert.deepEqual(state.changed(openai, snapshot(changed)), { type: 'dirty', dirty: false }, 'clean after the save');
  });
});

describe('Save', () => {
  const input = connectionInput(openai, reading());

  it('a second Save while one is pending sends nothing and checks nothing', () => {
    const state = new FormState('create');
    let prepared = 0;
    const prepare = () => {
      prepared++;
      return { input };
    };
    const first = state.requestSave(prepare);
    assert.deepEqual(first, { type: 'save', requestId: 1, input }, 'the first Save is sent');
    assert.equal(state.requestSave(prepare), undefined, 'the second is not');
    assert.equal(prepared, 1, 'the values were checked once');
    state.saveAnswered(1, undefined);
    assert.equal(state.requestSave(prepare)?.requestId, 2, 'after the answer, Save works again');
  });

  it('values that fail their checks send nothing and leave Save possible', () => {
    const state = new FormState('create');
    assert.equal(
      state.requestSave(() => undefined),
      undefined,
      'nothing sent',
    );
    assert.equal(state.requestSave(() => ({ input }))?.requestId, 1, 'the next Save is sent');
  });

  it('carries the Chat choice when the form has a Chat section', () => {
    const state = new FormState('create');
    const chat = { useInChat: true };
    assert.deepEqual(
      state.requestSave(() => ({ input, chat })),
      { type: 'save', requestId: 1, input, chat },
      'with the choice',
    );
  });

  it('an answer to an earlier save is stale: Save stays pending and the values are not taken as saved', () => {
    const state = new FormState('edit');
    const saved = connectionInput(openai, reading({ name: 'Saved' }));
    state.start(snapshot(input), false);
    const first = state.requestSave(() => ({ input: saved }))!;
    assert.equal(state.saveAnswered(first.requestId, undefined), true, 'the first save failed');
    const second = state.requestSave(() => ({ input: saved }))!;
    assert.equal(state.saveAnswered(first.requestId, snapshot(saved)), false, "a late 'saved' for the first is stale");
    assert.equal(
      state.requestSave(() => ({ input: saved })),
      undefined,
      'the second save is still pending',
    );
    assert.equal(state.changed(openai, snapshot(saved))?.dirty, true, 'and the form is still dirty');
    assert.equal(state.saveAnswered(second.requestId + 1, snapshot(saved)), false, 'an answer to a save never sent is stale too');
    assert.equal(state.saveAnswered(second.requestId, snapshot(saved)), true, 'the answer to the second is current');
  });
});

describe('Test and reference hints', () => {
  it('only the answer to the latest test counts', () => {
    const state = new FormState('create');
    const input = connectionInput(openai, reading());
    const first = state.requestTest(input);
    const second = state.requestTest(input);
    assert.deepEqual(second, { type: 'test', requestId: 2, input }, 'a test request');
    assert.deepEqual([state.testAnswered(first.requestId), state.testAnswered(second.requestId)], [false, true], 'the first is stale');
  });

  it("only the answer to a field's latest hint request counts, and none once the field holds no reference", () => {
    const state = new FormState('create');
    const first = state.hintRequested('apiKey');
    const other = state.hintRequested('baseUrl');
    const second = state.hintRequested('apiKey');
    assert.deepEqual([state.hintAnswered('apiKey', first), state.hintAnswered('apiKey', second), state.hintAnswered('baseUrl', other)], [false, true, true], 'per field');
    assert.equal(state.hintAnswered('baseUrl', second), false, "another field's id");
    state.hintDropped('apiKey');
    assert.equal(state.hintAnswered('apiKey', second), false, 'dropped');
  });
});

describe('typing', () => {
  it('the alias follows the name until the user types one, and again once it is emptied', () => {
    const state = new FormState('create');
    assert.equal(state.nameChanged('OpenAI Production'), 'openai-production', 'suggested');
    state.aliasChanged('mine');
    assert.equal(state.nameChanged('Other'), undefined, 'a typed alias stays');
    state.aliasChanged('');
    assert.equal(state.nameChanged('Other'), 'other', 'an emptied alias is suggested again');
    assert.equal(new FormState('edit').nameChanged('Renamed'), undefined, "editing keeps the connection's alias");
  });

  it("remembers values per provider: switching back brings them back, another provider's fields start from their defaults", () => {
    const state = new FormState('create');
    state.remember('openai', { baseUrl: 'https://proxy.example.com/v1', organization: 'org-1' });
    assert.equal(state.initialValues(openai, undefined).baseUrl, 'https://proxy.example.com/v1', 'remembered');
    assert.equal(state.initialValues(findProvider('mistral')!, undefined).baseUrl, 'https://api.mistral.ai', "Mistral's default, not OpenAI's URL");
    assert.equal(state.initialValues(openai, { baseUrl: 'https://given.example.com' }).baseUrl, 'https://given.example.com', 'values given come first');
  });
});
