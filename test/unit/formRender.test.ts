/**
 * The connection form's webview as a person uses it, under happy-dom with native elements behind
 * the toolkit (test/support/formWebview.ts): what Save and Test send, which answers of the host
 * count, what the unsaved-changes draft holds, map fields and the Chat section.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import type { FormModel, InitMessage } from '../../src/protocol/formProtocol';
import { FAKE_OPENAI_KEY } from '../support/fixtures';
import { FormPage, hostSays, initMessage, loadMessages } from '../support/formWebview';

// The reference hints wait 250 ms after typing; the tests move the clock themselves.
beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

/** A new OpenAI connection with everything Save needs typed in. */
function filledIn(init: Partial<InitMessage> = {}): FormPage {
  const page = new FormPage(initMessage(init));
  page.type('name', 'OpenAI Production');
  page.type('apiKey', FAKE_OPENAI_KEY);
  return page;
}

function model(id: string): FormModel {
  const values = { toolCalling: true, imageInput: false, maxInputTokens: 128000, maxOutputTokens: 16384 };
  const sources = { toolCalling: 'provider', imageInput: 'default', maxInputTokens: 'table', maxOutputTokens: 'table' } as const;
  return { id, values, sources, base: values, baseSources: sources };
}

const chatOf = (ids: string[], chosen?: string[]): InitMessage['chat'] => ({ providers: ['openai'], useInChat: true, models: ids.map(model), ...(chosen ? { chosen } : {}) });

describe('the form webview', () => {
  it('asks the host for the form as it loads, and renders the form the host sends', () => {
    assert.deepEqual(loadMessages, [{ type: 'ready' }], 'ready first');
    const page = new FormPage(initMessage());
    assert.equal(page.text('h1'), 'New Connection', 'heading');
    assert.equal(page.field('providerId').value, 'openai', 'the first provider');
    assert.equal(page.field('apiKey').type, 'password', 'the key field masks what is typed');
    page.type('apiKey', '${env:OPENAI_API_KEY}');
    assert.equal(page.field('apiKey').type, 'text', 'a reference reads as text');
  });

  it('suggests the alias from the name until the user types one', () => {
    const page = new FormPage(initMessage());
    page.type('name', 'OpenAI Production');
    assert.equal(page.field('alias').value, 'openai-production', 'suggested');
    page.type('alias', 'mine');
    page.type('name', 'Other');
    assert.equal(page.field('alias').value, 'mine', 'kept');
  });
});

describe('Save', () => {
  it('sends the values once, with the alias trimmed', () => {
    const page = filledIn();
    page.type('alias', '  openai-prod ');
    page.click('Save');
    const [save, ...more] = page.sent('save');
    assert.ok(save, 'a save message');
    assert.equal(more.length, 0, 'one');
    assert.equal(save.input.alias, 'openai-prod', 'the alias as it will be stored');
    assert.equal(save.input.values.apiKey, FAKE_OPENAI_KEY, 'the key, in the save payload only');
  });

  it('a second Save while one is pending sends nothing; Save reads Saving… until the answer', () => {
    const page = filledIn();
    page.click('Save');
    assert.equal(page.button('Saving…').disabled, true, 'Save is disabled while pending');
    page.click('Saving…');
    page.press('name', 'Enter');
    page.press('isActive', 'Enter', { ctrlKey: true });
    assert.equal(page.sent('save').length, 1, 'nothing more sent while the first is pending');
    hostSays({ type: 'saveResult', requestId: page.sent('save')[0]!.requestId, ok: false, errors: { alias: 'Taken.' } });
    assert.equal(page.button('Save').disabled, false, 'Save is possible again');
    assert.equal(page.error('alias'), 'Taken.', "the host's error beside its field");
    page.press('name', 'Enter');
    assert.equal(page.sent('save').length, 2, 'Enter in a text field saves again');
  });

  it('a stale answer (to an earlier save) changes nothing: the latest save stays pending', () => {
    const page = filledIn();
    page.click('Save');
    const first = page.sent('save')[0]!;
    hostSays({ type: 'saveResult', requestId: first.requestId, ok: false, errors: {}, message: 'The store was busy.' });
    assert.equal(page.text('.form-error'), 'The store was busy.', "the host's message");
    page.click('Save');
    const second = page.sent('save')[1]!;
    assert.notEqual(second.requestId, first.requestId, 'a new request id');
    hostSays({ type: 'saveResult', requestId: first.requestId, ok: true, errors: {} });
    assert.equal(page.button('Saving…').disabled, true, 'still saving after the stale answer');
    page.click('Saving…');
    assert.equal(page.sent('save').length, 2, 'and a Save still sends nothing');
    hostSays({ type: 'saveResult', requestId: second.requestId, ok: true, errors: {} });
    assert.equal(page.button('Save').disabled, false, 'the answer to the latest save counts');
  });

  it('values that fail the checks send nothing and show what is wrong beside each field', () => {
    const page = new FormPage(initMessage({ takenAliases: [{ alias: 'openai-prod', name: 'Prod', scope: 'global' }] }));
    page.type('name', 'OpenAI Prod');
    page.click('Save');
    assert.equal(page.sent('save').length, 0, 'nothing sent');
    assert.notEqual(page.error('alias'), '', 'the alias is taken');
    assert.notEqual(page.error('apiKey'), '', 'the key is missing');
    assert.equal(page.field('alias').getAttribute('aria-invalid'), 'true', 'the field is marked');
  });
});

describe('the unsaved-changes draft', () => {
  it('never holds a key typed into a key field; only the save and test messages carry it', () => {
    const page = filledIn();
    page.type('organization', 'org-1');
    const drafts = page.sent('dirty');
    assert.ok(drafts.length > 0 && drafts.every((m) => m.dirty && m.draft), 'the host hears of each change, with a draft');
    assert.equal(drafts.at(-1)!.draft!.values.organization, 'org-1', 'the draft holds the other values');
    page.click('Test');
    page.click('Save');
    for (const message of page.posted) {
      const carries = JSON.stringify(message).includes(FAKE_OPENAI_KEY);
      assert.equal(carries, message.type === 'save' || message.type === 'test', `${message.type} ${carries ? 'carries' : 'does not carry'} the key`);
    }
  });

  it("never holds a secrets map's values", () => {
    const page = new FormPage(initMessage());
    page.choose('providerId', 'custom');
    page.type('secrets[0].key', 'api_key');
    page.type('secrets[0].value', 'typed-secret-value');
    page.type('configs[0].key', 'endpoint');
    page.type('configs[0].value', 'https://example.com');
    const draft = page.sent('dirty').at(-1)!.draft!;
    assert.deepEqual(draft.values.configs, { endpoint: 'https://example.com' }, 'configs kept');
    assert.ok(!page.posted.some((m) => JSON.stringify(m).includes('typed-secret-value')), 'the secret is in no message');
  });

  it('a restored draft shows as such, fills the form and is dirty from the start', () => {
    const draft = { providerId: 'openai', name: 'Half done', alias: 'half-done', scope: 'global' as const, isActive: false, values: { organization: 'org-2' } };
    const page = new FormPage(initMessage({ draft }));
    assert.ok(page.root.textContent!.includes(initMessage().strings.draftRestored), 'the note');
    assert.deepEqual([page.field('name').value, page.field('organization').value, page.field('isActive').checked], ['Half done', 'org-2', false], 'values restored');
    assert.equal(page.sent('dirty')[0]?.dirty, true, 'dirty at once');
  });

  it('tells the host once the form is back as it started', () => {
    const page = new FormPage(initMessage());
    page.type('organization', 'org-1');
    page.type('organization', '');
    assert.deepEqual(page.sent('dirty').at(-1), { type: 'dirty', dirty: false }, 'clean again');
  });
});

describe('map fields', () => {
  it('a row with a value and no name is reported, not dropped', () => {
    const page = new FormPage(initMessage());
    page.choose('providerId', 'custom');
    page.type('name', 'Custom');
    page.type('secrets[0].key', 'api_key');
    page.type('secrets[0].value', 'typed-secret-value');
    page.type('configs[0].value', 'https://example.com');
    page.click('Save');
    assert.equal(page.sent('save').length, 0, 'nothing saved');
    assert.notEqual(page.error('configs'), '', 'the row without a name is reported');
    page.type('configs[0].key', 'endpoint');
    page.click('Save');
    assert.deepEqual(page.sent('save')[0]?.input.values.configs, { endpoint: 'https://example.com' }, 'saved once named');
  });
});

describe('the Chat section', () => {
  it('with every model checked, Save sends no list: Chat follows the models as they change', () => {
    const page = filledIn({ chat: chatOf(['gpt-4o', 'gpt-4o-mini']) });
    page.click('Save');
    assert.deepEqual(page.sent('save')[0]?.chat, { useInChat: true }, 'no chosen list');
  });

  it('a model unchecked sends the list of the others; checking it again sends none', () => {
    const page = filledIn({ chat: chatOf(['gpt-4o', 'gpt-4o-mini'], ['gpt-4o']) });
    assert.equal(page.field('chatModel:gpt-4o-mini').checked, false, 'as chosen before');
    page.click('Save');
    assert.deepEqual(page.sent('save')[0]?.chat, { useInChat: true, chosen: ['gpt-4o'] }, 'the list');
    hostSays({ type: 'saveResult', requestId: 1, ok: false, errors: {} });
    page.check('chatModel:gpt-4o-mini', true);
    page.click('Save');
    assert.deepEqual(page.sent('save')[1]?.chat, { useInChat: true }, 'all checked: no list');
  });
});

describe('Test', () => {
  it("shows the latest test's result; an answer to an earlier test is stale", () => {
    const page = filledIn();
    page.click('Test');
    assert.equal(page.button('Test').disabled, true, 'Test waits for the answer');
    page.click('Test');
    assert.equal(page.sent('test').length, 1, 'one test at a time');
    const first = page.sent('test')[0]!;
    hostSays({ type: 'testResult', requestId: first.requestId, result: { success: false, latencyMs: 5, errorMessage: 'Unauthorized.' }, errors: {} });
    assert.equal(page.text('.test-result'), '✗ Unauthorized.', 'the answer');
    page.click('Test');
    const second = page.sent('test')[1]!;
    hostSays({ type: 'testResult', requestId: first.requestId, result: { success: true, latencyMs: 5, modelCount: 3 }, errors: {} });
    assert.equal(page.text('.test-result'), initMessage().strings.testing, 'a late answer to the first test is not shown');
    hostSays({ type: 'testResult', requestId: second.requestId, result: { success: true, latencyMs: 120.4, modelCount: 1 }, errors: {} });
    assert.equal(page.text('.test-result'), '✓ Works: 1 model, 120 ms.', 'the latest');
    assert.equal(page.button('Test').disabled, false, 'Test is possible again');
  });
});

describe('providers and references', () => {
  it('switching provider starts from its defaults; switching back brings back what was typed', () => {
    const page = new FormPage(initMessage());
    page.type('baseUrl', 'https://proxy.example.com/v1');
    page.choose('providerId', 'mistral');
    assert.equal(page.field('baseUrl').value, 'https://api.mistral.ai', "Mistral's own");
    page.choose('providerId', 'openai');
    assert.equal(page.field('baseUrl').value, 'https://proxy.example.com/v1', 'as typed');
  });

  it('hides fields whose condition fails, and says where a key goes', () => {
    const page = new FormPage(initMessage());
    page.choose('providerId', 'azure-openai');
    page.type('endpoint', 'https://contoso.openai.azure.com');
    assert.match(page.text('[data-destination-for="apiKey"]') ?? '', /contoso\.openai\.azure\.com/, 'the host the key goes to');
    page.choose('authMode', 'entra');
    assert.equal((page.root.querySelector('[data-field="apiKey"]') as unknown as { hidden: boolean }).hidden, true, 'no key field with Entra ID');
  });

  it("says the proxy password goes to the proxy, not the connection's host, and names no host for the client key's passphrase", () => {
    const page = new FormPage(initMessage());
    page.type('baseUrl', 'https://llm.example.com/v1');
    page.choose('proxy', 'custom');
    page.type('proxyUrl', 'http://proxy.example.com:3128');
    assert.match(page.text('[data-destination-for="apiKey"]') ?? '', /llm\.example\.com/, 'the key goes to the server');
    assert.equal(page.text('[data-destination-for="proxyPassword"]'), 'Sent only to proxy.example.com:3128', 'the proxy password goes to the proxy');
    page.type('proxyUrl', '${env:HTTPS_PROXY}');
    assert.match(page.text('[data-destination-for="proxyPassword"]') ?? '', /\$\{env:HTTPS_PROXY\}/, 'or to the proxy the reference names');
    assert.equal(page.root.querySelector('[data-destination-for="clientKeyPassphrase"]'), null, 'the passphrase opens the key file and is sent nowhere');
  });

  it('asks where a reference typed resolves from, and shows only the latest answer for the field', () => {
    const page = filledIn();
    page.type('apiKey', '${env:FIRST_KEY}');
    mock.timers.tick(250);
    page.type('apiKey', '${env:OPENAI_API_KEY}');
    mock.timers.tick(250);
    const asked = page.sent('resolveReference').filter((m) => m.field === 'apiKey');
    assert.deepEqual(
      asked.map((m) => m.reference),
      ['${env:FIRST_KEY}', '${env:OPENAI_API_KEY}'],
      'asked after each pause',
    );
    hostSays({ type: 'referenceHint', requestId: asked[1]!.requestId, field: 'apiKey', reference: '${env:OPENAI_API_KEY}', ok: true, text: '→ OPENAI_API_KEY' });
    hostSays({ type: 'referenceHint', requestId: asked[0]!.requestId, field: 'apiKey', reference: '${env:FIRST_KEY}', ok: false, text: '✗ FIRST_KEY is not set' });
    assert.equal(page.text('[data-hint-for="apiKey"]'), '→ OPENAI_API_KEY', 'the stale answer is dropped');
  });
});

describe('the key source picker', () => {
  /** A key field's input and the picker beside it. */
  const keyParts = (page: FormPage, key: string) => ({ input: page.field(key), picker: page.field(`keySource:${key}`) });

  it('sits beside every key field, named for screen readers, listing a typed key and every kind of reference', () => {
    const strings = initMessage().strings;
    let seen = 0;
    for (const provider of PROVIDERS) {
      const page = new FormPage(initMessage());
      page.choose('providerId', provider.id);
      for (const field of provider.fields.filter((f) => f.kind === 'password')) {
        const { input, picker } = keyParts(page, field.key);
        assert.equal(picker.tagName, 'SELECT', `${provider.id}.${field.key}: a drop-down`);
        assert.equal(picker.parentElement, input.closest('.secret-field')?.parentElement, `${provider.id}.${field.key}: beside its input`);
        assert.equal(picker.getAttribute('aria-label'), `Where ${field.label} comes from`, `${provider.id}.${field.key}: its accessible name`);
        const options = Array.from((picker as unknown as { options: ArrayLike<{ value: string; textContent: string }> }).options);
        assert.deepEqual(
          options.map((o) => o.textContent),
          ['Typed key', 'Environment variable', 'appsettings.json', '1Password', 'pass', 'gopass', 'HashiCorp Vault', 'Azure Key Vault', 'Key command'],
          `${provider.id}.${field.key}: its choices`,
        );
        assert.equal(picker.value, 'typed', `${provider.id}.${field.key}: an empty field is a typed key`);
        seen += 1;
      }
    }
    assert.ok(seen >= 10, `every provider's key field was looked at (${seen})`);
    assert.ok(strings.keySources.typed, 'the texts come from the host');
  });

  it('choosing 1Password fills in its template with the part to replace selected, and the form hears it as typed', () => {
    const page = new FormPage(initMessage());
    page.choose('keySource:apiKey', 'onePassword');
    const { input, picker } = keyParts(page, 'apiKey');
    assert.equal(input.value, 'op://vault/item/field', 'the template');
    assert.equal(input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0), 'vault/item/field', 'the part to type over is selected');
    assert.equal(input.ownerDocument.activeElement, input, 'the field has the focus');
    assert.equal(input.type, 'text', 'a reference reads as text');
    assert.equal(picker.value, 'onePassword', 'the picker shows the source');
    assert.equal(page.sent('dirty').at(-1)?.dirty, true, 'the form is dirty');
    mock.timers.tick(250);
    const asked = page.sent('resolveReference').filter((m) => m.field === 'apiKey');
    assert.deepEqual(
      asked.map((m) => m.reference),
      ['op://vault/item/field'],
      'the usual hint request',
    );
  });

  it("fills in the provider's own environment variable and configuration path", () => {
    const page = new FormPage(initMessage());
    page.choose('providerId', 'anthropic');
    page.choose('keySource:apiKey', 'env');
    const { input } = keyParts(page, 'apiKey');
    assert.equal(input.value, '${env:ANTHROPIC_API_KEY}', "the provider's variable");
    assert.equal(input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0), 'ANTHROPIC_API_KEY', 'selected');
    page.choose('keySource:apiKey', 'config');
    assert.equal(input.value, '$Anthropic:ApiKey', "the provider's section");
  });

  it('opens on the source of a stored reference, and follows what is typed', () => {
    const connection = { id: '5f0c3b5e-8a2b-4a4e-9a55-3d2f1c0b9e7a', providerId: 'openai', name: 'Team OpenAI', alias: 'team-openai', scope: 'global' as const, isActive: true, settings: {} };
    const page = new FormPage(initMessage({ mode: 'edit', connection, storedSecrets: { apiKey: { reference: '${pass:team/openai}' } } }));
    const { picker } = keyParts(page, 'apiKey');
    assert.equal(picker.value, 'pass', 'pass chosen');
    page.type('apiKey', '${vault:secret/team/openai#api_key}');
    assert.equal(picker.value, 'hashicorp', 'typed: HashiCorp Vault');
    page.type('apiKey', FAKE_OPENAI_KEY);
    assert.equal(picker.value, 'typed', 'a key typed');
    assert.ok(!picker.outerHTML.includes(FAKE_OPENAI_KEY), 'the picker never holds the key');
  });

  it('"Typed key" empties a reference, and keeps a key already typed', () => {
    const connection = { id: '5f0c3b5e-8a2b-4a4e-9a55-3d2f1c0b9e7a', providerId: 'openai', name: 'Team OpenAI', alias: 'team-openai', scope: 'global' as const, isActive: true, settings: {} };
    const page = new FormPage(initMessage({ mode: 'edit', connection, storedSecrets: { apiKey: { reference: '${pass:team/openai}' } } }));
    page.choose('keySource:apiKey', 'typed');
    const { input, picker } = keyParts(page, 'apiKey');
    assert.equal(input.value, '', 'emptied');
    assert.equal(input.type, 'password', 'masked again');
    assert.equal(picker.value, 'typed', 'the picker shows a typed key');
    assert.equal(input.ownerDocument.activeElement, input, 'ready for the key');
    page.type('apiKey', FAKE_OPENAI_KEY);
    page.choose('keySource:apiKey', 'typed');
    assert.equal(input.value, FAKE_OPENAI_KEY, 'a typed key stays');
  });
});
