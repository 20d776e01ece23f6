import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDERS, findProvider } from '../../src/domain/providers/catalog';
import { ProviderDescriptorSchema, isSecretField } from '../../src/domain/providers/descriptor';

describe('provider catalog', () => {
  it('ships the documented providers, each a valid descriptor', () => {
    assert.deepEqual(
      PROVIDERS.map((p) => p.id),
      ['openai', 'azure-openai', 'anthropic', 'google-gemini', 'mistral', 'ollama', 'openai-compatible', 'custom', 'serverless', 'azure-ai-services', 'cognitive-search', 'azure-content-safety', 'form-recognizer', 'serp', 'qdrant', 'weaviate'],
    );
    for (const provider of PROVIDERS) ProviderDescriptorSchema.parse(provider);
  });

  it("has unique field keys per provider that do not clash with the form's own inputs", () => {
    for (const provider of PROVIDERS) {
      const keys = provider.fields.map((f) => f.key);
      assert.equal(new Set(keys).size, keys.length, provider.id);
      for (const reserved of ['providerId', 'name', 'alias', 'scope', 'isActive']) assert.ok(!keys.includes(reserved), `${provider.id}.${reserved}`);
    }
  });

  it('declares the documented defaults and required fields', () => {
    const field = (p: string, k: string) => findProvider(p)!.fields.find((f) => f.key === k)!;
    assert.equal(field('openai', 'baseUrl').default, 'https://api.openai.com/v1');
    assert.equal(field('openai', 'apiKey').required, true);
    assert.equal(field('azure-openai', 'apiVersion').default, '2024-10-21');
    assert.equal(field('azure-openai', 'endpoint').required, true);
    assert.deepEqual(field('azure-openai', 'apiKey').when, { field: 'authMode', equals: 'key' });
    assert.equal(field('ollama', 'baseUrl').default, 'http://localhost:11434');
    assert.ok(!findProvider('ollama')!.fields.some(isSecretField), 'ollama needs no key');
    assert.equal(field('openai-compatible', 'baseUrl').required, true);
    assert.notEqual(field('openai-compatible', 'apiKey').required, true);
    assert.equal(field('custom', 'secrets').minEntries, 1);
  });
});
