import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConnection, type ValidationContext } from '../../src/domain/validation';
import { azureInput, openAiInput } from '../support/fixtures';

const context = (over: Partial<ValidationContext> = {}): ValidationContext => ({ takenAliases: new Map(), workspaceAvailable: true, ...over });

function errorsOf(input: unknown, ctx = context()) {
  const result = validateConnection(input, ctx);
  assert.equal(result.ok, false, 'expected validation to fail');
  return result.ok ? {} : result.errors;
}

describe('validateConnection', () => {
  it('accepts a complete OpenAI connection and splits secret from settings', () => {
    const result = validateConnection(openAiInput({}, { organization: 'org-test' }), context());
    assert.ok(result.ok);
    assert.deepEqual(result.value.secrets, { apiKey: 'sk-test-openai-0000000000000000' });
    assert.deepEqual(result.value.settings, { organization: 'org-test', baseUrl: 'https://api.openai.com/v1' });
    assert.deepEqual(result.value.secretKeys, ['apiKey']);
  });

  it('maps errors to the fields they belong to', () => {
    const errors = errorsOf(openAiInput({ name: '', alias: 'Bad Alias' }, { apiKey: '', baseUrl: 'not a url' }));
    assert.deepEqual(errors.name, { code: 'validation.nameRequired' });
    assert.deepEqual(errors.alias, { code: 'validation.aliasPattern' });
    assert.deepEqual(errors.apiKey, { code: 'validation.required', label: 'API Key' });
    assert.deepEqual(errors.baseUrl, { code: 'validation.url' });
  });

  it('names who already uses an alias', () => {
    const errors = errorsOf(openAiInput(), context({ takenAliases: new Map([['openai-prod', { name: 'Prod', scope: 'workspace' as const }]]) }));
    assert.deepEqual(errors.alias, { code: 'validation.aliasTaken', alias: 'openai-prod', owner: 'Prod', scope: 'workspace' });
  });

  it('enforces alias and name limits', () => {
    assert.deepEqual(errorsOf(openAiInput({ alias: 'a'.repeat(65) })).alias, { code: 'validation.aliasPattern' });
    assert.deepEqual(errorsOf(openAiInput({ alias: '-lead' })).alias, { code: 'validation.aliasPattern' });
    assert.deepEqual(errorsOf(openAiInput({ alias: '' })).alias, { code: 'validation.aliasRequired' });
    assert.deepEqual(errorsOf(openAiInput({ name: 'n'.repeat(101) })).name, { code: 'validation.nameTooLong', max: 100 });
    assert.ok(validateConnection(openAiInput({ alias: 'a'.repeat(64) }), context()).ok);
  });

  it('requires the Azure key only in key mode', () => {
    assert.deepEqual(errorsOf(azureInput({}, { apiKey: '' })).apiKey, { code: 'validation.required', label: 'API Key' });
    const entra = validateConnection(azureInput({}, { authMode: 'entra', apiKey: '' }), context());
    assert.ok(entra.ok);
    assert.deepEqual(entra.value.secretKeys, []);
    assert.equal(entra.value.settings.apiVersion, '2024-10-21');
  });

  it('refuses an invalid endpoint URL but accepts a reference', () => {
    assert.deepEqual(errorsOf(azureInput({}, { endpoint: 'my-resource' })).endpoint, { code: 'validation.url' });
    assert.deepEqual(errorsOf(azureInput({}, { endpoint: 'ftp://x' })).endpoint, { code: 'validation.url' });
    assert.ok(validateConnection(azureInput({}, { endpoint: '$Azure:Endpoint' }), context()).ok);
  });

  it('accepts a reference as a secret value, stored as typed', () => {
    const result = validateConnection(openAiInput({}, { apiKey: '${env:OPENAI_API_KEY}' }), context());
    assert.ok(result.ok);
    assert.equal(result.value.secrets.apiKey, '${env:OPENAI_API_KEY}');
  });

  it('lets an edit leave a stored secret empty', () => {
    const result = validateConnection(openAiInput({}, { apiKey: '' }), context({ existing: { providerId: 'openai', scope: 'global', settings: {}, secretKeys: ['apiKey'] } }));
    assert.ok(result.ok);
    assert.deepEqual(result.value.secrets, {});
    assert.deepEqual(result.value.secretKeys, ['apiKey']);
  });

  it('keeps a stored key left empty only while the URL keeps its scheme, host and port', () => {
    const existing = { providerId: 'openai', scope: 'global' as const, settings: { baseUrl: 'https://gateway.example/v1' }, secretKeys: ['apiKey'] };
    const edit = (baseUrl: string) => validateConnection(openAiInput({}, { apiKey: '', baseUrl }), context({ existing }));
    assert.ok(edit('https://gateway.example/v2').ok, 'another path on the same host keeps the key');
    for (const moved of ['https://attacker.example/v1', 'http://gateway.example/v1', 'https://gateway.example:8443/v1', '${env:OPENAI_BASE_URL}', '']) {
      const result = edit(moved);
      assert.ok(!result.ok, moved);
      assert.deepEqual(result.errors.apiKey, { code: 'validation.keyForOtherHost' }, moved);
    }
    // A key typed again goes to the new host.
    assert.ok(validateConnection(openAiInput({}, { apiKey: 'sk-test-typed-again', baseUrl: 'https://attacker.example/v1' }), context({ existing })).ok);
    // A custom connection's secrets follow its test_url.
    const custom = { providerId: 'custom', scope: 'global' as const, settings: { configs: { test_url: 'https://a.example/models' } }, secretKeys: ['secrets.api_key'] };
    const moved = validateConnection({ ...openAiInput({ providerId: 'custom' }), values: { configs: { test_url: 'https://b.example/models' }, secrets: { api_key: '' } } }, context({ existing: custom }));
    assert.ok(!moved.ok);
    assert.deepEqual(moved.errors.secrets, { code: 'validation.keyForOtherHost' });
  });

  it("refuses another provider's well-known API host, and takes a gateway or an OpenAI-compatible server there", () => {
    const anthropic = { ...openAiInput({ providerId: 'anthropic' }), values: { apiKey: 'sk-ant-test', baseUrl: 'https://api.openai.com/v1' } };
    assert.deepEqual(errorsOf(anthropic).baseUrl, { code: 'validation.otherProvidersHost', host: 'api.openai.com', owner: 'OpenAI', provider: 'Anthropic' });
    assert.deepEqual(errorsOf({ ...anthropic, providerId: 'mistral' }).baseUrl, { code: 'validation.otherProvidersHost', host: 'api.openai.com', owner: 'OpenAI', provider: 'Mistral' });
    assert.deepEqual(errorsOf(openAiInput({}, { baseUrl: 'https://API.Anthropic.com./v1' })).baseUrl?.code, 'validation.otherProvidersHost');
    assert.deepEqual(errorsOf({ ...openAiInput({ providerId: 'ollama' }), values: { baseUrl: 'https://api.mistral.ai' } }).baseUrl?.code, 'validation.otherProvidersHost');
    assert.deepEqual(errorsOf(azureInput({}, { endpoint: 'https://api.openai.com' })).endpoint?.code, 'validation.otherProvidersHost');
    assert.ok(validateConnection({ ...anthropic, values: { apiKey: 'sk-ant-test', baseUrl: 'https://llm-gateway.example.com/anthropic' } }, context()).ok);
    assert.ok(validateConnection({ ...anthropic, values: { apiKey: 'sk-ant-test', baseUrl: 'https://api.anthropic.com' } }, context()).ok);
    assert.ok(validateConnection({ ...openAiInput({ providerId: 'openai-compatible' }), values: { baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai' } }, context()).ok);
    assert.ok(validateConnection({ ...openAiInput({ providerId: 'openai-compatible' }), values: { baseUrl: 'http://__proto__/v1' } }, context()).ok);
  });

  it('refuses a provider or scope change on edit', () => {
    const errors = errorsOf(openAiInput({ providerId: 'mistral', scope: 'workspace' }), context({ existing: { providerId: 'openai', scope: 'global', settings: {}, secretKeys: [] } }));
    assert.deepEqual(errors.providerId, { code: 'validation.providerChange' });
    assert.deepEqual(errors.scope, { code: 'validation.scopeChange' });
  });

  it('refuses workspace scope without a folder, an unknown provider, and a bad select value', () => {
    assert.deepEqual(errorsOf(azureInput(), context({ workspaceAvailable: false })).scope, { code: 'validation.workspaceUnavailable' });
    assert.deepEqual(errorsOf(openAiInput({ providerId: 'nope' })).providerId, { code: 'validation.unknownProvider', providerId: 'nope' });
    assert.deepEqual(errorsOf(azureInput({}, { authMode: 'magic' })).authMode, { code: 'validation.chooseOne', options: ['key', 'entra'] });
  });

  it('refuses malformed input shapes with a message rather than throwing', () => {
    assert.equal(errorsOf({ providerId: 'openai' }).name?.code, 'validation.malformed');
    assert.equal(errorsOf(openAiInput({ scope: 'team' as never })).scope?.code, 'validation.malformed');
    assert.equal(errorsOf({ ...openAiInput(), extra: 1 }).form?.code, 'validation.malformed');
    assert.deepEqual(errorsOf(openAiInput({}, { apiKey: 42 as never })).apiKey, { code: 'validation.notText', label: 'API Key' });
  });

  it('custom: needs at least one secret, valid names, and values for configs', () => {
    const custom = (values: Record<string, unknown>) => ({ providerId: 'custom', name: 'C', alias: 'c', scope: 'global', isActive: true, values });
    assert.deepEqual(errorsOf(custom({ configs: { endpoint: 'x' } })).secrets, { code: 'validation.secretsTooFew', min: 1 });
    assert.deepEqual(errorsOf(custom({ secrets: { 'bad name': 'v' } })).secrets, { code: 'validation.mapKeyInvalid', key: 'bad name' });
    assert.deepEqual(errorsOf(custom({ secrets: { k: '' } })).secrets, { code: 'validation.secretValueMissing', entry: 'k' });
    assert.deepEqual(errorsOf(custom({ secrets: { k: 'v' }, configs: { region: ' ' } })).configs, { code: 'validation.mapValueMissing', key: 'region' });
    assert.ok(validateConnection(custom({ secrets: { 'api-key': 'v' } }), context()).ok);
  });
});
