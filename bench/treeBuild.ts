/**
 * Time to build the Connections tree from the store: one read of each index, schema parsing of
 * every record, sorting and node building (what getChildren() does on every refresh).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ConnectionStore, INDEX_KEY } from '../src/domain/store/connectionStore';
import { buildTree } from '../src/views/connectionTreeModel';
import { MemoryState, MemoryVault } from '../test/support/memoryPorts';

const providers = ['openai', 'azure-openai', 'anthropic', 'google-gemini', 'mistral', 'ollama'];

function records(count: number, scope: 'global' | 'workspace') {
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    alias: `${scope}-conn-${i}`,
    name: `Connection ${i} ${scope}`,
    providerId: providers[i % providers.length],
    scope,
    isActive: i % 7 !== 0,
    settings: { baseUrl: 'https://api.example.test/v1', organization: `org-${i}` },
    secretKeys: ['apiKey'],
    dateCreated: now,
    dateModified: now,
  }));
}

export interface TreeBenchResult {
  connections: number;
  /** A refresh: records already checked once (the usual case). */
  medianMs: number;
  p95Ms: number;
  /** The first build after activation or after every record changed: each record is parsed. */
  firstMedianMs: number;
  runs: number;
}

function stats(times: number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.floor(sorted.length * 0.95)]! };
}

export function benchTree(count: number, runs = count >= 10_000 ? 15 : 50): TreeBenchResult {
  const global = new MemoryState();
  const workspace = new MemoryState();
  global.data.set(INDEX_KEY, records(Math.ceil(count / 2), 'global'));
  workspace.data.set(INDEX_KEY, records(Math.floor(count / 2), 'workspace'));
  const build = (store: ConnectionStore) => {
    const start = performance.now();
    const tree = buildTree(store.list(), { workspaceAvailable: true });
    const elapsed = performance.now() - start;
    if (tree.reduce((n, g) => n + g.children.length, 0) !== count) throw new Error('tree lost connections');
    return elapsed;
  };
  const first: number[] = [];
  for (let i = 0; i < Math.min(runs, 10) + 2; i++) {
    const elapsed = build(new ConnectionStore({ global, workspace, secrets: new MemoryVault() }));
    if (i >= 2) first.push(elapsed);
  }
  const store = new ConnectionStore({ global, workspace, secrets: new MemoryVault() });
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const elapsed = build(store);
    if (i >= 3) times.push(elapsed);
  }
  const refresh = stats(times);
  return { connections: count, medianMs: refresh.median, p95Ms: refresh.p95, firstMedianMs: stats(first).median, runs };
}
