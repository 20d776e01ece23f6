/**
 * Keys from vaults, on a real `pass` store (a throwaway GPG key): what resolving a vault reference
 * adds to putting a request together when the value is kept in memory (against a typed key), a cold
 * `pass show` (nothing kept), and how often a hundred connections naming one item read the vault
 * over two cache periods. `node --import tsx bench/vaults.ts` prints the figures alone.
 */
import { performance } from 'node:perf_hooks';
import { findProvider } from '../src/domain/providers/catalog';
import { httpGet, prepareRequest } from '../src/domain/requests';
import { ReferenceResolution } from '../src/domain/resolution/resolver';
import { Vaults } from '../src/domain/vaults/vaults';
import { homeFileReader } from '../src/platform/homeFiles';
import { runProcess } from '../src/platform/processes';
import { passStore } from '../test/support/vaultWorld';

export interface VaultBenchResult {
  runs: number;
  /** Median time to put a request together with a typed key, and with `${pass:…}` kept in memory. */
  typedKeyMs: number;
  warmVaultMs: number;
  addedMs: number;
  /** Median time of a `pass show` with nothing kept (GnuPG decrypting each time). */
  coldRuns: number;
  coldPassMs: number;
  /** Vault reads for 100 connections naming one item, over two cache periods of 100 requests each. */
  connections: number;
  readsOverTwoPeriods: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchVaults(runs = 301, coldRuns = 21): Promise<VaultBenchResult> {
  const env = passStore({ 'team/openai': 'sk-bench-pass-key\n' });
  let now = 0;
  const vaults = (cacheMinutes: number) =>
    new Vaults({
      run: runProcess,
      get: (url, headers, options) => httpGet(url, headers, options),
      getEntraToken: async () => '',
      env: () => env,
      homeFile: homeFileReader('/nonexistent-home'),
      keyCommands: () => ({}),
      settings: () => ({ timeoutSeconds: 10, cacheMinutes }),
      isTrusted: () => true,
      now: () => now,
    });
  const kept = vaults(5);
  const resolution = new ReferenceResolution({
    env: () => env,
    folders: () => [],
    files: () => ({ read: async () => undefined }),
    isTrusted: () => true,
    settings: () => ({ environment: 'Development', allowedEnvironmentVariables: [] }),
    vaults: kept,
  });
  const provider = findProvider('openai')!;
  const prepare = (apiKey: string, id: string) => prepareRequest(provider, provider.test!, { providerId: 'openai', settings: { baseUrl: 'https://api.openai.com/v1' } }, { apiKey }, { resolveReference: resolution.resolverFor({ id, name: id, scope: 'global' }) });
  // Typed and kept-in-memory requests alternate, so both run equally warm.
  const typed: number[] = [];
  const warm: number[] = [];
  await prepare('${pass:team/openai}', 'bench');
  for (let i = 0; i < runs; i++) {
    for (const [apiKey, times] of [
      ['sk-bench-typed-key', typed],
      ['${pass:team/openai}', warm],
    ] as const) {
      const start = performance.now();
      await prepare(apiKey, 'bench');
      times.push(performance.now() - start);
    }
  }
  const typedKeyMs = median(typed);
  const warmVaultMs = median(warm);
  const cold = vaults(0);
  const coldTimes: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    const start = performance.now();
    const read = await cold.read({ kind: 'vault', vault: 'pass', text: '${pass:team/openai}', item: 'team/openai' });
    if (!read.ok) throw new Error('pass could not be read');
    coldTimes.push(performance.now() - start);
  }
  const shared = vaults(5);
  const sharing = new ReferenceResolution({ env: () => env, folders: () => [], files: () => ({ read: async () => undefined }), isTrusted: () => true, settings: () => ({ environment: 'Development', allowedEnvironmentVariables: [] }), vaults: shared });
  const connections = 100;
  for (const period of [0, 1]) {
    now = period * 5 * 60_000 + 1;
    await Promise.all(
      Array.from({ length: connections }, (_, i) => prepareRequest(provider, provider.test!, { providerId: 'openai', settings: {} }, { apiKey: '${pass:team/openai}' }, { resolveReference: sharing.resolverFor({ id: `c${i}`, name: `c${i}`, scope: 'global' }) })),
    );
  }
  return { runs, typedKeyMs, warmVaultMs, addedMs: warmVaultMs - typedKeyMs, coldRuns, coldPassMs: median(coldTimes), connections, readsOverTwoPeriods: shared.reads.count };
}

if (require.main === module) {
  void benchVaults().then((r) => {
    console.log(`request put together, median of ${r.runs}: typed key ${r.typedKeyMs.toFixed(3)} ms, \${pass:…} kept in memory ${r.warmVaultMs.toFixed(3)} ms (+${r.addedMs.toFixed(3)} ms)`);
    console.log(`cold pass show, median of ${r.coldRuns}: ${r.coldPassMs.toFixed(1)} ms`);
    console.log(`${r.connections} connections naming one item, two cache periods: ${r.readsOverTwoPeriods} vault reads`);
  });
}
