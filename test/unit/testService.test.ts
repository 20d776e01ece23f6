import assert from 'node:assert/strict';
import { PROVIDER_KEYS, everyProviderServer } from '../support/providerServers';
import { describe, it } from 'node:test';
import type { Connection } from '../../src/domain/connection';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import type { Logger } from '../../src/domain/logger';
import { TestResultStore } from '../../src/domain/testing/resultStore';
import { runPool } from '../../src/domain/testing/runner';
import { ConnectionTestService, findByCapability } from '../../src/domain/testing/testService';
import type { TestResult } from '../../src/domain/testing/result';
import { say } from '../../src/ui/text';
import { MemoryState, MemoryVault } from '../support/memoryPorts';

const KEYS = PROVIDER_KEYS;
const ALL_SECRETS = Object.values(KEYS);

const servers = everyProviderServer();

function assertNoSecrets(result: TestResult | string): void {
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  for (const secret of ALL_SECRETS) {
    assert.ok(!text.includes(secret), `secret leaked: ${text}`);
    assert.ok(!text.includes(secret.slice(-8)), `secret tail leaked: ${text}`);
  }
}

describe('ConnectionTestService', () => {
  async function setup(count: number, concurrency = 4) {
    const global = new MemoryState();
    const store = new ConnectionStore({ global, secrets: new MemoryVault() });
    const lines: string[] = [];
    const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const results = new TestResultStore({ global }, logger);
    const service = new ConnectionTestService({ isTrusted: () => true, store, results, settings: () => ({ timeoutSeconds: 2, concurrency }), logger });
    const created: Connection[] = [];
    for (let i = 0; i < count; i++) {
      created.push(await store.create({ providerId: 'openai', name: `C${i}`, alias: `c${i}`, scope: 'global', isActive: true, values: { apiKey: i === 0 ? 'sk-test-wrong-key-000000000000' : KEYS.openai, baseUrl: servers.openai.baseUrl, organization: 'org-test' } }));
    }
    return { store, results, service, lines, created, global };
  }

  it('tests one connection, records the result without secrets, and logs none', async () => {
    const { service, results, lines, created, global } = await setup(2);
    const bad = await service.test(created[0]!.id);
    const good = await service.test(created[1]!.id);
    assert.equal(bad.errorKind, 'auth');
    assert.equal(good.success, true);
    assert.equal(results.get(created[1]!.id)?.success, true);
    assertNoSecrets(JSON.stringify([...global.data]));
    assert.ok(!JSON.stringify([...global.data]).includes('sk-test-wrong-key'));
    for (const line of lines) assertNoSecrets(line);
    assert.ok(
      lines.some((l) => /Tested 'c0': ✗ auth \(401\)/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /Tested 'c1': ✓ \d+ ms \(200\), 2 models/.test(l)),
      lines.join('\n'),
    );
  });

  it('tests all active connections at the configured concurrency, skipping disabled ones', async () => {
    const { service, store, created } = await setup(6, 2);
    await store.setActive(created[5]!.id, false);
    servers.openai.delayMs = 50;
    servers.openai.maxInFlight = 0;
    const before = servers.openai.requests.length;
    const progress: number[] = [];
    try {
      const all = await service.testAll({ onProgress: (done) => progress.push(done) });
      assert.equal(all.size, 5);
      assert.equal(servers.openai.requests.length - before, 5);
      assert.deepEqual(progress, [1, 2, 3, 4, 5]);
      assert.equal(servers.openai.maxInFlight, 2);
    } finally {
      servers.openai.delayMs = 0;
    }
  });

  it('cancelling Test All aborts requests in flight and records nothing for them', async () => {
    const { service, results, created } = await setup(3, 3);
    servers.openai.behaviour = 'hang';
    try {
      const controller = new AbortController();
      const running = service.testAll({ signal: controller.signal });
      while (servers.openai.inFlight < 3) await new Promise((r) => setImmediate(r));
      controller.abort();
      const all = await running;
      assert.ok([...all.values()].every((r) => r.errorKind === 'cancelled'));
      assert.equal(results.get(created[0]!.id), undefined);
    } finally {
      servers.openai.behaviour = 'ok';
    }
  });

  it('tests form values, taking a key left empty from the stored connection', async () => {
    const { service, created } = await setup(2);
    const input = { providerId: 'openai', name: '', alias: '', scope: 'global', isActive: true, values: { apiKey: '', baseUrl: servers.openai.baseUrl, organization: 'org-test' } };
    const stored = await service.testInput(input, created[1]!.id);
    assert.ok('result' in stored && stored.result.success, JSON.stringify(stored));
    const typed = await service.testInput({ ...input, values: { ...input.values, apiKey: 'sk-test-typed-wrong-00000000000' } }, created[1]!.id);
    assert.ok('result' in typed && typed.result.errorKind === 'auth');
    const invalid = await service.testInput({ ...input, values: { ...input.values, baseUrl: 'nope' } });
    assert.ok('errors' in invalid && invalid.errors.baseUrl);
  });

  it('finds connections by capability (active only)', async () => {
    const { store, created } = await setup(2);
    await store.setActive(created[0]!.id, false);
    const ollama = await store.create({ providerId: 'ollama', name: 'Local', alias: 'local', scope: 'global', isActive: true, values: {} });
    const all = store.list().connections;
    assert.deepEqual(
      findByCapability(all, 'moderation').map((c) => c.alias),
      ['c1'],
    );
    assert.deepEqual(
      findByCapability(all, 'embedding')
        .map((c) => c.alias)
        .sort(),
      ['c1', 'local'],
    );
    assert.deepEqual(
      findByCapability(all, 'speechToText').map((c) => c.id),
      [created[1]!.id],
    );
    assert.ok(!findByCapability(all, 'image').some((c) => c.id === ollama.id));
  });
});

describe('TestResultStore', () => {
  const result = (success: boolean): TestResult => ({ success, latencyMs: 5, testedAt: '2026-01-01T00:00:00.000Z' });
  const connection = (id: string, scope: 'global' | 'workspace') => ({ id, scope }) as Connection;

  it("keeps each result in its connection's scope and prunes only within that scope", async () => {
    const global = new MemoryState();
    const workspaceA = new MemoryState();
    const workspaceB = new MemoryState();
    const windowA = new TestResultStore({ global, workspace: workspaceA });
    const windowB = new TestResultStore({ global, workspace: workspaceB });
    const g = connection('g', 'global');
    const a = connection('a', 'workspace');
    const b = connection('b', 'workspace');
    await windowA.set(
      [
        [g, result(true)],
        [a, result(false)],
      ],
      [g, a],
    );
    await windowB.set([[b, result(true)]], [g, b]);
    assert.deepEqual([...windowA.all().keys()].sort(), ['a', 'g'], "window B's test did not prune window A's workspace result");
    assert.deepEqual([...windowB.all().keys()].sort(), ['b', 'g']);
    await windowA.set([[g, result(false)]], [g]);
    assert.equal(windowB.get('g')?.success, false, 'global results are shared');
    assert.deepEqual([...windowA.all().keys()].sort(), ['a', 'g'], 'a workspace result is pruned only when its scope is written');
  });

  it('ignores unreadable stored results instead of failing', () => {
    const global = new MemoryState();
    global.data.set('aiConnections.testResults', { g: { success: 'yes' }, h: { success: true, latencyMs: 1, testedAt: '2026-01-01T00:00:00.000Z' } });
    assert.deepEqual([...new TestResultStore({ global }).all().keys()], ['h']);
    global.data.set('aiConnections.testResults', 'garbage');
    assert.equal(new TestResultStore({ global }).all().size, 0);
  });

  it('reads results kept with an English reason (older versions) without the text, and refuses unknown codes', () => {
    const global = new MemoryState();
    const at = '2026-01-01T00:00:00.000Z';
    global.data.set('aiConnections.testResults', {
      old: { success: false, errorKind: 'auth', errorMessage: 'The API key was rejected (401).', status: 401, latencyMs: 5, testedAt: at },
      oldSkipped: { success: false, skipped: true, errorMessage: 'No test defined for this connection.', latencyMs: 0, testedAt: at },
      unknown: { success: false, errorKind: 'auth', message: { code: 'testing.noSuchCode' }, latencyMs: 5, testedAt: at },
      badNested: { success: false, errorKind: 'unreachable', message: { code: 'testing.unreachable', host: 'h', reason: { code: 'store.nope' } }, latencyMs: 5, testedAt: at },
      now: { success: false, errorKind: 'auth', message: { code: 'testing.keyRejected', status: 401 }, latencyMs: 5, testedAt: at },
      // Why a reference did not resolve, with the places looked at: kept as it was made.
      reference: {
        success: false,
        errorKind: 'config',
        message: {
          code: 'testing.referenceProblem',
          field: 'API Key',
          problem: {
            code: 'resolution.notFound',
            reference: '$OpenAI:ApiKey',
            places: [
              { code: 'resolution.placeFile', file: 'appsettings.json', missing: false },
              { code: 'resolution.placeVariable', name: 'OpenAI__ApiKey' },
            ],
            problems: [],
            trim: true,
          },
        },
        latencyMs: 0,
        testedAt: at,
      },
    });
    const all = new TestResultStore({ global }).all();
    assert.deepEqual([...all.keys()].sort(), ['now', 'old', 'oldSkipped', 'reference']);
    assert.equal(say(all.get('reference')!.message!), 'API Key: $OpenAI:ApiKey not found in appsettings.json or env OpenAI__ApiKey');
    assert.deepEqual(all.get('old'), { success: false, errorKind: 'auth', status: 401, latencyMs: 5, testedAt: at });
    assert.equal(all.get('oldSkipped')?.skipped, true);
    assert.equal(say(all.get('now')!.message!), 'The API key was rejected (401). Check the key or create a new one.');
  });

  it("one connection's result out of bounds never stops the others from being kept", async () => {
    const global = new MemoryState();
    const lines: string[] = [];
    const store = new TestResultStore({ global }, { info: () => undefined, warn: (m) => lines.push(m), error: () => undefined });
    const at = '2026-01-01T00:00:00.000Z';
    const connection = (id: string) => ({ id, alias: id, scope: 'global' }) as Connection;
    const [a, b] = [connection('a'), connection('b')];
    await store.set(
      [
        [a, { success: false, errorKind: 'config', message: { code: 'testing.reason', text: 'x'.repeat(5000) }, latencyMs: 0, testedAt: at }],
        [b, { success: true, latencyMs: 3, testedAt: at }],
      ],
      [a, b],
    );
    assert.deepEqual([...store.all().keys()], ['b']);
    assert.match(lines.join('\n'), /The test result of 'a' was not kept/);
  });
});

describe('runPool', () => {
  it('never runs more than the concurrency and keeps every result', async () => {
    let running = 0;
    let peak = 0;
    const results = await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return n * 2;
    });
    assert.equal(peak, 3);
    assert.deepEqual(
      [...results.values()].sort((a, b) => a - b),
      [2, 4, 6, 8, 10, 12, 14],
    );
  });
});
