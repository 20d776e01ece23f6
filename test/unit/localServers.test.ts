/**
 * Find Local Model Servers: only when run, only in a trusted workspace, every port asked at once;
 * each answer is known by its shape, and a server that already has a connection is not proposed.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { describe, it } from 'node:test';
import type { LocalServerCandidate } from '../../src/domain/discovery/localServers';
import { Command } from '../../src/ui/commands/ids';
import { COMPATIBLE_LISTS } from '../support/compatibleServers';
import { refusedPortUrl } from '../support/fakeProviders';
import { listenLocally } from '../support/localServer';
import { harness } from '../support/uiHarness';

interface Running {
  port: number;
  asked: string[];
  close(): Promise<void>;
}

/** A local server answering the given paths with JSON (or text), anything else 404. */
async function serve(answers: Record<string, unknown>): Promise<Running> {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`.trim());
    const answer = answers[req.url ?? ''];
    if (answer === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{"detail":"Not Found"}');
    }
    res.writeHead(200, { 'content-type': typeof answer === 'string' ? 'text/html' : 'application/json' });
    res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
  });
  const listening = await listenLocally(server);
  return { port: Number(new URL(listening.origin).port), asked, close: listening.close };
}

const OLLAMA_TAGS = { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', size: 2019393189, digest: 'a80c4f17acd5', details: { family: 'llama' } }] };
const LLAMA_CPP = { object: 'list', data: [{ id: 'qwen2.5-coder-7b-q4_k_m.gguf', object: 'model', created: 1735689600, owned_by: 'llamacpp', meta: { n_ctx_train: 32768 } }] };

async function world() {
  const ollama = await serve({ '/api/tags': OLLAMA_TAGS });
  const lmstudio = await serve({ '/v1/models': COMPATIBLE_LISTS.lmstudio });
  // vLLM's usual port answered by llama.cpp: known by its owned_by, proposed as llama.cpp.
  const llamaOnVllmPort = await serve({ '/v1/models': LLAMA_CPP });
  // A web app on llama.cpp's usual port: no model server.
  const webApp = await serve({ '/v1/models': '<!doctype html><title>My app</title>' });
  // LiteLLM serving its list only at /models.
  const litellm = await serve({ '/models': COMPATIBLE_LISTS.litellm });
  const closed = Number(new URL(await refusedPortUrl()).port);
  const candidates: LocalServerCandidate[] = [
    { server: 'ollama', port: ollama.port },
    { server: 'lmstudio', port: lmstudio.port },
    { server: 'llama-cpp', port: webApp.port },
    { server: 'vllm', port: llamaOnVllmPort.port },
    { server: 'litellm', port: litellm.port },
    { server: 'vllm', port: closed },
  ];
  const all = [ollama, lmstudio, llamaOnVllmPort, webApp, litellm];
  return { ollama, lmstudio, llamaOnVllmPort, webApp, litellm, closed, candidates, all, close: () => Promise.all(all.map((s) => s.close())) };
}

describe('Find Local Model Servers', () => {
  it('asks each port, knows each server by its answer, and saves the checked ones as Global connections without a key that test ✓', async () => {
    const w = await world();
    try {
      const h = harness({ localServers: w.candidates });
      let offered: readonly { label: string; description?: string; detail?: string; picked?: boolean }[] = [];
      h.ui.chooseMany = (items) => ((offered = items), [...items]);
      await h.commands[Command.findLocalModelServers]!();
      assert.deepEqual(
        offered.map((i) => [i.label, i.description, i.picked]),
        [
          ['Ollama', `http://localhost:${w.ollama.port}`, true],
          ['LM Studio', `http://localhost:${w.lmstudio.port}/v1`, true],
          ['llama.cpp server', `http://localhost:${w.llamaOnVllmPort.port}/v1`, true],
          ['LiteLLM proxy', `http://localhost:${w.litellm.port}`, true],
        ],
      );
      assert.equal(offered[0]!.detail, '1 model: llama3.2:latest', 'the models each listed are shown, one model in the singular');
      for (const s of w.all)
        assert.ok(
          s.asked.every((line) => !line.includes('Bearer')),
          'no credentials are sent',
        );
      assert.deepEqual(w.litellm.asked, ['GET /v1/models', 'GET /models'], 'LiteLLM: /v1/models, then /models');
      const created = h.store.list().connections;
      assert.deepEqual(
        created.map((c) => [c.providerId, c.scope, c.settings.baseUrl, c.secretKeys.length]),
        [
          ['ollama', 'global', `http://localhost:${w.ollama.port}`, 0],
          ['lmstudio', 'global', `http://localhost:${w.lmstudio.port}/v1`, 0],
          ['llama-cpp', 'global', `http://localhost:${w.llamaOnVllmPort.port}/v1`, 0],
          ['litellm', 'global', `http://localhost:${w.litellm.port}`, 0],
        ],
      );
      const llama = created.find((c) => c.providerId === 'llama-cpp')!;
      assert.equal((await h.service.test(llama.id)).success, true, 'a connection found tests ✓');
    } finally {
      await w.close();
    }
  });

  it('does not propose a server that already has a connection with the same base URL (127.0.0.1 or localhost alike)', async () => {
    const w = await world();
    try {
      const h = harness({ localServers: w.candidates });
      await h.store.create({ providerId: 'openai-compatible', name: 'My Studio', alias: 'studio', scope: 'global', isActive: true, values: { baseUrl: `http://127.0.0.1:${w.lmstudio.port}/v1/` } });
      let offered: readonly { label: string }[] = [];
      h.ui.chooseMany = (items) => ((offered = items), []);
      await h.commands[Command.findLocalModelServers]!();
      assert.deepEqual(
        offered.map((i) => i.label),
        ['Ollama', 'llama.cpp server', 'LiteLLM proxy'],
      );
      assert.equal(h.store.list().connections.length, 1, 'nothing checked, nothing saved');
    } finally {
      await w.close();
    }
  });

  it('proposes a LiteLLM proxy that asks for a key, known by its auth_error, to be given a key after saving', async () => {
    const asked: string[] = [];
    const server: Server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Authentication Error, No api key passed in.', type: 'auth_error', param: 'None', code: '401' } }));
    });
    const listening = await listenLocally(server);
    const port = Number(new URL(listening.origin).port);
    try {
      const h = harness({ localServers: [{ server: 'litellm', port }] });
      let offered: readonly { label: string; detail?: string }[] = [];
      h.ui.chooseMany = (items) => ((offered = items), [...items]);
      await h.commands[Command.findLocalModelServers]!();
      assert.deepEqual(asked, ['/v1/models'], 'one request: the refusal says what it is');
      assert.deepEqual([offered[0]?.label, /asks for a key/.test(offered[0]?.detail ?? '')], ['LiteLLM proxy', true]);
      assert.deepEqual(
        h.store.list().connections.map((c) => [c.providerId, c.settings.baseUrl]),
        [['litellm', `http://localhost:${port}`]],
      );
    } finally {
      await listening.close();
    }
  });

  it('says which ports were tried when no server answers', async () => {
    const w = await world();
    try {
      const h = harness({
        localServers: [
          { server: 'llama-cpp', port: w.webApp.port },
          { server: 'vllm', port: w.closed },
        ],
      });
      await h.commands[Command.findLocalModelServers]!();
      const info = h.ui.of('info').at(-1)!.text;
      assert.match(info, /No model server answered/);
      assert.ok(info.includes(`${w.webApp.port}, ${w.closed}`), `names the ports: ${info}`);
      assert.equal(h.ui.of('pick').length, 0, 'nothing to pick');
      assert.equal(h.store.list().connections.length, 0, 'nothing saved');
    } finally {
      await w.close();
    }
  });

  it('in Restricted Mode asks no port and says why', async () => {
    const w = await world();
    try {
      const h = harness({ trusted: false, localServers: w.candidates });
      await h.commands[Command.findLocalModelServers]!();
      for (const s of w.all) assert.deepEqual(s.asked, [], 'nothing was sent');
      assert.match(h.ui.of('info').at(-1)!.text, /Restricted Mode|trust/i, 'the user is told why');
      assert.equal(h.store.list().connections.length, 0, 'nothing saved');
    } finally {
      await w.close();
    }
  });

  it('the command itself asks the usual ports', async () => {
    const { USUAL_LOCAL_SERVERS } = await import('../../src/domain/discovery/localServers');
    assert.deepEqual(
      USUAL_LOCAL_SERVERS.map((c) => [c.server, c.port]),
      [
        ['ollama', 11434],
        ['lmstudio', 1234],
        ['llama-cpp', 8080],
        ['vllm', 8000],
        ['litellm', 4000],
      ],
    );
  });
});
