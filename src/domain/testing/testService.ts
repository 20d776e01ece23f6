import type { Connection, SecretBag } from '../connection';
import type { Logger } from '../logger';
import { findProvider } from '../providers/catalog';
import type { Capability } from '../providers/descriptor';
import type { ReferenceResolver } from '../references';
import type { ConnectionStore } from '../store/connectionStore';
import { validateConnection, type FieldErrors } from '../validation';
import { resultBadge, type TestResult } from './result';
import type { TestResultStore } from './resultStore';
import { runPool } from './runner';
import { testConnection, type TestDependencies } from './tester';

export interface TestSettings {
  timeoutSeconds: number;
  concurrency: number;
}

export interface TestServiceOptions {
  store: ConnectionStore;
  results: TestResultStore;
  settings: () => TestSettings;
  logger: Logger;
  getEntraToken?: (scope: string) => Promise<string>;
  resolveReference?: ReferenceResolver;
  fetch?: typeof fetch;
}

/** Tests stored connections (one, or all active ones) and form values, and keeps the last results. */
export class ConnectionTestService {
  constructor(private readonly options: TestServiceOptions) {}

  private deps(signal?: AbortSignal): TestDependencies {
    const { getEntraToken, resolveReference, fetch } = this.options;
    return {
      timeoutMs: this.options.settings().timeoutSeconds * 1000,
      ...(signal ? { signal } : {}),
      ...(getEntraToken ? { getEntraToken } : {}),
      ...(resolveReference ? { resolveReference } : {}),
      ...(fetch ? { fetch } : {}),
    };
  }

  private async run(connection: Connection, signal?: AbortSignal): Promise<TestResult> {
    let secrets: SecretBag;
    try {
      secrets = await this.options.store.readSecrets(connection);
    } catch (error) {
      return { success: false, errorKind: 'config', errorMessage: error instanceof Error ? error.message : String(error), latencyMs: 0, testedAt: new Date().toISOString() };
    }
    const result = await testConnection(connection, secrets, this.deps(signal));
    this.options.logger.info(`Tested '${connection.alias}': ${resultBadge(result)}${result.status ? ` (${result.status})` : ''}${result.success && result.modelCount !== undefined ? `, ${result.modelCount} models` : ''}.`);
    return result;
  }

  private existing(): Connection[] {
    return this.options.store.list().connections;
  }

  /** Tests one stored connection and records the result. */
  async test(id: string, signal?: AbortSignal): Promise<TestResult> {
    const connection = this.options.store.get(id);
    if (!connection) throw new Error('The connection no longer exists.');
    const result = await this.run(connection, signal);
    if (result.errorKind !== 'cancelled') await this.options.results.set([[connection, result]], this.existing());
    return result;
  }

  /** Tests every active connection, `concurrency` at a time; cancelling aborts requests in flight. */
  async testAll(options: { signal?: AbortSignal; onProgress?: (done: number, total: number, connection: Connection, result: TestResult) => void } = {}): Promise<Map<Connection, TestResult>> {
    const connections = this.options.store.list().connections.filter((c) => c.isActive);
    const results = await runPool(connections, this.options.settings().concurrency, (c) => this.run(c, options.signal), {
      ...(options.signal ? { signal: options.signal } : {}),
      onResult: (connection, result, done) => options.onProgress?.(done, connections.length, connection, result),
    });
    const finished = [...results].filter(([, r]) => r.errorKind !== 'cancelled');
    await this.options.results.set(finished, this.existing());
    return results;
  }

  /**
   * Tests what the form holds, before saving. A secret left empty while editing is taken from the
   * stored connection here, in the extension host: the form never sees it.
   */
  async testInput(input: unknown, existingId?: string, signal?: AbortSignal): Promise<{ result: TestResult } | { errors: FieldErrors }> {
    const existing = existingId ? this.options.store.get(existingId) : undefined;
    if (typeof input !== 'object' || input === null) return { errors: { form: 'Nothing to test.' } };
    // Name, alias and scope don't matter to a test; everything the request needs does.
    const valid = validateConnection(
      { ...input, name: 'test', alias: 'test', scope: existing?.scope ?? 'global' },
      { takenAliases: new Map(), workspaceAvailable: true, ...(existing ? { existing } : {}) },
    );
    if (!valid.ok) return { errors: valid.errors };
    const stored = existing ? await this.options.store.readSecrets(existing) : {};
    const secrets: SecretBag = {};
    for (const key of valid.value.secretKeys) {
      const value = valid.value.secrets[key] ?? stored[key];
      if (value !== undefined) secrets[key] = value;
    }
    const result = await testConnection({ providerId: valid.value.providerId, settings: valid.value.settings, isActive: true }, secrets, this.deps(signal));
    this.options.logger.info(`Tested form values for provider '${valid.value.providerId}': ${resultBadge(result)}.`);
    return { result };
  }

  /** Active connections whose provider offers a capability (chat, embedding, ...). */
  findByCapability(capability: Capability): Connection[] {
    return findByCapability(this.options.store.list().connections, capability);
  }
}

export function findByCapability(connections: readonly Connection[], capability: Capability): Connection[] {
  return connections.filter((c) => c.isActive && (findProvider(c.providerId)?.capabilities.includes(capability) ?? false));
}
