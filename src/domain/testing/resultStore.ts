import { z } from 'zod';
import type { Connection, Scope } from '../connection';
import { DisposableBase, Emitter, type Event } from '../events';
import type { Logger } from '../logger';
import type { StateStore } from '../store/ports';
import { TestResultSchema, type TestResult } from './result';

export const RESULTS_KEY = 'aiConnections.testResults';

/**
 * A result kept by a version that stored its reason as English text (`errorMessage`): the text is
 * left out (it would show in English whatever the display language), the outcome is kept, and the
 * next test brings the reason back. Anything else unreadable is dropped by the schema.
 */
function withoutOldText(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('errorMessage' in value)) return value;
  const { errorMessage: _old, ...rest } = value as Record<string, unknown>;
  return rest;
}

/**
 * The last test result of each connection, kept across reloads beside the connection itself:
 * global connections' results in the global state, workspace connections' in the workspace state
 * (so one workspace never prunes another's). Results hold no secrets.
 */
export class TestResultStore extends DisposableBase {
  private readonly changed = this.register(new Emitter<void>());
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly states: { global: StateStore; workspace?: StateStore },
    private readonly logger?: Logger,
  ) {
    super();
  }

  private read(scope: Scope): Map<string, TestResult> {
    const results = new Map<string, TestResult>();
    const state = this.states[scope];
    if (!state) return results;
    const parsed = z.record(z.string(), z.unknown()).safeParse(state.get(RESULTS_KEY) ?? {});
    if (!parsed.success) {
      this.logger?.warn(`Stored ${scope} test results are unreadable; the next test replaces them.`);
      return results;
    }
    for (const [id, value] of Object.entries(parsed.data)) {
      const result = TestResultSchema.safeParse(withoutOldText(value));
      if (result.success) results.set(id, result.data);
    }
    return results;
  }

  all(): Map<string, TestResult> {
    return new Map([...this.read('global'), ...this.read('workspace')]);
  }

  get(id: string): TestResult | undefined {
    return this.all().get(id);
  }

  /** Copies a connection's result to the other scope's state, for a move (see `ScopedCompanion`). */
  async carry(id: string, from: Scope, to: Scope): Promise<void> {
    const result = this.read(from).get(id);
    const state = this.states[to];
    if (!result || !state) return;
    await state.update(RESULTS_KEY, Object.fromEntries(this.read(to).set(id, result)));
    this.changed.fire();
  }

  /** Removes a connection's result from one scope's state. */
  async forget(id: string, scope: Scope): Promise<void> {
    const state = this.states[scope];
    const results = this.read(scope);
    if (!state || !results.delete(id)) return;
    await state.update(RESULTS_KEY, Object.fromEntries(results));
    this.changed.fire();
  }

  /** Records results; in each scope written, drops results of that scope's connections that no longer exist. */
  async set(entries: Iterable<[Connection, TestResult]>, existing: readonly Connection[]): Promise<void> {
    const byScope = new Map<Scope, [Connection, TestResult][]>();
    for (const entry of entries) byScope.set(entry[0].scope, [...(byScope.get(entry[0].scope) ?? []), entry]);
    for (const [scope, scoped] of byScope) {
      const state = this.states[scope];
      if (!state) continue;
      const results = this.read(scope);
      for (const [connection, result] of scoped) {
        // One connection's result can never stop another's from being kept.
        const checked = TestResultSchema.safeParse(result);
        if (checked.success) results.set(connection.id, checked.data);
        else this.logger?.warn(`The test result of '${connection.alias}' was not kept: ${checked.error.issues.map((i) => i.path.join('.') || 'result').join(', ')} out of bounds.`);
      }
      const ids = new Set(existing.filter((c) => c.scope === scope).map((c) => c.id));
      for (const id of results.keys()) if (!ids.has(id)) results.delete(id);
      await state.update(RESULTS_KEY, Object.fromEntries(results));
    }
    this.changed.fire();
  }
}
