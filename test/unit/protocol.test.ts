import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/formProtocol';
import { formStrings } from '../../src/ui/text/form';
import { openAiInput } from '../support/fixtures';

describe('form protocol: webview to host', () => {
  it('accepts each known message', () => {
    for (const message of [{ type: 'ready' }, { type: 'cancel' }, { type: 'delete' }, { type: 'save', requestId: 1, input: openAiInput() }, { type: 'dirty', dirty: true, draft: openAiInput({}, { apiKey: '' }) }, { type: 'dirty', dirty: false }]) {
      assert.ok(parseWebviewMessage(message).ok, JSON.stringify(message));
    }
  });

  it('drops unknown types, extra fields and wrong shapes', () => {
    for (const message of [
      { type: 'runCommand', command: 'x' },
      { type: 'ready', extra: true },
      { type: 'save', requestId: 1, input: { ...openAiInput(), id: 'forged' } },
      { type: 'save', requestId: '1', input: openAiInput() },
      { type: 'save', requestId: 1 },
      null,
      'ready',
      42,
    ]) {
      assert.equal(parseWebviewMessage(message).ok, false, JSON.stringify(message));
    }
  });

  it('says why without echoing values', () => {
    const result = parseWebviewMessage({ type: 'save', requestId: 1, input: { ...openAiInput({}, { apiKey: 'sk-test-secret-value' }), bogus: 'sk-test-secret-value' } });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.reason.includes('sk-test-secret-value'));
    assert.match(!result.ok ? result.reason : '', /^type 'save'/);
  });
});

describe('form protocol: host to webview', () => {
  const init = {
    type: 'init',
    strings: formStrings(),
    translations: {},
    language: 'en',
    mode: 'create',
    providers: [...PROVIDERS],
    storedSecrets: {},
    takenAliases: [{ alias: 'a', name: 'A', scope: 'global' }],
    workspaceAvailable: true,
  };

  it('accepts init with every provider descriptor, and save results', () => {
    assert.ok(parseHostMessage(init).ok);
    assert.ok(parseHostMessage({ type: 'saveResult', requestId: 3, ok: false, errors: { alias: 'taken' }, message: 'm' }).ok);
  });

  it('refuses a stored secret value sneaking into init', () => {
    assert.equal(parseHostMessage({ ...init, storedSecrets: { apiKey: { value: 'sk-test-x' } } }).ok, false);
    // The reference slot takes references only: a literal (even one starting with $) is refused by the schema.
    for (const literal of ['sk-test-x', '$uperS3cret_4f9a2c', '$OpenAI', '${env:A}x']) {
      assert.equal(parseHostMessage({ ...init, storedSecrets: { apiKey: { reference: literal } } }).ok, false, literal);
    }
    assert.equal(parseHostMessage({ ...init, storedSecrets: { apiKey: { reference: '${env:OPENAI_API_KEY}' }, other: { reference: '$OpenAI:ApiKey' } } }).ok, true);
    assert.equal(parseHostMessage({ ...init, extra: 1 }).ok, false);
    assert.equal(parseHostMessage({ type: 'evaluate', code: '1' }).ok, false);
  });

  it('refuses an init whose texts are incomplete: the form has no English of its own to fall back on', () => {
    const { save: _save, ...withoutSave } = formStrings();
    for (const strings of [undefined, {}, withoutSave, { ...formStrings(), save: '' }, { ...formStrings(), save: 1 }, { ...formStrings(), unknownText: 'x' }]) {
      const result = parseHostMessage({ ...init, strings });
      assert.equal(result.ok, false, JSON.stringify(strings)?.slice(0, 80));
      assert.match(!result.ok ? result.reason : '', /strings/);
    }
  });

  it('takes the display language as a language tag only', () => {
    for (const language of ['en', 'de', 'pt-BR', 'zh-Hans', 'qps-ploc']) assert.equal(parseHostMessage({ ...init, language }).ok, true, language);
    for (const language of [undefined, '', 'en us', 'de"><script>', 'x'.repeat(300)]) assert.equal(parseHostMessage({ ...init, language }).ok, false, String(language));
  });
});
