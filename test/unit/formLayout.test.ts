import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDERS, findProvider } from '../../src/domain/providers/catalog';
import { fieldHelp, formSections, groupProviders } from '../../src/domain/providers/descriptor';
import { KEY_SOURCES, keySourceOf, keySourceTemplate } from '../../src/domain/keySources';

const ids = (list: readonly { id: string }[]) => list.map((p) => p.id);

describe("the form's Provider list", () => {
  it('groups the providers: chat model providers, model servers on your machine, Azure AI services, search and data, custom', () => {
    const groups = groupProviders(PROVIDERS);
    assert.deepEqual(
      groups.map((g) => [g.group, ids(g.providers)]),
      [
        ['chat', ['openai', 'azure-openai', 'anthropic', 'google-gemini', 'mistral', 'openrouter', 'groq', 'deepseek', 'xai', 'together', 'fireworks', 'cerebras', 'perplexity', 'cloudflare-ai-gateway', 'portkey', 'openai-compatible']],
        ['local', ['ollama', 'lmstudio', 'llama-cpp', 'vllm', 'litellm']],
        ['azure', ['azure-apim', 'serverless', 'azure-ai-services', 'azure-content-safety', 'form-recognizer']],
        ['data', ['cognitive-search', 'serp', 'qdrant', 'weaviate']],
        ['custom', ['custom']],
      ],
    );
  });

  it('lists every provider once and leaves out empty groups', () => {
    assert.deepEqual(ids(groupProviders(PROVIDERS).flatMap((g) => g.providers)).sort(), ids(PROVIDERS).sort());
    assert.deepEqual(
      groupProviders([findProvider('qdrant')!, findProvider('openai')!]).map((g) => g.group),
      ['chat', 'data'],
    );
  });
});

describe("the form's promptflow section", () => {
  it('holds the fields only promptflow files use: Azure OpenAI API Type, Resource ID and Other promptflow keys', () => {
    const azure = formSections(findProvider('azure-openai')!);
    assert.deepEqual(
      azure.main.map((f) => f.key),
      ['endpoint', 'apiVersion', 'authMode', 'apiKey', 'deployment'],
    );
    assert.deepEqual(
      azure.promptflow.map((f) => f.key),
      ['apiType', 'resourceId', 'extra'],
    );
    assert.deepEqual(
      formSections(findProvider('azure-content-safety')!).promptflow.map((f) => f.key),
      ['apiType', 'extra'],
    );
    assert.deepEqual(
      formSections(findProvider('openai')!).promptflow.map((f) => f.key),
      ['extra'],
    );
    assert.deepEqual(formSections(findProvider('anthropic')!).promptflow, []);
    assert.deepEqual(
      formSections(findProvider('custom')!).main.map((f) => f.key),
      ['configs', 'secrets'],
    );
  });

  it('is collapsed until one of its fields holds a value other than its default', () => {
    const azure = findProvider('azure-openai')!;
    assert.equal(formSections(azure).promptflowOpen, false);
    assert.equal(formSections(azure, { endpoint: 'https://x.openai.azure.com', apiType: '', extra: {} }).promptflowOpen, false);
    assert.equal(formSections(azure, { apiType: 'azure' }).promptflowOpen, true);
    assert.equal(formSections(azure, { resourceId: '/subscriptions/1' }).promptflowOpen, true);
    assert.equal(formSections(azure, { extra: { model_version: '1' } }).promptflowOpen, true);
    const safety = findProvider('azure-content-safety')!;
    assert.equal(formSections(safety, { apiType: 'Content Safety' }).promptflowOpen, false, 'its default is no value of its own');
    assert.equal(formSections(safety, { apiType: 'Other' }).promptflowOpen, true);
  });
});

describe('key help', () => {
  it("names each provider's own configuration section and environment variable", () => {
    const help = (id: string) => fieldHelp(findProvider(id)!.fields.find((f) => f.key === 'apiKey')!);
    assert.equal(help('anthropic'), 'A literal key, or a reference such as $Anthropic:ApiKey or ${env:ANTHROPIC_API_KEY}.');
    assert.equal(help('openai'), 'A literal key, or a reference such as $OpenAI:ApiKey or ${env:OPENAI_API_KEY}.');
    assert.equal(help('azure-openai'), 'A literal key, or a reference such as $AzureOpenAI:ApiKey or ${env:AZURE_OPENAI_API_KEY}.');
    const examples = new Set<string>();
    for (const provider of PROVIDERS) {
      // The key fields; the Network section's secrets (proxy password, key passphrase) are the same for every provider.
      for (const field of provider.fields.filter((f) => f.kind === 'password' && f.section !== 'network')) {
        const text = fieldHelp(field)!;
        assert.doesNotMatch(text, /\{[a-z]+\}/, `${provider.id}: a placeholder left in`);
        assert.ok(!examples.has(text), `${provider.id} repeats another provider's example`);
        examples.add(text);
      }
    }
  });
});

describe("the key field's sources", () => {
  it("each source's template is a reference of that source, with the part to replace marked", () => {
    const selected = (source: Parameters<typeof keySourceTemplate>[0]) => {
      const { text, start, end } = keySourceTemplate(source);
      assert.equal(keySourceOf(text), source, `${text} reads as ${source}`);
      return [text, text.slice(start, end)];
    };
    assert.deepEqual(KEY_SOURCES.filter((s) => s !== 'typed').map(selected), [
      ['${env:API_KEY}', 'API_KEY'],
      ['$Section:ApiKey', 'Section:ApiKey'],
      ['op://vault/item/field', 'vault/item/field'],
      ['${pass:path/to/entry}', 'path/to/entry'],
      ['${gopass:path/to/entry}', 'path/to/entry'],
      ['${vault:secret/path/to/secret#field}', 'path/to/secret#field'],
      ['${azkv:vault-name/secret-name}', 'vault-name/secret-name'],
      ['${command:name}', 'name'],
    ]);
  });

  it("starts from each provider's own variable and section, and reads anything not a reference as a typed key", () => {
    for (const provider of PROVIDERS) {
      for (const field of provider.fields.filter((f) => f.kind === 'password')) {
        assert.equal(keySourceTemplate('env', field.helpArgs).text, field.helpArgs?.variable ?? '${env:API_KEY}', `${provider.id}: its variable`);
        assert.equal(keySourceTemplate('config', field.helpArgs).text, field.helpArgs?.reference ?? '$Section:ApiKey', `${provider.id}: its section`);
      }
    }
    for (const value of ['', 'sk-test-1234abcd', '$$OpenAI:ApiKey', '$OpenAI', 'op://vault']) assert.equal(keySourceOf(value), 'typed', value);
  });
});
