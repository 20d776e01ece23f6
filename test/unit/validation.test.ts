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
    assert.equal(errors.name, 'Name is required.');
    assert.match(errors.alias!, /lowercase letters/);
    assert.equal(errors.apiKey, 'API Key is required.');
    assert.equal(errors.baseUrl, 'Enter a full http:// or https:// URL.');
  });

  it('names who already uses an alias', () => {
    const errors = errorsOf(openAiInput(), context({ takenAliases: new Map([['openai-prod', { name: 'Prod', scope: 'Workspace' }]]) }));
    assert.equal(errors.alias, "Alias 'openai-prod' is already used by 'Prod' (Workspace).");
  });

  it('enforces alias and name limits', () => {
    assert.ok(errorsOf(openAiInput({ alias: 'a'.repeat(65) })).alias);
    assert.ok(errorsOf(openAiInput({ alias: '-lead' })).alias);
    assert.ok(errorsOf(openAiInput({ name: 'n'.repeat(101) })).name);
    assert.ok(validateConnection(openAiInput({ alias: 'a'.repeat(64) }), context()).ok);
  });

  it('requires the Azure key only in key mode', () => {
    assert.equal(errorsOf(azureInput({}, { apiKey: '' })).apiKey, 'API Key is required.');
    const entra = validateConnection(azureInput({}, { authMode: 'entra', apiKey: '' }), context());
    assert.ok(entra.ok);
    assert.deepEqual(entra.value.secretKeys, []);
    assert.equal(entra.value.settings.apiVersion, '2024-10-21');
  });

  it('refuses an invalid endpoint URL but accepts a reference', () => {
    assert.equal(errorsOf(azureInput({}, { endpoint: 'my-resource' })).endpoint, 'Enter a full http:// or https:// URL.');
    assert.equal(errorsOf(azureInput({}, { endpoint: 'ftp://x' })).endpoint, 'Enter a full http:// or https:// URL.');
    assert.ok(validateConnection(azureInput({}, { endpoint: '$Azure:Endpoint' }), context()).ok);
  });

  it('accepts a reference as a secret value, stored as typed', () => {
    const result = validateConnection(openAiInput({}, { apiKey: '${env:OPENAI_API_KEY}' }), context());
    assert.ok(result.ok);
    assert.equal(result.value.secrets.apiKey, '${env:OPENAI_API_KEY}');
  });

  it('lets an edit leave a stored secret empty', () => {
    const result = validateConnection(openAiInput({}, { apiKey: '' }), context({ existing: { providerId: 'openai', scope: 'global', secretKeys: ['apiKey'] } }));
    assert.ok(result.ok);
    assert.deepEqual(result.value.secrets, {});
    assert.deepEqual(result.value.secretKeys, ['apiKey']);
  });

  it('refuses a provider or scope change on edit', () => {
    const errors = errorsOf(openAiInput({ providerId: 'mistral', scope: 'workspace' }), context({ existing: { providerId: 'openai', scope: 'global', secretKeys: [] } }));
    assert.match(errors.providerId!, /can't be changed/);
    assert.match(errors.scope!, /can't be changed/);
  });

  it('refuses workspace scope without a folder, an unknown provider, and a bad select value', () => {
    assert.match(errorsOf(azureInput(), context({ workspaceAvailable: false })).scope!, /Open a folder/);
    assert.match(errorsOf(openAiInput({ providerId: 'nope' })).providerId!, /Unknown provider/);
    assert.match(errorsOf(azureInput({}, { authMode: 'magic' })).authMode!, /Choose one of/);
  });

  it('refuses malformed input shapes with a message rather than throwing', () => {
    assert.ok(errorsOf({ providerId: 'openai' }).name);
    assert.ok(errorsOf(openAiInput({ scope: 'team' as never })).scope);
    assert.ok(errorsOf({ ...openAiInput(), extra: 1 }));
    assert.ok(errorsOf(openAiInput({}, { apiKey: 42 as never })).apiKey);
  });

  it('custom: needs at least one secret, valid names, and values for configs', () => {
    const custom = (values: Record<string, unknown>) => ({ providerId: 'custom', name: 'C', alias: 'c', scope: 'global', isActive: true, values });
    assert.match(errorsOf(custom({ configs: { endpoint: 'x' } })).secrets!, /at least 1 secret/);
    assert.match(errorsOf(custom({ secrets: { 'bad name': 'v' } })).secrets!, /not a valid name/);
    assert.match(errorsOf(custom({ secrets: { k: '' } })).secrets!, /Enter a value for secret 'k'/);
    assert.match(errorsOf(custom({ secrets: { k: 'v' }, configs: { region: ' ' } })).configs!, /Give 'region' a value/);
    assert.ok(validateConnection(custom({ secrets: { 'api-key': 'v' } }), context()).ok);
  });
});
