import { z } from 'zod';
import { Emitter, type Event } from '../events';
import type { Logger } from '../logger';
import type { StateStore } from '../store/ports';
import { TestResultSchema, type TestResult } from './result';

export const RESULTS_KEY = 'aiConnections.testResults';

/** The last test result of each connection, kept across reloads. Results hold no secrets. */
export class TestResultStore {
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly state: StateStore,
    private readonly logger?: Logger,
  ) {}

  all(): Map<string, TestResult> {
    const raw = this.state.get(RESULTS_KEY);
    const parsed = z.record(z.string(), z.unknown()).safeParse(raw ?? {});
    const results = new Map<string, TestResult>();
    if (!parsed.success) {
      this.logger?.warn('Stored test results are unreadable; they will be replaced by the next test.');
      return results;
    }
    for (const [id, value] of Object.entries(parsed.data)) {
      const result = TestResultSchema.safeParse(value);
      if (result.success) results.set(id, result.data);
    }
    return results;
  }

  get(id: string): TestResult | undefined {
    return this.all().get(id);
  }

  /** Records results, dropping those of connections that no longer exist. */
  async set(entries: Iterable<[string, TestResult]>, existingIds: ReadonlySet<string>): Promise<void> {
    const all = this.all();
    for (const [id, result] of entries) all.set(id, TestResultSchema.parse(result));
    for (const id of all.keys()) if (!existingIds.has(id)) all.delete(id);
    await this.state.update(RESULTS_KEY, Object.fromEntries(all));
    this.changed.fire();
  }
}
