/**
 * A connection's Network section as requests use it: extra headers (values resolved like keys,
 * naming the host, and scrubbed from what is reported), the key sent in a gateway's header instead
 * of the provider's own, header names the product sets refused, a value with a line break refused
 * naming the header (never its value), and nothing of it across a redirect to another origin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection, SecretBag } from '../../src/domain/connection';
import { findProvider } from '../../src/domain/providers/catalog';
import { ConfigError, prepareRequest, type PrepareDependencies } from '../../src/domain/requests';
import type { ReferenceResolver } from '../../src/domain/references';
import { testConnection } from '../../src/domain/testing/tester';
import { validateConnection } from '../../src/domain/validation';
import { definitionOf } from '../../src/domain/shared/write';
import { sharedFileSchema } from '../../src/domain/shared/schema';
import { exportPromptflowYaml } from '../../src/domain/yaml';
import { say } from '../../src/ui/text';
import { modelList, redirectTo, startServer, type LocalServer } from '../support/hostileServers';

const KEY = 'sk-test-net-7Hq2Lp9Xv4Rb';
const GATEWAY_KEY = 'gw-test-3Nf8Kd1Wz6Ty';

/** A resolver that knows some environment variables and records what it was asked, and for which host. */
function resolver(env: Record<string, string>): { resolveReference: ReferenceResolver; asked: { label: string; host: string | undefined }[] } {
  const asked: { label: string; host: string | undefined }[] = [];
  return {
    asked,
    resolveReference: {
      resolve: async (reference, use) => {
        asked.push({ label: use?.label ?? '', host: use?.host });
        return reference.kind === 'env' ? env[reference.name] : undefined;
      },
    },
  };
}

async function prepare(providerId: string, settings: Connection['settings'], secrets: SecretBag, deps: PrepareDependencies = {}) {
  const provider = findProvider(providerId)!;
  return prepareRequest(provider, provider.test!, { providerId, settings }, secrets, deps);
}

/** The ConfigError a preparation fails with (the test fails if it does not). */
async function refusal(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    return error;
  }
  assert.fail('the request was put together');
}

/** Header names of a prepared request, lowercase. */
const names = (headers: Record<string, string>) => Object.keys(headers).map((h) => h.toLowerCase());

describe('extra headers', () => {
  it('are added to the request, a reference resolved naming the host, and its value listed as sensitive', async () => {
    const { resolveReference, asked } = resolver({ GATEWAY_TOKEN: GATEWAY_KEY });
    const prepared = await prepare('openai', { baseUrl: 'https://gateway.example.com/v1' }, { apiKey: KEY, 'headers.X-Tenant': 'team-a', 'headers.X-Gateway-Key': '${env:GATEWAY_TOKEN}' }, { resolveReference });
    assert.equal(prepared.headers['X-Tenant'], 'team-a', 'a literal value');
    assert.equal(prepared.headers['X-Gateway-Key'], GATEWAY_KEY, 'the reference resolved');
    assert.equal(prepared.headers.Authorization, `Bearer ${KEY}`, "the provider's own header stays");
    assert.ok(prepared.sensitive.includes(GATEWAY_KEY), "the reference's value is scrubbed from what is reported");
    assert.ok(prepared.sensitive.includes('team-a'), 'a literal header value is scrubbed too');
    assert.ok(!prepared.sensitive.includes('${env:GATEWAY_TOKEN}'), 'the reference itself is not secret');
    const question = asked.find((a) => a.label.includes('X-Gateway-Key'));
    assert.ok(question, 'the resolver is told which header the value is for');
    assert.equal(question.host, 'gateway.example.com', 'and the host it goes to');
  });

  it('an unset reference fails as config naming the header and the variable, and nothing is sent', async () => {
    const { resolveReference } = resolver({});
    const error = await refusal(prepare('anthropic', {}, { apiKey: KEY, 'headers.X-Gateway-Key': '${env:NOT_SET_HERE}' }, { resolveReference }));
    assert.equal(say(error.detail), 'The header X-Gateway-Key refers to the environment variable NOT_SET_HERE, which is not set for VS Code.');
  });

  for (const [providerId, header] of [
    ['openai', 'Authorization'],
    ['openai', 'authorization'],
    ['openai', 'OpenAI-Organization'],
    ['anthropic', 'X-API-Key'],
    ['anthropic', 'anthropic-version'],
    ['google-gemini', 'x-goog-api-key'],
    ['azure-openai', 'api-key'],
    ['azure-openai', 'Ocp-Apim-Subscription-Key'],
    ['mistral', 'Host'],
    ['ollama', 'content-length'],
    ['openai-compatible', 'Content-Type'],
    ['qdrant', 'Transfer-Encoding'],
    ['weaviate', 'Connection'],
  ] as const) {
    it(`${providerId}: a header named ${header} is refused at request time, naming it`, async () => {
      // Every provider's base setting set: each reads its own.
      const settings = { baseUrl: 'http://127.0.0.1:9/v1', endpoint: 'http://127.0.0.1:9', apiVersion: '2024-10-21', authMode: 'key' };
      const error = await refusal(prepare(providerId, settings, { apiKey: KEY, [`headers.${header}`]: 'sneaky-value-1' }));
      assert.equal(error.detail.code, 'testing.headerReserved', say(error.detail));
      assert.match(say(error.detail), new RegExp(`The header ${header} is set by AI Connections itself`));
    });
  }

  it('a value with a line break is refused at request time, naming the header and never the value', async () => {
    const { resolveReference } = resolver({ SPLIT: 'ok\r\nX-Injected: evil-value-9' });
    for (const value of ['line-one\nline-two', '${env:SPLIT}', 'nul\u0000byte']) {
      const error = await refusal(prepare('openai', {}, { apiKey: KEY, 'headers.X-Trace': value }, { resolveReference }));
      assert.equal(error.detail.code, 'testing.headerControl', say(error.detail));
      assert.equal(say(error.detail), 'The value of the header X-Trace contains a line break or another control character. Nothing was sent.');
      assert.ok(!JSON.stringify(error.detail).includes('line-two') && !JSON.stringify(error.detail).includes('evil'), 'the value is in no message');
    }
  });

  it('the Custom provider has its own configs: no Network section, and a stray headers secret is not sent', async () => {
    const custom = findProvider('custom')!;
    assert.ok(!custom.fields.some((f) => f.section === 'network'), 'no Network section');
    const prepared = await prepare('custom', { configs: { test_url: 'https://example.com/check' } }, { 'secrets.api_key': KEY, 'headers.X-Extra': 'x' });
    assert.equal(prepared.headers['X-Extra'], undefined, 'not sent');
  });
});

describe('the key header override', () => {
  it('OpenAI: the key goes as Ocp-Apim-Subscription-Key and Authorization is not sent', async () => {
    const prepared = await prepare('openai', { keyHeader: 'Ocp-Apim-Subscription-Key' }, { apiKey: KEY });
    assert.equal(prepared.headers['Ocp-Apim-Subscription-Key'], KEY, 'the key as it is');
    assert.ok(!names(prepared.headers).includes('authorization'), "the provider's own header is not sent");
  });

  it('Anthropic: the key goes as cf-aig-authorization: Bearer, and x-api-key is not sent; anthropic-version stays', async () => {
    const prepared = await prepare('anthropic', { keyHeader: 'cf-aig-authorization', keyScheme: 'bearer' }, { apiKey: KEY });
    assert.equal(prepared.headers['cf-aig-authorization'], `Bearer ${KEY}`, 'Bearer <key>');
    assert.ok(!names(prepared.headers).includes('x-api-key'), "the provider's own header is not sent");
    assert.equal(prepared.headers['anthropic-version'], '2023-06-01', "the provider's version header stays");
  });

  it('Azure OpenAI with Microsoft Entra ID keeps its token in Authorization', async () => {
    const prepared = await prepare('azure-openai', { endpoint: 'https://r.openai.azure.com', apiVersion: '2024-10-21', authMode: 'entra', keyHeader: 'x-portkey-api-key' }, {}, { getEntraToken: async () => 'eyJ-entra-token' });
    assert.equal(prepared.headers.Authorization, 'Bearer eyJ-entra-token', 'Entra as it is');
    assert.equal(prepared.headers['x-portkey-api-key'], undefined, 'no key to send');
  });

  it('a key header the product sets itself, or not a header name, is refused before anything is resolved', async () => {
    for (const [header, code] of [
      ['Content-Type', 'testing.headerReserved'],
      ['OpenAI-Project', 'testing.headerReserved'],
      ['Bad Header', 'testing.headerName'],
    ] as const) {
      const error = await refusal(prepare('openai', { keyHeader: header }, { apiKey: KEY }));
      assert.equal(error.detail.code, code, `${header}: ${say(error.detail)}`);
    }
  });

  it('an extra header of the same name as the key header is refused', async () => {
    const error = await refusal(prepare('openai', { keyHeader: 'x-portkey-api-key' }, { apiKey: KEY, 'headers.X-Portkey-Api-Key': 'other' }));
    assert.equal(error.detail.code, 'testing.headerReserved', say(error.detail));
  });
});

describe('saving the Network section', () => {
  const context = { takenAliases: new Map(), workspaceAvailable: true };
  const input = (values: Record<string, unknown>) => ({ providerId: 'openai', name: 'Gateway', alias: 'gw', scope: 'global' as const, isActive: true, values: { apiKey: KEY, ...values } });

  it('keeps header values as secrets and the key header as settings', () => {
    const result = validateConnection(input({ headers: { 'X-Gateway-Key': GATEWAY_KEY }, keyHeader: 'Ocp-Apim-Subscription-Key', keyScheme: '' }), context);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.secrets['headers.X-Gateway-Key'], GATEWAY_KEY, 'a secret');
    assert.ok(result.value.secretKeys.includes('headers.X-Gateway-Key'), 'listed');
    assert.deepEqual(result.value.settings, { keyHeader: 'Ocp-Apim-Subscription-Key', baseUrl: 'https://api.openai.com/v1' }, 'names are settings; no header value among them');
  });

  it('refuses a reserved header name, a value with a line break (naming the header), and Bearer without a key header', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ headers: { 'x-api-key': 'v' } }, 'headers', "AI Connections sets 'x-api-key' itself. To send the key in another header, use Key header."],
      [{ headers: { 'OpenAI-Organization': 'v' } }, 'headers', "AI Connections sets 'OpenAI-Organization' itself. To send the key in another header, use Key header."],
      [{ headers: { 'X-Trace': 'a\r\nb' } }, 'headers', "The value of 'X-Trace' contains a line break or another control character."],
      [{ keyHeader: 'Host' }, 'keyHeader', "AI Connections sets 'Host' itself. To send the key in another header, use Key header."],
      [{ keyHeader: 'two words' }, 'keyHeader', "'two words' is not a valid header name: use letters, digits and - _ . ! # $ % & ' * + ^ ` | ~."],
      [{ keyScheme: 'bearer' }, 'keyHeader', 'Key header is required.'],
    ];
    for (const [values, field, text] of cases) {
      const result = validateConnection(input(values), context);
      assert.ok(!result.ok, `${JSON.stringify(values)} is refused`);
      assert.equal(say(result.errors[field]!), text, JSON.stringify(values));
    }
  });
});

describe('redirects: the extra headers never reach another origin', () => {
  let elsewhere: LocalServer;
  before(async () => {
    elsewhere = await startServer(modelList);
  });
  after(() => elsewhere.close());

  for (const status of [302, 307]) {
    it(`${status} to another origin: not followed, and neither the key header nor an extra header arrives there`, async () => {
      const redirector = await startServer(redirectTo(status, () => elsewhere.origin));
      try {
        const result = await testConnection({ providerId: 'openai', settings: { baseUrl: `${redirector.origin}/v1`, keyHeader: 'cf-aig-authorization', keyScheme: 'bearer' }, isActive: true }, { apiKey: KEY, 'headers.X-Gateway-Key': GATEWAY_KEY }, { timeoutMs: 1500 });
        assert.equal(result.errorKind, 'config', JSON.stringify(result));
        assert.equal(redirector.requests.at(-1)?.headers['x-gateway-key'], GATEWAY_KEY, 'the gateway itself got the header');
        assert.equal(elsewhere.requests.length, 0, 'nothing reached the other origin');
      } finally {
        await redirector.close();
      }
    });
  }
});

describe('where the Network section is written', () => {
  const connection: Connection = {
    id: '00000000-0000-4000-8000-000000000002',
    alias: 'claude-gw',
    name: 'Claude through the gateway',
    providerId: 'anthropic',
    scope: 'workspace',
    isActive: true,
    settings: { keyHeader: 'cf-aig-authorization', keyScheme: 'bearer' },
    secretKeys: ['apiKey', 'headers.X-Literal', 'headers.X-Ref'],
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateModified: '2026-01-01T00:00:00.000Z',
  };
  const secrets = { apiKey: KEY, 'headers.X-Literal': GATEWAY_KEY, 'headers.X-Ref': '${env:GATEWAY_TOKEN}' };

  it('the shared file: header values are "ask" or references, never a literal; the key header is a setting', () => {
    const definition = definitionOf(connection, secrets);
    assert.deepEqual(definition.secrets.headers, { 'X-Literal': 'ask', 'X-Ref': '${env:GATEWAY_TOKEN}' }, 'each header as a secret');
    assert.deepEqual(definition.settings, connection.settings, 'the key header as settings');
    assert.equal(JSON.stringify(definition).includes(GATEWAY_KEY), false, 'no literal value');
    const anthropic = (sharedFileSchema() as { properties: { connections: { items: { allOf: { then: { properties: Record<string, { properties: Record<string, unknown> }> } }[] } } } }).properties.connections.items.allOf.find((c) =>
      JSON.stringify(c).includes('"const":"anthropic"'),
    )!;
    const headersSchema = anthropic.then.properties.secrets!.properties.headers as { additionalProperties: { anyOf: unknown[] } };
    assert.ok(headersSchema.additionalProperties.anyOf.length > 0, 'header values in the schema are "ask" or a reference');
    assert.ok('keyHeader' in anthropic.then.properties.settings!.properties && 'keyScheme' in anthropic.then.properties.settings!.properties, 'the key header in settings');
  });

  it('the promptflow YAML export writes no header value', () => {
    const text = exportPromptflowYaml([connection], 'env', { [connection.id]: { 'headers.X-Ref': '${env:GATEWAY_TOKEN}' } });
    assert.equal(text.includes(GATEWAY_KEY), false, 'no literal header value');
    assert.equal(text.includes(KEY), false, 'nor the key');
  });
});
