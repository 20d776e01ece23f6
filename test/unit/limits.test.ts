import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionInputSchema, StoredConnectionSchema } from '../../src/domain/connection';
import { LIMITS } from '../../src/domain/limits';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { StoreError } from '../../src/domain/store/errors';
import { validateConnection, type ValidationContext } from '../../src/domain/validation';
import { openAiInput } from '../support/fixtures';
import { MemoryState, MemoryVault } from '../support/memoryPorts';

const context: ValidationContext = { takenAliases: new Map(), workspaceAvailable: true };
const errorsOf = (input: unknown) => {
  const result = validateConnection(input, context);
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? {} : result.errors;
};
const custom = (configs: Record<string, string>, secrets: Record<string, string> = { api_key: 'test-secret-1' }) => ({
  providerId: 'custom',
  name: 'Custom',
  alias: 'custom',
  scope: 'global' as const,
  isActive: true,
  values: { configs, secrets },
});

describe('limits: sizes are bounded, and a refusal says which field and what the limit is', () => {
  it('refuses a 10 MB key with a clear error, and the store saves nothing', async () => {
    const huge = 'k'.repeat(10 * 1024 * 1024);
    assert.deepEqual(errorsOf(openAiInput({}, { apiKey: huge })).apiKey, { code: 'validation.tooLong', label: 'API Key', length: 10_485_760, max: LIMITS.secretValueLength });
    const global = new MemoryState();
    const secrets = new MemoryVault();
    const store = new ConnectionStore({ global, secrets });
    await assert.rejects(store.create(openAiInput({}, { apiKey: huge })), (error: unknown) => error instanceof StoreError && error.detail.code === 'validation.tooLong' && error.detail.label === 'API Key');
    assert.equal(global.updates, 0);
    assert.equal(secrets.data.size, 0);
  });

  it('bounds text settings, config values and the number of configs', () => {
    assert.deepEqual(errorsOf(openAiInput({}, { organization: 'o'.repeat(LIMITS.textValueLength + 1) })).organization, { code: 'validation.tooLong', label: 'Organization', length: LIMITS.textValueLength + 1, max: LIMITS.textValueLength });
    assert.deepEqual(errorsOf(custom({ region: 'r'.repeat(LIMITS.textValueLength + 1) })).configs, { code: 'validation.entryTooLong', key: 'region', length: LIMITS.textValueLength + 1, max: LIMITS.textValueLength });
    const many = Object.fromEntries(Array.from({ length: LIMITS.mapEntries + 1 }, (_, i) => [`c${i}`, 'v']));
    assert.deepEqual(errorsOf(custom(many)).configs, { code: 'validation.mapTooMany', label: 'Configs', max: 64 });
    assert.ok(validateConnection(custom({ region: 'r'.repeat(LIMITS.textValueLength) }), context).ok, 'exactly at the limit is fine');
  });

  it('refuses a record too large to store', () => {
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i}`, 'v'.repeat(2000)]));
    assert.deepEqual(errorsOf(custom(big)).form, { code: 'validation.recordTooLarge', kb: 64 });
  });

  it('refuses control characters and text-direction overrides in names', () => {
    for (const name of ['Prod\u202Eevil', 'a\u2066b\u2069', 'tab\tname', 'line\nbreak', 'nul\u0000', 'c1\u0085']) {
      assert.deepEqual(errorsOf(openAiInput({ name })).name, { code: 'validation.nameControl' }, JSON.stringify(name));
    }
    assert.ok(validateConnection(openAiInput({ name: 'Prod — ünïcödé 日本' }), context).ok);
  });

  it('a message string over 1 MB is refused before validation; stored values over the limits are broken records', () => {
    const over = 'x'.repeat(LIMITS.messageStringLength + 1);
    assert.equal(ConnectionInputSchema.safeParse(openAiInput({}, { apiKey: over })).success, false);
    assert.equal(ConnectionInputSchema.safeParse(openAiInput({ name: over })).success, false);
    const record = { id: '00000000-0000-4000-8000-000000000001', alias: 'a', name: 'A', providerId: 'openai', scope: 'global', isActive: true, secretKeys: [], dateCreated: '2026-01-01T00:00:00.000Z', dateModified: '2026-01-01T00:00:00.000Z' };
    assert.equal(StoredConnectionSchema.safeParse({ ...record, settings: { baseUrl: 'u'.repeat(LIMITS.pemValueLength + 1) } }).success, false);
    assert.equal(StoredConnectionSchema.safeParse({ ...record, settings: { baseUrl: 'https://api.openai.com/v1' } }).success, true);
  });
});

describe('credentials in URLs are refused, pointing at the key field', () => {
  it('in a URL field', () => {
    const errors = errorsOf(openAiInput({}, { baseUrl: 'https://user:pass@api.openai.com/v1' }));
    assert.deepEqual(errors.baseUrl, { code: 'validation.credentialsInUrl' });
    assert.deepEqual(errorsOf(openAiInput({}, { baseUrl: 'https://token@api.openai.com/v1' })).baseUrl, { code: 'validation.credentialsInUrl' });
  });
  it('in a custom connection config', () => {
    assert.deepEqual(errorsOf(custom({ test_url: 'https://u:p@example.com/check' })).configs, { code: 'validation.mapCredentials', key: 'test_url' });
  });
});
