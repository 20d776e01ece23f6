/**
 * The services people route through and the model servers they run: a connection to each tests ✓
 * with the key in `Authorization: Bearer`, the limits its model list gives reach the chat models,
 * and chat goes to `{base}/chat/completions`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamChat } from '../../src/domain/chat/client';
import { offeredModels } from '../../src/domain/chat/selection';
import { Command } from '../../src/ui/commands/ids';
import { collect, shown } from '../support/collectChat';
import { startCompatibleServer } from '../support/compatibleServers';
import { startServer } from '../support/hostileServers';
import { startServiceServer, type ServiceFlavour, type ServiceServer } from '../support/serviceServers';
import { harness } from '../support/uiHarness';

const KEY = 'sk-service-9Tq4Lm2Xw7Rb';

const paths = (server: Pick<ServiceServer, 'requests'>) => server.requests.map((r) => `${r.method} ${new URL(r.url, 'http://localhost').pathname}`);

async function tested(providerId: string, flavour: ServiceFlavour, key = KEY) {
  const server = await startServiceServer(flavour, KEY);
  const h = harness();
  const c = await h.store.create({ providerId, name: providerId, alias: providerId, scope: 'global', isActive: true, values: { baseUrl: server.baseUrl, apiKey: key } });
  await h.commands[Command.testConnection]!(c.id);
  const offered = new Map(offeredModels(h.store.list().connections, h.chat).map((m) => [m.modelId, m]));
  return { server, h, c, result: h.results.get(c.id), offered };
}

describe('hosted services: the connection test and the model limits from their lists', () => {
  it("OpenRouter: ✓ with Bearer; context_length, top_provider.max_completion_tokens, supported_parameters' tools and input_modalities reach Chat", async () => {
    const { server, result, offered } = await tested('openrouter', 'openrouter');
    try {
      assert.equal(result?.success, true, 'the test passed');
      assert.deepEqual(paths(server), ['GET /api/v1/models'], 'only the documented model list: no LM Studio or LiteLLM endpoint is asked');
      assert.equal(server.requests[0]!.headers.authorization, `Bearer ${KEY}`, 'the key as a Bearer token');
      const coder = offered.get('acme/coder-large')!;
      assert.deepEqual([coder.maxInputTokens, coder.maxOutputTokens, coder.capabilities], [262144 - 32768, 32768, { toolCalling: true, imageInput: true }]);
      const story = offered.get('acme/story-small')!;
      assert.deepEqual([story.maxInputTokens + story.maxOutputTokens, story.capabilities.toolCalling], [8192, false], 'no tools in supported_parameters: no tool calling');
    } finally {
      await server.close();
    }
  });

  it('Groq: ✓ with Bearer; context_window sets the window; Whisper is not offered for chat', async () => {
    const { server, result, offered } = await tested('groq', 'groq');
    try {
      assert.equal(result?.success, true, 'the test passed');
      assert.deepEqual(paths(server), ['GET /openai/v1/models']);
      assert.equal(server.requests[0]!.headers.authorization, `Bearer ${KEY}`, 'the key as a Bearer token');
      assert.deepEqual([...offered.keys()], ['llama-3.3-70b-versatile'], 'speech-to-text models are left out');
      const llama = offered.get('llama-3.3-70b-versatile')!;
      assert.equal(llama.maxInputTokens + llama.maxOutputTokens, 131072, 'context_window');
      assert.equal(llama.capabilities.toolCalling, true, 'a service’s chat model is taken to call tools unless its list says');
    } finally {
      await server.close();
    }
  });

  it('Together AI: ✓ with its bare-array list; context_length sets the window; only chat-type models are offered', async () => {
    const { server, result, offered } = await tested('together', 'together');
    try {
      assert.equal(result?.success, true, 'the test passed');
      assert.deepEqual(paths(server), ['GET /v1/models']);
      assert.deepEqual([...offered.keys()], ['meta-llama/Llama-3.3-70B-Instruct-Turbo'], 'embedding and image models are left out by their type');
      const llama = offered.get('meta-llama/Llama-3.3-70B-Instruct-Turbo')!;
      assert.equal(llama.maxInputTokens + llama.maxOutputTokens, 131072, 'context_length');
    } finally {
      await server.close();
    }
  });

  it('a wrong key fails the test: the service’s 401 is an auth failure, not a ✓', async () => {
    const { server, result, offered } = await tested('groq', 'groq', 'gsk-wrong');
    try {
      assert.equal(result?.success, false, 'the test failed');
      assert.equal(result?.errorKind, 'auth', `an auth failure: ${JSON.stringify(result)}`);
      assert.equal(offered.size, 0, 'nothing is offered');
    } finally {
      await server.close();
    }
  });

  it('Perplexity: no model list to test against, so the test says so; Chat offers the documented Sonar models from the setting, with the table’s limits', async () => {
    const h = harness();
    const c = await h.store.create({ providerId: 'perplexity', name: 'Perplexity', alias: 'pplx', scope: 'global', isActive: true, values: { apiKey: KEY } });
    const result = await h.service.test(c.id);
    assert.deepEqual([result.success, result.skipped], [false, true], 'skipped, not a ✓ and not a failure');
    const offered = new Map(offeredModels(h.store.list().connections, h.chat).map((m) => [m.modelId, m]));
    assert.deepEqual([...offered.keys()], ['sonar', 'sonar-pro', 'sonar-reasoning-pro', 'sonar-deep-research']);
    assert.deepEqual([offered.get('sonar-pro')!.maxInputTokens + offered.get('sonar-pro')!.maxOutputTokens, offered.get('sonar')!.capabilities.toolCalling], [200_000, false]);
  });
});

describe('chat with a hosted service', () => {
  it('OpenRouter: POST {base}/chat/completions with the key as Bearer and the model in the body; the answer streams back', async () => {
    const server = await startServiceServer('openrouter', KEY);
    try {
      const request = { model: 'acme/coder-large', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
      const { parts, error } = await collect(streamChat({ providerId: 'openrouter', settings: { baseUrl: server.baseUrl } }, { apiKey: KEY }, request, { timeoutMs: 1500 }));
      assert.equal(error, undefined, shown(error));
      assert.deepEqual(paths(server), ['POST /api/v1/chat/completions']);
      assert.equal(server.requests[0]!.headers.authorization, `Bearer ${KEY}`, 'the key as a Bearer token');
      assert.equal(JSON.parse(server.requests[0]!.body).model, 'acme/coder-large', 'the model in the body');
      assert.ok(JSON.stringify(parts).includes('hello from the service'), 'the answer arrived');
    } finally {
      await server.close();
    }
  });
});

describe('chat with Perplexity', () => {
  it('POST {base}/chat/completions with the key as Bearer and a Sonar model in the body, though it has no model list to test', async () => {
    const seen = await startServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"choices":[{"index":0,"delta":{"content":"hello from sonar"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
      });
    });
    const bodies: string[] = [];
    try {
      const request = { model: 'sonar-pro', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
      const { parts, error } = await collect(streamChat({ providerId: 'perplexity', settings: { baseUrl: seen.origin } }, { apiKey: KEY }, request, { timeoutMs: 1500 }));
      assert.equal(error, undefined, shown(error));
      assert.deepEqual(
        seen.requests.map((r) => r.url),
        ['/chat/completions'],
      );
      assert.equal(seen.requests[0]!.headers.authorization, `Bearer ${KEY}`, 'the key as a Bearer token');
      assert.equal(JSON.parse(bodies[0]!).model, 'sonar-pro', 'the model in the body');
      assert.ok(JSON.stringify(parts).includes('hello from sonar'), 'the answer arrived');
    } finally {
      await seen.close();
    }
  });
});

describe('local model servers as providers of their own', () => {
  it('LM Studio: tests ✓ without a key and asks only its own /api/v0/models for the limits', async () => {
    const server = await startCompatibleServer('lmstudio');
    try {
      const h = harness();
      const c = await h.store.create({ providerId: 'lmstudio', name: 'LM Studio', alias: 'lms', scope: 'global', isActive: true, values: { baseUrl: server.baseUrl } });
      await h.commands[Command.testConnection]!(c.id);
      assert.equal(h.results.get(c.id)?.success, true, 'the test passed');
      assert.equal(server.requests[0]!.headers.authorization, undefined, 'no key, no Authorization header');
      assert.deepEqual(
        server.requests.map((r) => r.url),
        ['/v1/models', '/api/v0/models'],
      );
      const offered = new Map(offeredModels(h.store.list().connections, h.chat).map((m) => [m.modelId, m]));
      const coder = offered.get('qwen2.5-coder-7b-instruct')!;
      assert.deepEqual([coder.maxInputTokens + coder.maxOutputTokens, coder.capabilities.toolCalling], [16384, true], 'the loaded context length and tool_use');
    } finally {
      await server.close();
    }
  });

  it('LiteLLM proxy: asks only its own /model/info', async () => {
    const server = await startCompatibleServer('litellm', { prefix: '' });
    try {
      const h = harness();
      const c = await h.store.create({ providerId: 'litellm', name: 'LiteLLM', alias: 'litellm', scope: 'global', isActive: true, values: { baseUrl: server.baseUrl, apiKey: KEY } });
      await h.commands[Command.testConnection]!(c.id);
      assert.equal(h.results.get(c.id)?.success, true, 'the test passed');
      assert.deepEqual(
        server.requests.map((r) => r.url),
        ['/models', '/model/info'],
      );
      assert.equal(server.requests[1]!.headers.authorization, `Bearer ${KEY}`, 'the same key on the details request');
    } finally {
      await server.close();
    }
  });
});
