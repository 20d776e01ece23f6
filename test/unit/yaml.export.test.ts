import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { ConnectionInput } from '../../src/domain/connection';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import { fieldApplies, isSecretField, type ProviderDescriptor } from '../../src/domain/providers/descriptor';
import { isReference } from '../../src/domain/references';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { exportPromptflowYaml, formatProblem, readPromptflowFile, secretsToAsk, toConnectionInput } from '../../src/domain/yaml';
import { say } from '../../src/ui/text';
import { MemoryState, MemoryVault } from '../support/memoryPorts';
import { conn } from '../support/connectionRecord';

function fixture() {
  const secrets = new MemoryVault();
  const global = new MemoryState();
  const store = new ConnectionStore({ global, workspace: new MemoryState(), secrets });
  return { store, secrets, global };
}

describe('promptflow YAML: export', () => {
  it('writes the $schema, promptflow keys and ${env:NAME_KEY} or <user-input>, never a secret', async () => {
    const { store } = fixture();
    const secret = 'azure-secret-value-123456';
    const c = await store.create({
      providerId: 'azure-openai',
      name: 'Prod Azure',
      alias: 'prod-azure',
      scope: 'global',
      isActive: true,
      values: { endpoint: 'https://r.openai.azure.com', apiVersion: '2024-10-21', authMode: 'key', apiKey: secret },
    });
    const env = exportPromptflowYaml([c], 'env');
    assert.ok(!env.includes(secret));
    assert.equal(
      env,
      [
        '$schema: https://azuremlschemas.azureedge.net/promptflow/latest/AzureOpenAIConnection.schema.json',
        'name: prod-azure',
        'type: azure_open_ai',
        'display_name: Prod Azure',
        'api_key: ${env:PROD_AZURE_API_KEY}',
        'api_base: https://r.openai.azure.com',
        'api_version: "2024-10-21"',
        'auth_mode: key',
        '',
      ].join('\n'),
    );
    assert.match(exportPromptflowYaml([c], 'user-input'), /^api_key: <user-input>$/m);
  });

  it('writes custom strong types back with their keys and schema', () => {
    const c = readPromptflowFile('s.yaml', 'name: s\ntype: custom\ncustom_type: MyFirstConnection\nmodule: my.mod\npackage: p\npackage_version: 0.0.2\nconfigs:\n  a: b\nsecrets:\n  api_key: "<to-be-replaced>"\n').connections[0]!;
    const stored = conn({ providerId: 'custom', alias: 's', name: 's', settings: { configs: c.values.configs as Record<string, string> }, secretKeys: ['secrets.api_key'] });
    assert.deepEqual(parse(exportPromptflowYaml([stored], 'env')), {
      $schema: 'https://azuremlschemas.azureedge.net/promptflow/latest/CustomStrongTypeConnection.schema.json',
      name: 's',
      type: 'custom',
      custom_type: 'MyFirstConnection',
      module: 'my.mod',
      package: 'p',
      package_version: '0.0.2',
      configs: { a: 'b' },
      secrets: { api_key: '${env:S_API_KEY}' },
    });
  });
});

// ---- Round trip: export then import gives back the same connection, with secrets as references.

const textValue = fc.oneof(
  fc.constantFrom('yes', 'no', 'on', '2023-07-31', '0o12', '1e3', '~', 'null', 'true', '<to-be-replaced>', 'a: b', '# not a comment', "it's", 'say "hi"', 'ünïcode ✓', '[x]', '{y}', '@z', '`q`', '%p', '!t', '&a', '*b', '|', '>', '- x', '? k'),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._:/#'"-]{0,30}[A-Za-z0-9]$/),
);
const urlValue = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), fc.stringMatching(/^(\/[a-z0-9]{1,6}){0,2}$/)).map(([host, path]) => `https://${host}.example.test${path}`);
const mapKey = fc.stringMatching(/^[a-z][a-zA-Z0-9_-]{0,12}$/).filter((k) => k !== 'ai_connections_provider');
const secretValue = fc.stringMatching(/^sk-[A-Za-z0-9]{8,24}$/);

function providerInput(provider: ProviderDescriptor): fc.Arbitrary<ConnectionInput> {
  return fc
    .record({
      alias: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/),
      name: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,30}[A-Za-z0-9)]$/), { nil: undefined }),
      picks: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
      texts: fc.array(textValue, { minLength: 12, maxLength: 12 }),
      urls: fc.array(urlValue, { minLength: 12, maxLength: 12 }),
      secrets: fc.array(secretValue, { minLength: 12, maxLength: 12 }),
      selects: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
      configs: fc.dictionary(mapKey, textValue, { maxKeys: 4 }),
      secretMap: fc.dictionary(mapKey, secretValue, { minKeys: 1, maxKeys: 3 }),
      extra: fc.dictionary(
        mapKey.map((k) => `x_${k}`),
        textValue,
        { maxKeys: 3 },
      ),
    })
    .map(({ alias, name, picks, texts, urls, secrets, selects, configs, secretMap, extra }) => {
      const values: ConnectionInput['values'] = {};
      provider.fields.forEach((field, i) => {
        // The Network section (extra headers, the key header) has no place in promptflow's files: not exported.
        if (!fieldApplies(field, values, provider) || field.section === 'network') return;
        const set = field.required === true || picks[i]!;
        if (field.kind === 'select') values[field.key] = field.options![selects[i]! % field.options!.length]!.value;
        else if (field.kind === 'map') {
          if (field.key === 'configs') values.configs = configs;
          else if (field.key === 'secrets') values.secrets = secretMap;
          else if (field.key === 'extra' && set) values.extra = extra;
        } else if (!set) return;
        else if (isSecretField(field)) values[field.key] = secrets[i]!;
        else if (field.kind === 'url') values[field.key] = urls[i]!;
        else values[field.key] = texts[i]!;
      });
      return { providerId: provider.id, alias, name: name ?? alias, scope: 'global' as const, isActive: true, values };
    });
}

describe('promptflow YAML: round trip', () => {
  it('export then import gives back every generated connection, secrets as ${env:} references', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROVIDERS).chain(providerInput), fc.constantFrom('env' as const, 'user-input' as const), async (input, style) => {
        const source = fixture();
        const original = await source.store.create(input);
        const yaml = exportPromptflowYaml([original], style);
        for (const secret of Object.values(await source.store.readSecrets(original))) assert.ok(!yaml.includes(secret), 'no secret in the export');

        const read = readPromptflowFile('round.yaml', yaml);
        assert.deepEqual(
          read.problems.map((p) => say(formatProblem(p))),
          [],
        );
        const imported = read.connections[0]!;
        assert.deepEqual(imported.placeholders, []);
        const asked = secretsToAsk(imported);
        assert.equal(asked.length, style === 'env' ? 0 : original.secretKeys.length);
        const answers = Object.fromEntries(asked.map((s) => [s.key, '${env:TYPED}']));
        const target = fixture();
        const back = await target.store.create(toConnectionInput(imported, { scope: 'global', answers }));
        assert.deepEqual(
          { providerId: back.providerId, name: back.name, alias: back.alias, settings: back.settings, secretKeys: [...back.secretKeys].sort() },
          { providerId: original.providerId, name: original.name, alias: original.alias, settings: original.settings, secretKeys: [...original.secretKeys].sort() },
        );
        for (const value of Object.values(await target.store.readSecrets(back))) assert.ok(isReference(value), value);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });

  it('writes several connections as documents of one file that read back in order', async () => {
    const { store } = fixture();
    const a = await store.create({ providerId: 'openai', name: 'a', alias: 'a', scope: 'global', isActive: true, values: { apiKey: 'sk-aaaaaaaaaaaa' } });
    const b = await store.create({ providerId: 'ollama', name: 'b', alias: 'b', scope: 'global', isActive: true, values: {} });
    const read = readPromptflowFile('m.yaml', exportPromptflowYaml([a, b], 'env'));
    assert.deepEqual(
      read.connections.map((c) => [c.document, c.providerId]),
      [
        [1, 'openai'],
        [2, 'ollama'],
      ],
    );
  });
});
