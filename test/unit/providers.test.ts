import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDERS, findProvider } from '../../src/domain/providers/catalog';
import { ProviderDescriptorSchema, fieldHelp, isSecretField } from '../../src/domain/providers/descriptor';
import { chatRoute } from '../../src/domain/chat/routes';
import { isChatProvider } from '../../src/domain/chat/selection';

describe('provider catalog', () => {
  it('ships the documented providers, each a valid descriptor', () => {
    assert.deepEqual(
      PROVIDERS.map((p) => p.id),
      [
        'openai',
        'azure-openai',
        'anthropic',
        'google-gemini',
        'mistral',
        'ollama',
        'lmstudio',
        'llama-cpp',
        'vllm',
        'litellm',
        'openrouter',
        'groq',
        'deepseek',
        'xai',
        'together',
        'fireworks',
        'cerebras',
        'perplexity',
        'cloudflare-ai-gateway',
        'portkey',
        'openai-compatible',
        'custom',
        'azure-apim',
        'serverless',
        'azure-ai-services',
        'cognitive-search',
        'azure-content-safety',
        'form-recognizer',
        'serp',
        'qdrant',
        'weaviate',
      ],
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
    assert.ok(!findProvider('ollama')!.fields.some((f) => isSecretField(f) && f.section !== 'network'), 'ollama needs no key (its Network section may hold a header for a gateway)');
    assert.equal(field('openai-compatible', 'baseUrl').required, true);
    assert.notEqual(field('openai-compatible', 'apiKey').required, true);
    assert.equal(field('custom', 'secrets').minEntries, 1);
  });

  it('offers the services people route through at their documented base URLs, with their usual key variable in the key help', () => {
    const services: [string, string, string][] = [
      ['openrouter', 'https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY'],
      ['groq', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY'],
      ['deepseek', 'https://api.deepseek.com', 'DEEPSEEK_API_KEY'],
      ['xai', 'https://api.x.ai/v1', 'XAI_API_KEY'],
      ['together', 'https://api.together.xyz/v1', 'TOGETHER_API_KEY'],
      ['fireworks', 'https://api.fireworks.ai/inference/v1', 'FIREWORKS_API_KEY'],
      ['cerebras', 'https://api.cerebras.ai/v1', 'CEREBRAS_API_KEY'],
      ['perplexity', 'https://api.perplexity.ai', 'PERPLEXITY_API_KEY'],
    ];
    for (const [id, base, variable] of services) {
      const provider = findProvider(id)!;
      const key = provider.fields.find((f) => f.key === 'apiKey')!;
      assert.equal(provider.fields.find((f) => f.key === 'baseUrl')?.default, base, id);
      assert.equal(key.required, true, `${id}: a hosted service needs its key`);
      assert.match(fieldHelp(key)!, new RegExp(`\\$\\{env:${variable}\\}`), id);
      assert.equal(chatRoute({ providerId: id, settings: {} }, 'm')?.target.path, '/chat/completions', id);
      if (id !== 'perplexity') assert.deepEqual([provider.test?.defaultBase, provider.test?.path, provider.test?.auth], [base, '/models', { kind: 'bearer', secret: 'apiKey' }], id);
    }
    // Perplexity's API documents no model list: no test pretends to check it, and its models are a setting.
    assert.equal(findProvider('perplexity')!.test?.noTest, true, 'perplexity has no free request to test with');
    assert.deepEqual(findProvider('perplexity')!.test?.auth, { kind: 'bearer', secret: 'apiKey' }, 'its chat sends the key as Bearer');
    assert.equal(findProvider('together')!.test?.response, 'together', "Together's list is a bare array");
  });

  it('offers the local model servers at their usual ports, their key optional', () => {
    const servers: [string, string][] = [
      ['lmstudio', 'http://localhost:1234/v1'],
      ['llama-cpp', 'http://localhost:8080/v1'],
      ['vllm', 'http://localhost:8000/v1'],
      ['litellm', 'http://localhost:4000'],
    ];
    for (const [id, base] of servers) {
      const provider = findProvider(id)!;
      assert.equal(provider.group, 'local', id);
      assert.equal(provider.fields.find((f) => f.key === 'baseUrl')?.default, base, id);
      assert.notEqual(provider.fields.find((f) => f.key === 'apiKey')?.required, true, `${id}: the key is optional`);
      assert.deepEqual(provider.test?.auth, { kind: 'bearer', secret: 'apiKey', optional: true }, id);
      assert.equal(chatRoute({ providerId: id, settings: {} }, 'm')?.target.path, '/chat/completions', id);
      assert.ok(isChatProvider(id), `${id} is offered in Chat`);
    }
  });
});
