/**
 * Bounds and fallbacks that decide what is read, shown or matched: how much of a chat answer that
 * is not a stream is read, the limits of a model nothing is known of, the files and variables a
 * reference reads, how Show Resolution shows a secret, and which stored connection an import updates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { streamChat } from '../../src/domain/chat/client';
import { ChatError } from '../../src/domain/chat/errors';
import { chatModels } from '../../src/domain/chat/models';
import { inspectConnection } from '../../src/domain/resolution/inspect';
import { ReferenceResolution, type Environment } from '../../src/domain/resolution/resolver';
import { Command } from '../../src/ui/commands/ids';
import { yamlLabels } from '../../src/ui/commands/yamlCommands';
import { openAiInput } from '../support/fixtures';
import { harness } from '../support/uiHarness';

describe('a chat answer that is JSON instead of a stream', () => {
  it('is read up to 64 KiB however many pieces it comes in, then refused as not a stream', async () => {
    const piece = new TextEncoder().encode(`{"error":{"message":"${'x'.repeat(1000)}"}}`.slice(0, 1024));
    let sent = 0;
    let aborted = false;
    // A server that keeps sending 1 KiB pieces of JSON, up to 4 MiB, until the request is aborted.
    const fetch = (async (_url: unknown, init?: RequestInit) => {
      init?.signal?.addEventListener('abort', () => (aborted = true));
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (aborted) return controller.error(new DOMException('aborted', 'AbortError'));
          if (sent >= 4 * 1024 * 1024) return controller.close();
          sent += piece.length;
          controller.enqueue(piece);
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const parts = streamChat({ providerId: 'openai', settings: { baseUrl: 'https://api.example/v1' } }, { apiKey: 'sk-test-bound-0000000000' }, { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }, { timeoutMs: 3000, fetch });
    await assert.rejects(
      async () => {
        for await (const _ of parts) assert.fail('no part of a JSON answer is a chat reply');
      },
      (error: unknown) => {
        assert.ok(error instanceof ChatError, `a ChatError: ${String(error)}`);
        assert.equal(error.detail.code, 'chat.jsonNotStream');
        return true;
      },
    );
    assert.ok(sent > 64 * 1024 && sent <= 64 * 1024 + 4 * 1024, `read just past 64 KiB, not ${sent} bytes`);
    assert.equal(aborted, true, 'the rest of the answer is not waited for: the request is aborted');
  });
});

describe('the limits of a model nothing is known of', () => {
  it('are the documented 8,192 tokens in, 4,096 out, without tools or images', () => {
    const [unknown] = chatModels('openai', { data: [{ id: 'gpt-unheard-of', object: 'model' }] });
    assert.deepEqual([unknown?.maxInputTokens, unknown?.maxOutputTokens, unknown?.capabilities, unknown?.source], [8192, 4096, { toolCalling: false, imageInput: false }, 'default']);
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.match(readme, /else 8,192 in \/ 4,096 out\./, 'as the README says');
  });
});

describe('references: what is read', () => {
  const APP = { uri: 'file:///work/app', name: 'app' };
  function resolution(options: { environment?: string; env?: Environment; files?: Record<string, string> }) {
    const reads: string[] = [];
    const service = new ReferenceResolution({
      env: () => options.env ?? {},
      folders: () => [APP],
      files: () => ({
        read: async (name) => {
          reads.push(name);
          return options.files?.[name];
        },
      }),
      isTrusted: () => true,
      settings: () => ({ environment: options.environment ?? 'Development', allowedEnvironmentVariables: ['OPENAI_API_KEY', 'OPENAI_BASE_URL'] }),
    });
    return { service, reads };
  }

  it('an environment name that is not a plain name reads appsettings.Development.json, never a path it spells', async () => {
    const files = { 'appsettings.Development.json': '{"A":{"B":"dev"}}', 'appsettings.Staging.json': '{"A":{"B":"staging"}}' };
    for (const environment of ['../../../etc/secrets', 'Staging/../../x', 'a b', '', 'x'.repeat(65), 'Staging\n']) {
      const { service, reads } = resolution({ environment, files });
      const outcome = await service.lookup('$A:B', 'workspace');
      assert.deepEqual(outcome?.ok && outcome.value, 'dev', `${JSON.stringify(environment)}: the Development file`);
      assert.deepEqual([...new Set(reads)].sort(), ['.env', 'appsettings.Development.json', 'appsettings.json'], `${JSON.stringify(environment)}: only the folder's own files`);
    }
    const { service } = resolution({ environment: 'Staging', files });
    const staging = await service.lookup('$A:B', 'workspace');
    assert.equal(staging?.ok && staging.value, 'staging', 'a plain name picks its file');
  });

  it('an environment variable set but empty falls back to the .env file', async () => {
    const { service } = resolution({ env: { OPENAI_API_KEY: '' }, files: { '.env': 'OPENAI_API_KEY=from-dotenv\n' } });
    const outcome = await service.lookup('${env:OPENAI_API_KEY}', 'workspace');
    assert.ok(outcome?.ok, `resolved: ${JSON.stringify(outcome)}`);
    assert.deepEqual([outcome.value, outcome.source.kind], ['from-dotenv', 'dotenv']);
    const neither = await resolution({ env: { OPENAI_API_KEY: '' }, files: { '.env': 'OPENAI_API_KEY=\n' } }).service.lookup('${env:OPENAI_API_KEY}', 'workspace');
    assert.equal(neither?.ok, false, 'empty in both: not found, rather than an empty key sent');
  });

  it('Show Resolution masks a secret whose value reads like a reference itself, and shows a URL as it is', async () => {
    const { service } = resolution({ env: { OPENAI_API_KEY: '$Vault:Key9Qz', OPENAI_BASE_URL: 'https://gw.example/v1' } });
    const rows = await inspectConnection(service, { providerId: 'openai', name: 'Prod', scope: 'global', settings: { baseUrl: '${env:OPENAI_BASE_URL}' } }, { apiKey: '${env:OPENAI_API_KEY}' });
    const shown = Object.fromEntries(rows.map((row) => [row.label, row.shown]));
    assert.deepEqual(shown, { 'Base URL': 'https://gw.example/v1', 'API Key': '***' });
    assert.ok(!JSON.stringify(rows).includes('Key9Qz'), 'the value is nowhere');
  });
});

describe('Import from YAML…: the stored connection it would update', () => {
  const { IMPORT, UPDATE } = yamlLabels();

  it('one of the same name and provider, though its alias differs', async () => {
    const h = harness();
    const stored = await h.store.create(openAiInput({ name: 'pf_gateway', alias: 'gateway' }, { baseUrl: 'https://gw.example/v1' }));
    h.documents.put('file:///w/gw.yaml', 'name: pf_gateway\ntype: open_ai\napi_key: "******"\nbase_url: https://gw.example/v2\n');
    h.ui.answers = [IMPORT, UPDATE];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/gw.yaml' });
    assert.equal(h.ui.of('ask')[1]?.text, "A connection named 'pf_gateway' (gateway · OpenAI) already exists.", h.ui.everything);
    const connections = h.store.list().connections;
    assert.deepEqual(
      connections.map((c) => [c.id, c.alias, c.settings.baseUrl]),
      [[stored.id, 'gateway', 'https://gw.example/v2']],
      'updated in place, alias kept',
    );
  });

  it('not one of the same name at another provider', async () => {
    const h = harness();
    await h.store.create({ providerId: 'anthropic', name: 'pf_claude', alias: 'claude', scope: 'global', isActive: true, values: { apiKey: 'sk-ant-test-0000000000' } });
    h.documents.put('file:///w/claude.yaml', 'name: pf_claude\ntype: open_ai\napi_key: "<user-input>"\n');
    h.ui.answers = [IMPORT];
    h.documents.answers = ['sk-test-typed-0000000000'];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/claude.yaml' });
    assert.equal(h.ui.of('ask').length, 1, `no question of updating the Anthropic one: ${h.ui.everything}`);
    assert.deepEqual(
      h.store
        .list()
        .connections.map((c) => c.providerId)
        .sort(),
      ['anthropic', 'openai'],
    );
  });
});
