import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { chatModels, DEFAULT_LIMITS } from '../../src/domain/chat/models';
import { offeredModels } from '../../src/domain/chat/selection';
import { parseServerModels, ServerModelsProbe, type SameOriginGet } from '../../src/domain/chat/serverModels';
import { Command } from '../../src/ui/commands/ids';
import { COMPATIBLE_DETAILS, COMPATIBLE_LISTS, startCompatibleServer, type CompatibleServer, type CompatibleServerOptions } from '../support/compatibleServers';
import { modelList, startServer } from '../support/hostileServers';
import { harness } from '../support/uiHarness';

const KEY = 'sk-test-1234abcd';

/** The paths a server was asked for, in order. */
const paths = (server: Pick<CompatibleServer, 'requests'>) => server.requests.map((r) => new URL(r.url, 'http://localhost').pathname);

/** A harness with a saved OpenAI-compatible connection to `server`, and a way to test it and read what Chat offers. */
async function savedConnection(server: CompatibleServer, providerId = 'openai-compatible') {
  const h = harness();
  const c = await h.store.create({ providerId, name: 'Local', alias: 'local', scope: 'global', isActive: true, values: { baseUrl: server.baseUrl, apiKey: KEY } });
  const test = async () => {
    await h.commands[Command.testConnection]!(c.id);
    assert.equal(h.results.get(c.id)?.success, true, 'the test passed');
  };
  const offered = () => new Map(offeredModels(h.store.list().connections, h.chat).map((m) => [m.modelId, m]));
  return { h, c, test, offered };
}

async function withServer<T>(server: Promise<CompatibleServer>, run: (server: CompatibleServer) => Promise<T>): Promise<T> {
  const started = await server;
  try {
    return await run(started);
  } finally {
    await started.close();
  }
}

describe('what LM Studio and LiteLLM say of their models', () => {
  it("LM Studio's /api/v0/models: the loaded context length over the largest, tool_use, a vlm reads images, embeddings are not chat models", () => {
    const models = parseServerModels('lmstudio', COMPATIBLE_DETAILS.lmstudio!.body)!;
    assert.ok(models, 'the documented shape is read');
    const offered = new Map(chatModels('openai-compatible', COMPATIBLE_LISTS.lmstudio, models).map((m) => [m.id, m]));
    assert.deepEqual([...offered.keys()], ['qwen2.5-coder-7b-instruct', 'qwen2-vl-7b-instruct', 'granite-3.0-2b-instruct'], 'the embedding model, named without "embed", is left out by its type');
    const coder = offered.get('qwen2.5-coder-7b-instruct')!;
    assert.equal(coder.maxInputTokens + coder.maxOutputTokens, 16384, 'loaded_context_length, the window the model runs with');
    assert.deepEqual([coder.capabilities, coder.source], [{ toolCalling: true, imageInput: false }, 'provider']);
    const vision = offered.get('qwen2-vl-7b-instruct')!;
    assert.equal(vision.maxInputTokens + vision.maxOutputTokens, 32768, 'max_context_length when not loaded');
    assert.deepEqual(vision.capabilities, { toolCalling: false, imageInput: true }, 'a vlm reads images; capabilities without tool_use: no tools');
    const granite = offered.get('granite-3.0-2b-instruct')!;
    assert.deepEqual([granite.maxInputTokens, granite.maxOutputTokens], [2048, 2048], 'a small window shared half and half');
    assert.equal(granite.capabilities.toolCalling, true, 'no capabilities reported: tools assumed, as for any OpenAI-compatible chat model');
  });

  it("LiteLLM's /model/info: max_input_tokens, max_output_tokens (else max_tokens), function calling and vision; several deployments of one name give the least", () => {
    const models = parseServerModels('litellm', COMPATIBLE_DETAILS.litellm!.body)!;
    assert.ok(models, 'the documented shape is read');
    const offered = new Map(chatModels('openai-compatible', COMPATIBLE_LISTS.litellm, models).map((m) => [m.id, m]));
    assert.deepEqual([...offered.keys()], ['gpt-4o', 'claude-sonnet', 'local-llama'], 'mode "embedding" is not a chat model');
    const gpt = offered.get('gpt-4o')!;
    assert.deepEqual([gpt.maxInputTokens, gpt.maxOutputTokens, gpt.capabilities, gpt.source], [128000, 16384, { toolCalling: true, imageInput: true }, 'provider']);
    const claude = offered.get('claude-sonnet')!;
    assert.deepEqual([claude.maxInputTokens, claude.maxOutputTokens, claude.capabilities], [200000, 8192, { toolCalling: true, imageInput: false }], 'the smaller output and the vision one deployment lacks');
    const llama = offered.get('local-llama')!;
    assert.deepEqual([llama.maxInputTokens, llama.maxOutputTokens, llama.capabilities.toolCalling], [DEFAULT_LIMITS.maxInputTokens, 8192, false], 'max_tokens as the output limit; nulls left to the default');
  });

  it('anything else is not taken for either: other shapes, other lists, junk of any kind; figures stay positive integers', () => {
    assert.equal(parseServerModels('lmstudio', COMPATIBLE_LISTS.plain), undefined, 'an OpenAI list is not LM Studio’s');
    assert.equal(parseServerModels('litellm', COMPATIBLE_LISTS.litellm), undefined, 'an OpenAI list is not LiteLLM’s model info');
    assert.equal(parseServerModels('lmstudio', COMPATIBLE_DETAILS.litellm!.body), undefined);
    assert.equal(parseServerModels('litellm', COMPATIBLE_DETAILS.lmstudio!.body), undefined);
    for (const body of [undefined, null, 'text', 42, [], {}, { data: 'x' }, { data: [null, 1, 'a'] }]) {
      assert.equal(parseServerModels('lmstudio', body), undefined, `lmstudio: ${JSON.stringify(body)}`);
      assert.equal(parseServerModels('litellm', body), undefined, `litellm: ${JSON.stringify(body)}`);
    }
    const anything = fc.oneof(fc.anything(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()));
    const lmEntry = fc.record({ id: fc.oneof(fc.constant('m'), anything), type: fc.oneof(fc.constantFrom('llm', 'vlm', 'embeddings'), anything), max_context_length: anything, loaded_context_length: anything, capabilities: anything }, { requiredKeys: [] });
    const liteEntry = fc.record(
      {
        model_name: fc.oneof(fc.constant('m'), anything),
        model_info: fc.oneof(fc.record({ max_input_tokens: anything, max_output_tokens: anything, max_tokens: anything, supports_function_calling: anything, supports_vision: anything, mode: anything }, { requiredKeys: [] }), anything),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(lmEntry, liteEntry, anything), { maxLength: 5 }), (data) => {
        for (const format of ['lmstudio', 'litellm'] as const) {
          const models = parseServerModels(format, { data });
          for (const info of chatModels('openai-compatible', { data: [{ id: 'm' }] }, models)) {
            for (const limit of [info.maxInputTokens, info.maxOutputTokens]) assert.ok(Number.isSafeInteger(limit) && limit > 0, `limit ${limit}`);
            assert.equal(typeof info.capabilities.toolCalling, 'boolean');
            assert.equal(typeof info.capabilities.imageInput, 'boolean');
          }
        }
      }),
    );
  });
});

describe('asking an OpenAI-compatible server for its models, during a test', () => {
  it('LM Studio: one request to /api/v0/models on the same origin with the same key; its figures are offered in Chat', async () => {
    await withServer(startCompatibleServer('lmstudio'), async (server) => {
      const { test, offered } = await savedConnection(server);
      await test();
      assert.deepEqual(paths(server), ['/v1/models', '/api/v0/models'], 'one extra request, LM Studio first for its owned_by');
      assert.equal(server.requests[1]!.headers.authorization, `Bearer ${KEY}`, 'the model list’s auth header');
      const models = offered();
      assert.deepEqual([...models.keys()], ['qwen2.5-coder-7b-instruct', 'qwen2-vl-7b-instruct', 'granite-3.0-2b-instruct']);
      assert.equal(models.get('qwen2.5-coder-7b-instruct')!.maxInputTokens + models.get('qwen2.5-coder-7b-instruct')!.maxOutputTokens, 16384);
      assert.equal(models.get('qwen2-vl-7b-instruct')!.capabilities.imageInput, true);
      await test();
      assert.deepEqual(paths(server).slice(2), ['/v1/models', '/api/v0/models'], 'asked again with the next list: a loaded window changes');
    });
  });

  it('LiteLLM: /model/info on the origin of a base URL with a path, with the same key; embeddings left out', async () => {
    await withServer(startCompatibleServer('litellm', { prefix: '/gateway/v1' }), async (server) => {
      const { test, offered } = await savedConnection(server);
      await test();
      assert.deepEqual(paths(server), ['/gateway/v1/models', '/model/info']);
      assert.equal(server.requests[1]!.headers.authorization, `Bearer ${KEY}`);
      const models = offered();
      assert.deepEqual([...models.keys()], ['gpt-4o', 'claude-sonnet', 'local-llama']);
      assert.deepEqual([models.get('claude-sonnet')!.maxOutputTokens, models.get('local-llama')!.capabilities.toolCalling], [8192, false]);
    });
  });

  it('a server without either endpoint: each is asked once, one per model list, then never again; the list is used as it is', async () => {
    await withServer(startCompatibleServer('plain'), async (server) => {
      const { test, offered } = await savedConnection(server);
      await test();
      await test();
      await test();
      assert.deepEqual(paths(server), ['/v1/models', '/api/v0/models', '/v1/models', '/model/info', '/v1/models']);
      const model = offered().get('local-coder-1')!;
      assert.deepEqual([model.maxInputTokens, model.maxOutputTokens, model.capabilities.toolCalling], [DEFAULT_LIMITS.maxInputTokens, DEFAULT_LIMITS.maxOutputTokens, true]);
    });
  });

  it('a list that carries limits (vLLM), or a provider other than OpenAI-compatible, asks nothing more', async () => {
    await withServer(startCompatibleServer('vllm'), async (server) => {
      const { test } = await savedConnection(server);
      await test();
      assert.deepEqual(paths(server), ['/v1/models']);
    });
    await withServer(startCompatibleServer('litellm'), async (server) => {
      const { test } = await savedConnection(server, 'openai');
      await test();
      assert.deepEqual(paths(server), ['/v1/models']);
    });
  });

  it('an answer of another shape, HTML or an error is passed over quietly and not asked for again; a server error is asked again', async () => {
    for (const details of [
      { status: 200, body: JSON.stringify({ data: [{ id: 'x' }] }) },
      { status: 200, body: '<!doctype html><p>Sign in</p>', contentType: 'text/html' },
      { status: 401, body: JSON.stringify({ error: { message: 'Only admin keys' } }) },
    ] satisfies CompatibleServerOptions['details'][]) {
      await withServer(startCompatibleServer('litellm', { details }), async (server) => {
        const { h, test, offered } = await savedConnection(server);
        await test();
        await test();
        assert.deepEqual(paths(server), ['/v1/models', '/model/info', '/v1/models', '/api/v0/models'], `${details.status} ${details.body.slice(0, 20)}`);
        assert.deepEqual([...offered().keys()], ['gpt-4o', 'claude-sonnet', 'local-llama', 'text-vectors'], 'the list as it is: only the server said which one embeds');
        assert.deepEqual(
          h.ui.shown.filter((d) => d.kind === 'error' || d.kind === 'warn'),
          [],
          'nothing said to the user',
        );
      });
    }
    await withServer(startCompatibleServer('litellm', { details: { status: 503, body: '{}' } }), async (server) => {
      const { test } = await savedConnection(server);
      await test();
      await test();
      assert.deepEqual(paths(server), ['/v1/models', '/model/info', '/v1/models', '/model/info'], 'a 503 may pass');
    });
  });

  it('an endpoint that does not answer holds the test up for the timeout at most (5 s at the most), once', async () => {
    await withServer(startCompatibleServer('lmstudio', { details: { stall: true } }), async (server) => {
      const { test, offered } = await savedConnection(server);
      await test();
      assert.deepEqual([...offered().keys()], ['qwen2.5-coder-7b-instruct', 'qwen2-vl-7b-instruct', 'bge-small-en-v1.5', 'granite-3.0-2b-instruct'], 'the list as it is');
      await test();
      assert.deepEqual(paths(server), ['/v1/models', '/api/v0/models', '/v1/models', '/model/info'], 'not waited for again');
    });
  });

  it('nothing goes to another origin: a redirect of the details elsewhere is not followed, and the key stays home', async () => {
    const elsewhere = await startServer(modelList);
    try {
      await withServer(startCompatibleServer('litellm', { details: { redirect: `${elsewhere.origin}/model/info` } }), async (server) => {
        const { test, offered } = await savedConnection(server);
        await test();
        await test();
        assert.deepEqual(paths(server), ['/v1/models', '/model/info', '/v1/models', '/api/v0/models'], 'not asked again');
        assert.deepEqual(elsewhere.requests, [], 'the other origin received nothing');
        assert.deepEqual([...offered().keys()], ['gpt-4o', 'claude-sonnet', 'local-llama', 'text-vectors'], 'the list as it is');
      });
    } finally {
      await elsewhere.close();
    }
  });

  it('a form test asks during the test; saving the tested values offers the figures without asking again', async () => {
    await withServer(startCompatibleServer('lmstudio'), async (server) => {
      const h = harness();
      h.forms.open();
      const session = h.forms.session('new')!;
      await session.receive({ type: 'ready' });
      const input = { providerId: 'openai-compatible', name: 'Studio', alias: 'studio', scope: 'global', isActive: true, values: { baseUrl: server.baseUrl, apiKey: KEY } };
      await session.receive({ type: 'test', requestId: 1, input });
      assert.deepEqual(paths(server), ['/v1/models', '/api/v0/models']);
      await session.receive({ type: 'save', requestId: 2, input, chat: { useInChat: true } });
      assert.equal(server.requests.length, 2, 'nothing asked at save');
      const coder = offeredModels(h.store.list().connections, h.chat).find((m) => m.modelId === 'qwen2.5-coder-7b-instruct');
      assert.ok(coder, 'the tested model is offered');
      assert.equal(coder.maxInputTokens + coder.maxOutputTokens, 16384, "LM Studio's loaded window");
    });
  });

  it('the probe asks each endpoint by its absolute path, once, through the same-origin GET it was given', async () => {
    const asked: string[] = [];
    const server: SameOriginGet = {
      origin: 'http://127.0.0.1:1',
      get: async (path) => {
        asked.push(path);
        return { status: 404, body: undefined };
      },
    };
    const probe = new ServerModelsProbe();
    for (let i = 0; i < 3; i++) assert.equal(await probe.details('openai-compatible', COMPATIBLE_LISTS.litellm, server), undefined, 'nothing found');
    assert.deepEqual(asked, ['/model/info', '/api/v0/models'], 'absolute paths only, each once');
  });
});
