/**
 * Test All over 200 connections against a local OpenAI-format server that answers in 100 ms,
 * at concurrency 1, 4 and 16. Reports wall time against the ideal ceil(200/c) x 100 ms.
 */
import { performance } from 'node:perf_hooks';
import { ConnectionStore } from '../src/domain/store/connectionStore';
import { TestResultStore } from '../src/domain/testing/resultStore';
import { ConnectionTestService } from '../src/domain/testing/testService';
import { silentLogger } from '../src/domain/logger';
import { startFakeProvider } from '../test/support/fakeProviders';
import { MemoryState, MemoryVault } from '../test/support/memoryPorts';

export interface TestAllBenchResult {
  concurrency: number;
  wallMs: number;
  idealMs: number;
  ratio: number;
  passed: number;
}

export async function benchTestAll(count = 200, delayMs = 100, levels = [1, 4, 16]): Promise<TestAllBenchResult[]> {
  const key = 'sk-test-bench-0000000000000000';
  const server = await startFakeProvider('openai', { key });
  server.delayMs = delayMs;
  const global = new MemoryState();
  const store = new ConnectionStore({ global, secrets: new MemoryVault() });
  for (let i = 0; i < count; i++) {
    await store.create({ providerId: 'openai', name: `Bench ${i}`, alias: `bench-${i}`, scope: 'global', isActive: true, values: { apiKey: key, baseUrl: server.baseUrl } });
  }
  const out: TestAllBenchResult[] = [];
  try {
    for (const concurrency of levels) {
      const service = new ConnectionTestService({ isTrusted: () => true, store, results: new TestResultStore({ global: new MemoryState() }), settings: () => ({ timeoutSeconds: 30, concurrency }), logger: silentLogger });
      const start = performance.now();
      const results = await service.testAll();
      const wallMs = performance.now() - start;
      const idealMs = Math.ceil(count / concurrency) * delayMs;
      out.push({ concurrency, wallMs, idealMs, ratio: wallMs / idealMs, passed: [...results.values()].filter((r) => r.success).length });
    }
  } finally {
    await server.close();
  }
  return out;
}
