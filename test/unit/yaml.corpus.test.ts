import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { formatProblem, isDotenvFile, readDotenvFile, readPromptflowFile, toConnectionInput } from '../../src/domain/yaml';
import { say } from '../../src/ui/text';
import { MemoryState, MemoryVault } from '../support/memoryPorts';

/**
 * The promptflow corpus (real connection files from microsoft/promptflow, see its MANIFEST.md):
 * each YAML file imports as the table says, or is refused for the reason promptflow gives.
 * `url`: a URL setting holds a placeholder promptflow would store as it is; the import asks for
 * the URL (or takes it from --set). Secrets: v literal value, r reference, p <user-input>, k keep.
 * The two dotenv files are read as `pf connection create -f <file> --name env_connection` reads them.
 */
const CORPUS = process.env.PROMPTFLOW_CORPUS ?? join(__dirname, '..', 'fixtures', 'promptflow-connections');

type Row = { provider: string; alias: string; secrets: string; url?: string } | { refused: string };

/** The --name given to the dotenv files. */
const DOTENV_NAME = 'env_connection';

const TABLE: Record<string, Row> = {
  // promptflow's test_connection_load_from_env: every key a secret of a custom connection.
  'test_configs__.env': { provider: 'custom', alias: DOTENV_NAME, secrets: 'aaa:v,ccc:v' },
  // promptflow's test_connection_load_from_env_file_bad_case expects "Load nothing".
  'test_configs__empty.env': { refused: "Load nothing from dotenv file 'test_configs__empty.env', please make sure the file is not empty and readable." },
  'docs__how-to-guides__deploy-a-flow__deploy-using-docker__L80-84.yaml': { provider: 'openai', alias: 'open_ai_connection', secrets: 'api_key:r' },
  'docs__how-to-guides__deploy-a-flow__deploy-using-kubernetes__L160-164.yaml': { provider: 'openai', alias: 'open_ai_connection', secrets: 'api_key:r' },
  'docs__how-to-guides__deploy-a-flow__distribute-flow-as-executable-app__L60-64.yaml': { provider: 'openai', alias: 'open_ai_connection', secrets: 'api_key:r' },
  'docs__how-to-guides__develop-a-dag-flow__quick-start__L135-141.yaml': { provider: 'azure-openai', alias: 'open_ai_connection', secrets: 'api_key:v', url: 'api_base' },
  'docs__how-to-guides__develop-a-dag-flow__quick-start__L146-150.yaml': { provider: 'openai', alias: 'open_ai_connection', secrets: 'api_key:p' },
  'docs__how-to-guides__manage-connections__L25-31.yaml': { provider: 'azure-openai', alias: 'azure_open_ai_connection', secrets: 'api_key:v', url: 'api_base' },
  'docs__how-to-guides__manage-connections__L35-42.yaml': { provider: 'custom', alias: 'custom_connection', secrets: 'secrets.my_key:v' },
  'examples__azure_content_safety.yml': { provider: 'azure-content-safety', alias: 'azure_content_safety_connection', secrets: 'api_key:v', url: 'endpoint' },
  'examples__azure_openai.yml': { provider: 'azure-openai', alias: 'open_ai_connection', secrets: 'api_key:p', url: 'api_base' },
  'examples__cognitive_search.yml': { provider: 'cognitive-search', alias: 'cognitive_search_connection', secrets: 'api_key:v', url: 'api_base' },
  'examples__custom.yml': { provider: 'custom', alias: 'custom_connection', secrets: 'secrets.api-key:v' },
  'examples__flex-flows__eval-criteria-with-langchain__connection.yml': { provider: 'custom', alias: 'my_llm_connection', secrets: 'secrets.openai_api_key:v' },
  'examples__flows__chat__chat-with-pdf__openai.yaml': { provider: 'openai', alias: 'open_ai_connection', secrets: 'api_key:v' },
  'examples__flows__integrations__azure-ai-language__analyze_conversations__connections__azure_ai_language.yml': { provider: 'custom', alias: 'azure_ai_language_connection', secrets: 'secrets.api_key:v' },
  'examples__flows__integrations__azure-ai-language__analyze_documents__connections__azure_ai_language.yml': { provider: 'custom', alias: 'azure_ai_language_connection', secrets: 'secrets.api_key:v' },
  'examples__flows__integrations__azure-ai-language__analyze_documents__connections__azure_ai_translator.yml': { provider: 'custom', alias: 'azure_ai_translator_connection', secrets: 'secrets.api_key:v' },
  'examples__flows__integrations__azure-ai-language__multi_intent_conversational_language_understanding__connections__azure_ai_language.yml': { provider: 'custom', alias: 'azure_ai_language_connection', secrets: 'secrets.api_key:v' },
  'examples__flows__integrations__azure-ai-language__multi_intent_conversational_language_understanding__connections__azure_openai.yml': { provider: 'azure-openai', alias: 'open_ai_connection', secrets: 'api_key:p', url: 'api_base' },
  'examples__flows__integrations__llmlingua-prompt-compression__gsm8k_example__connections__azure_openai.yml': { provider: 'azure-openai', alias: 'your_open_ai_connection', secrets: 'api_key:p', url: 'api_base' },
  'examples__flows__integrations__llmlingua-prompt-compression__gsm8k_example__connections__custom_connection.yml': { provider: 'custom', alias: 'maas_connection', secrets: 'secrets.api_key:v' },
  'examples__flows__standard__basic-with-connection__custom.yml': { provider: 'custom', alias: 'basic_custom_connection', secrets: 'secrets.api_key:v' },
  'examples__openai.yml': { provider: 'openai', alias: 'open_ai_connection', secrets: 'api_key:p' },
  'examples__serp.yml': { provider: 'serp', alias: 'serp_connection', secrets: 'api_key:v' },
  'examples__tools__use-cases__custom-strong-type-connection-package-tool-showcase__my_custom_connection.yml': { provider: 'custom', alias: 'my_custom_connection', secrets: 'secrets.api_key:v' },
  'examples__tools__use-cases__custom-strong-type-connection-script-tool-showcase__custom.yml': { provider: 'custom', alias: 'normal_custom_connection', secrets: 'secrets.api_key:v' },
  'examples__tools__use-cases__custom_llm_tool_showcase__custom_connection.yml': { provider: 'custom', alias: 'basic_custom_connection', secrets: 'secrets.api_key:v' },
  'test_configs__azure_ai_services_aad_connection.yaml': { provider: 'azure-ai-services', alias: 'my_ai_services_connection', secrets: '', url: 'endpoint' },
  'test_configs__azure_ai_services_connection.yaml': { provider: 'azure-ai-services', alias: 'my_ai_services_connection', secrets: 'api_key:v', url: 'endpoint' },
  'test_configs__azure_content_safety_connection.yaml': { provider: 'azure-content-safety', alias: 'my_azure_content_safety_connection', secrets: 'api_key:v', url: 'endpoint' },
  'test_configs__azure_openai_aad_connection.yaml': { provider: 'azure-openai', alias: 'my_azure_open_ai_connection', secrets: '', url: 'api_base' },
  'test_configs__azure_openai_connection.yaml': { provider: 'azure-openai', alias: 'my_azure_open_ai_connection', secrets: 'api_key:v', url: 'api_base' },
  'test_configs__cognitive_search_aad_connection.yaml': { provider: 'cognitive-search', alias: 'my_cognitive_search_connection', secrets: '', url: 'api_base' },
  'test_configs__cognitive_search_connection.yaml': { provider: 'cognitive-search', alias: 'my_cognitive_search_connection', secrets: 'api_key:v', url: 'api_base' },
  'test_configs__custom_connection.yaml': { provider: 'custom', alias: 'my_custom_connection', secrets: 'secrets.key2:v' },
  'test_configs__custom_strong_type_connection.yaml': { provider: 'custom', alias: 'my_custom_strong_type_connection', secrets: 'secrets.api_key:v' },
  'test_configs__flows__export__linux__connections__custom_connection.yaml': { provider: 'custom', alias: 'custom_connection', secrets: 'secrets.AZURE_OPENAI_API_KEY:r' },
  'test_configs__form_recognizer_connection.yaml': { provider: 'form-recognizer', alias: 'my_form_recognizer_connection', secrets: 'api_key:v', url: 'endpoint' },
  // promptflow's own test_connection_load_bad_case expects this message.
  'test_configs__invalid__azure_openai_missing_key.yaml': { refused: "'api_key' is required for key auth mode connection." },
  'test_configs__openai_connection.yaml': { provider: 'openai', alias: 'my_open_ai_connection', secrets: 'api_key:v' },
  'test_configs__openai_connection_base_url.yaml': { provider: 'openai', alias: 'my_open_ai_connection', secrets: 'api_key:v', url: 'base_url' },
  'test_configs__qdrant_connection.yaml': { provider: 'qdrant', alias: 'my_qdrant_connection', secrets: 'api_key:v', url: 'api_base' },
  'test_configs__serp_connection.yaml': { provider: 'serp', alias: 'my_serp_connection', secrets: 'api_key:v' },
  'test_configs__serverless_connection.yaml': { provider: 'serverless', alias: 'my_serverless_connection', secrets: 'api_key:v' },
  'test_configs__update_azure_openai_connection.yaml': { provider: 'azure-openai', alias: 'my_azure_open_ai_connection', secrets: 'api_key:k', url: 'api_base' },
  'test_configs__update_custom_connection.yaml': { provider: 'custom', alias: 'my_custom_connection', secrets: 'secrets.key2:k' },
  'test_configs__update_custom_strong_type_connection.yaml': { provider: 'custom', alias: 'my_custom_strong_type_connection', secrets: 'secrets.api_key:k' },
  'test_configs__weaviate_connection.yaml': { provider: 'weaviate', alias: 'my_weaviate_connection', secrets: 'api_key:v', url: 'api_base' },
};

const SOURCE = { value: 'v', reference: 'r', prompt: 'p', keep: 'k' } as const;

function storeFixture() {
  const secrets = new MemoryVault();
  const store = new ConnectionStore({ global: new MemoryState(), workspace: new MemoryState(), secrets });
  return { store, secrets };
}

describe('promptflow corpus', () => {
  const files = readdirSync(CORPUS)
    .filter((f) => f !== 'MANIFEST.md')
    .sort();

  it('has a row for each of the 49 files: 47 YAML files and 2 dotenv files', () => {
    assert.equal(files.length, 49);
    assert.equal(files.filter(isDotenvFile).length, 2);
    assert.deepEqual(files, Object.keys(TABLE).sort());
  });

  for (const file of files) {
    const row = TABLE[file]!;
    it(`${'refused' in row ? 'refuses' : 'imports'} ${file}`, async () => {
      const bytes = readFileSync(`${CORPUS}/${file}`);
      const read = isDotenvFile(file) ? readDotenvFile(file, bytes, DOTENV_NAME) : readPromptflowFile(file, bytes);
      if ('refused' in row) {
        assert.equal(read.connections.length, 0);
        // The reason as English users read it: promptflow's own wording.
        assert.ok(
          read.problems.some((p) => say(p.message) === row.refused),
          read.problems.map((p) => say(formatProblem(p))).join('\n'),
        );
        return;
      }
      assert.deepEqual(
        read.problems.map((p) => say(formatProblem(p))),
        [],
      );
      assert.equal(read.connections.length, 1);
      const c = read.connections[0]!;
      assert.equal(c.providerId, row.provider);
      assert.equal(c.alias, row.alias);
      assert.equal(c.secrets.map((s) => `${s.field}:${SOURCE[s.source]}`).join(','), row.secrets);
      assert.equal(c.placeholders.map((p) => p.field).join(','), row.url ?? '');

      // Stored, with the URL and any asked-for secret given: every corpus file lands in the store.
      const { store, secrets } = storeFixture();
      const answers = Object.fromEntries(c.secrets.filter((s) => s.source === 'prompt' || s.source === 'keep').map((s) => [s.key, 'typed-secret']));
      const urls = Object.fromEntries(c.placeholders.map((p) => [p.key, 'https://example.test']));
      const stored = await store.create(toConnectionInput(c, { scope: 'global', answers, urls }));
      assert.equal(stored.alias, row.alias);
      assert.equal(stored.secretKeys.length, c.secrets.length);
      const bag = await store.readSecrets(stored);
      for (const s of c.secrets) assert.equal(bag[s.key], s.value ?? 'typed-secret');
      assert.ok(secrets.data.size >= (c.secrets.length > 0 ? 1 : 0));
    });
  }

  it('keeps what the files carry: custom strong type keys, Azure settings, and empty values as unset', () => {
    const strong = readPromptflowFile('s.yaml', readFileSync(`${CORPUS}/test_configs__custom_strong_type_connection.yaml`)).connections[0]!;
    assert.deepEqual(strong.values.configs, {
      api_base: 'This is my first connection.',
      'promptflow.connection.custom_type': 'MyFirstConnection',
      'promptflow.connection.module': 'my_tool_package.connections',
      'promptflow.connection.package': 'test-custom-tools',
      'promptflow.connection.package_version': '0.0.2',
    });
    const azure = readPromptflowFile('a.yaml', readFileSync(`${CORPUS}/test_configs__azure_openai_connection.yaml`)).connections[0]!;
    assert.deepEqual(azure.values, { apiType: 'azure', apiVersion: '2023-07-01-preview', resourceId: 'mock_id' });
    const aad = readPromptflowFile('a.yaml', readFileSync(`${CORPUS}/test_configs__azure_openai_aad_connection.yaml`)).connections[0]!;
    assert.equal(aad.values.authMode, 'entra');
    const openai = readPromptflowFile('o.yaml', readFileSync(`${CORPUS}/test_configs__openai_connection.yaml`)).connections[0]!;
    assert.equal(openai.values.baseUrl, undefined, 'base_url "" is not set, as promptflow reads it');
    const exported = readPromptflowFile('e.yaml', readFileSync(`${CORPUS}/test_configs__flows__export__linux__connections__custom_connection.yaml`)).connections[0]!;
    assert.equal(exported.secrets[0]!.value, '${env:CUSTOM_CONNECTION_AZURE_OPENAI_API_KEY}');
    const dotenv = readDotenvFile('.env', readFileSync(`${CORPUS}/test_configs__.env`), DOTENV_NAME).connections[0]!;
    assert.deepEqual(
      dotenv.secrets.map((s) => [s.key, s.value, s.line]),
      [
        ['secrets.aaa', 'bbb', 1],
        ['secrets.ccc', 'ddd', 2],
      ],
    );
    assert.deepEqual(dotenv.values, {});
  });

  it('takes a placeholder URL from --set, as pf connection create --set does', async () => {
    const { parseOverrides } = await import('../../src/domain/yaml');
    const { overrides } = parseOverrides(['api_base=https://my-resource.openai.azure.com', 'api_key=${env:AOAI_KEY}']);
    const read = readPromptflowFile('a.yaml', readFileSync(`${CORPUS}/examples__azure_openai.yml`), overrides);
    const c = read.connections[0]!;
    assert.deepEqual(c.placeholders, []);
    assert.equal(c.values.endpoint, 'https://my-resource.openai.azure.com');
    assert.deepEqual(
      c.secrets.map((s) => s.source),
      ['reference'],
    );
  });
});
