import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isReference } from '../../src/domain/references';
import { isMessage } from '../../src/domain/messages';
import { type DestinationRequest, type PermissionRequest } from '../../src/domain/resolution/resolver';
import { say } from '../../src/ui/text';
import { testConnection } from '../../src/domain/testing/tester';
import { prepareChat } from '../../src/domain/chat/client';
import type { ChatError } from '../../src/domain/chat/errors';
import { resolution } from '../support/resolutionSetup';

describe('references in chat requests', () => {
  it('resolve through the same seam: keys from appsettings.json, the Azure API version from the environment', async () => {
    const { service } = resolution({ env: { OPENAI_API_VERSION: '2024-10-21' }, files: { 'appsettings.json': '{"Azure":{"Key":"azure-key-from-file","Endpoint":"https://contoso.openai.azure.com"}}' } });
    const chat = await prepareChat(
      { providerId: 'azure-openai', settings: { endpoint: '$Azure:Endpoint', apiVersion: '${env:OPENAI_API_VERSION}', authMode: 'key' }, isActive: true },
      { apiKey: '$Azure:Key' },
      { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
      { resolveReference: service.resolverFor({ id: 'a', name: 'Azure', scope: 'workspace' }) },
    );
    assert.equal(chat.prepared.url.toString(), 'https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
    assert.equal(chat.prepared.headers['api-key'], 'azure-key-from-file');
    assert.equal(chat.prepared.where, '$Azure:Endpoint');
  });

  it('an unresolved reference fails the chat request as config, naming where it looked', async () => {
    const { service } = resolution({});
    await assert.rejects(
      prepareChat({ providerId: 'openai', settings: {}, isActive: true }, { apiKey: '$OpenAI:ApiKey' }, { model: 'gpt-4o', messages: [] }, { resolveReference: service.resolverFor({ name: 'x', scope: 'workspace' }) }),
      (error: ChatError) => error.kind === 'config' && /\$OpenAI:ApiKey not found in appsettings\.json/.test(say(error.detail)),
    );
  });
});

describe('reference resolution never throws', () => {
  it('on arbitrary values and files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.constantFrom('$A:B', '${env:X}', '$$A:B', '$Items:0'), fc.stringMatching(/^\$[A-Za-z_][A-Za-z0-9_]{0,5}(:[A-Za-z0-9_]{1,4}){1,3}$/)),
        fc.record({ 'appsettings.json': fc.oneof(fc.string(), fc.json()), 'appsettings.Development.json': fc.oneof(fc.string(), fc.json()), '.env': fc.string() }, { requiredKeys: [] }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
        fc.boolean(),
        async (value, files, env, trusted) => {
          const { service } = resolution({ files: files as Record<string, string>, env, trusted });
          const outcome = await service.lookup(value, 'workspace');
          if (outcome && !outcome.ok) assert.ok(isMessage(outcome.problem) && say(outcome.problem).length > 0, 'a problem in words');
          if (isReference(value)) assert.ok(outcome, 'a reference has an outcome');
          const viaResolver = await service.resolverFor({ name: 'x', scope: 'workspace' }).resolve({ kind: 'config', path: ['A', 'B'] });
          assert.ok(viaResolver === undefined || typeof viaResolver === 'string' || ('value' in viaResolver ? typeof viaResolver.value === 'string' : typeof say(viaResolver.problem) === 'string'), 'a value or a problem in words');
        },
      ),
      { numRuns: 300, seed: 4242 },
    );
  });
});

describe("reference resolution: a host named by the workspace's files", () => {
  const owner = { id: 'env-openai', name: 'OpenAI (environment)', scope: 'workspace' as const };
  const USER_KEY = 'sk-test-users-own-key-5b1e';
  const recording = () => {
    const sent: { url: string; authorization: string | null }[] = [];
    const fetch = async (url: unknown, init?: RequestInit) => {
      sent.push({ url: String(url), authorization: new Headers(init?.headers).get('authorization') });
      return new Response('{"data":[]}', { headers: { 'content-type': 'application/json' } });
    };
    return { sent, fetch: fetch as typeof globalThis.fetch };
  };
  const connection = { providerId: 'openai', settings: { baseUrl: '${env:OPENAI_BASE_URL}' }, isActive: true };

  it("sends the user's own key (environment or secret storage) there only after a yes for that host, remembered per connection and host", async () => {
    for (const apiKey of ['${env:OPENAI_API_KEY}', USER_KEY]) {
      const asked: DestinationRequest[] = [];
      const answers = [false, true];
      const { service } = resolution({
        env: { OPENAI_API_KEY: USER_KEY },
        files: { '.env': 'OPENAI_BASE_URL=http://attacker.example:8080/v1\n' },
        askDestination: async (r) => (asked.push(r), answers.shift()!),
      });
      const { sent, fetch } = recording();
      const refused = await testConnection(connection, { apiKey }, { timeoutMs: 1000, resolveReference: service.resolverFor(owner), fetch });
      assert.equal(refused.errorKind, 'config');
      assert.deepEqual(refused.message, { code: 'testing.hostNotApproved', host: 'attacker.example:8080', field: 'Base URL', reference: '${env:OPENAI_BASE_URL}', file: '.env' });
      assert.match(say(refused.message!), /^Base URL: \$\{env:OPENAI_BASE_URL\} comes from the workspace's \.env and points at attacker\.example:8080\. Your key was not sent there/);
      assert.deepEqual(sent, [], 'nothing sent');
      assert.deepEqual(asked, [{ connectionName: 'OpenAI (environment)', host: 'attacker.example:8080', field: 'Base URL', reference: '${env:OPENAI_BASE_URL}', file: '.env', keyField: 'API Key', ...(apiKey.startsWith('$') ? { keyReference: apiKey } : {}) }]);
      // The answer is remembered: Deny stays Deny for this host (a new connection object asks anew).
      const again = await testConnection(connection, { apiKey }, { timeoutMs: 1000, resolveReference: service.resolverFor(owner), fetch });
      assert.equal(again.errorKind, 'config');
      assert.equal(asked.length, 1);
      const other = { ...owner, id: 'other' };
      const allowed = await testConnection(connection, { apiKey }, { timeoutMs: 1000, resolveReference: service.resolverFor(other), fetch });
      assert.equal(allowed.success, true, 'sent after the yes');
      assert.deepEqual(sent, [{ url: 'http://attacker.example:8080/v1/models', authorization: `Bearer ${USER_KEY}` }]);
      assert.ok(!say(refused.message!).includes(USER_KEY), 'the key is never quoted');
    }
  });

  it("the workspace's own key may go to the workspace's host; a host the user typed or set in the environment never asks", async () => {
    const asked: DestinationRequest[] = [];
    const { service } = resolution({
      env: { OPENAI_API_KEY: USER_KEY, MY_BASE: 'http://127.0.0.1:9/v1' },
      allowed: ['OPENAI_API_KEY', 'MY_BASE'],
      files: { '.env': 'OPENAI_BASE_URL=http://127.0.0.1:9/v1\nWORKSPACE_KEY=sk-test-workspace-own-key\n' },
      askDestination: async (r) => (asked.push(r), false),
    });
    const { sent, fetch } = recording();
    const run = (settings: Record<string, string>, apiKey: string) => testConnection({ providerId: 'openai', settings, isActive: true }, { apiKey }, { timeoutMs: 1000, resolveReference: service.resolverFor(owner), fetch });
    const own = await run({ baseUrl: '${env:OPENAI_BASE_URL}' }, '${env:WORKSPACE_KEY}');
    assert.equal(own.success, true, JSON.stringify(own));
    assert.equal((await run({ baseUrl: '${env:MY_BASE}' }, '${env:OPENAI_API_KEY}')).success, true);
    assert.equal((await run({ baseUrl: 'http://127.0.0.1:9/v1' }, USER_KEY)).success, true);
    assert.deepEqual(asked, []);
    assert.equal(sent.length, 3);
  });

  it('an Entra ID token asks too, before it is fetched', async () => {
    const asked: DestinationRequest[] = [];
    let tokens = 0;
    const { service } = resolution({ files: { '.env': 'AZURE_OPENAI_ENDPOINT=https://attacker.openai.azure.com\n' }, askDestination: async (r) => (asked.push(r), false) });
    const { sent, fetch } = recording();
    const result = await testConnection(
      { providerId: 'azure-openai', settings: { endpoint: '${env:AZURE_OPENAI_ENDPOINT}', apiVersion: '2024-10-21', authMode: 'entra' }, isActive: true },
      {},
      { timeoutMs: 1000, resolveReference: service.resolverFor(owner), fetch, getEntraToken: async () => (tokens++, 'entra-token') },
    );
    assert.equal(result.errorKind, 'config');
    assert.equal(tokens, 0);
    assert.deepEqual(sent, []);
    assert.equal(asked[0]!.host, 'attacker.openai.azure.com');
  });

  it("Azure's API version from a variable outside the list is asked about naming the host, in a test and in chat", async () => {
    const asked: PermissionRequest[] = [];
    const { service } = resolution({ env: { AOAI_VERSION: '2024-10-21', AOAI_ENDPOINT: 'https://r.openai.azure.com' }, allowed: [], ask: async (r) => (asked.push(r), r.variable === 'AOAI_ENDPOINT') });
    const settings = { endpoint: 'https://r.openai.azure.com', apiVersion: '${env:AOAI_VERSION}', deployment: 'gpt-4o' };
    await prepareChat({ providerId: 'azure-openai', settings, isActive: true }, { apiKey: 'k' }, { model: 'gpt-4o', messages: [] }, { resolveReference: service.resolverFor({ name: 'x', scope: 'global' }) }).catch(() => undefined);
    await prepareChat({ providerId: 'azure-openai', settings: { ...settings, endpoint: '${env:AOAI_ENDPOINT}' }, isActive: true }, { apiKey: 'k' }, { model: 'gpt-4o', messages: [] }, { resolveReference: service.resolverFor({ name: 'x', scope: 'global' }) }).catch(
      () => undefined,
    );
    const { fetch } = recording();
    await testConnection({ providerId: 'azure-openai', settings: { ...settings, endpoint: '${env:AOAI_ENDPOINT}' }, isActive: true }, { apiKey: 'k' }, { timeoutMs: 1000, resolveReference: service.resolverFor({ name: 'x', scope: 'global' }), fetch });
    const versions = asked.filter((r) => r.variable === 'AOAI_VERSION');
    assert.equal(versions.length, 3);
    for (const r of asked) assert.equal(r.host, 'r.openai.azure.com', JSON.stringify(r));
  });
});
