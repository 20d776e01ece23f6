/**
 * In-memory implementations of the store's ports, for tests and benchmarks. Two stores built
 * over the same `MemoryState` and `MemoryVault` behave like two VS Code windows sharing the
 * global state and the OS keyring: both see each other's writes and the vault's change events.
 *
 * Both can be told to fail: `failNext` makes one later call reject (optionally after letting
 * `skip` calls through), `refuse` makes every call of a kind reject until it is cleared.
 */
import type { Disposable } from '../../src/domain/events';
import type { InspectedSetting, SettingsAccess } from '../../src/domain/settings';
import type { SecretVault, StateStore } from '../../src/domain/store/ports';

export type VaultOperation = 'get' | 'store' | 'delete';

interface ArmedFailure<Op> {
  op: Op;
  skip: number;
  error: Error;
}

/** Failures armed by a test, consumed by the calls they match. */
class FailurePlan<Op extends string> {
  private readonly armed: ArmedFailure<Op>[] = [];
  readonly refused = new Map<Op, Error>();
  /** How many calls were made to reject, by kind. */
  readonly triggered = new Map<Op, number>();

  arm(op: Op, error: Error, skip: number): void {
    this.armed.push({ op, skip, error });
  }

  /** Throws if this call is meant to fail. */
  check(op: Op): void {
    const refused = this.refused.get(op);
    if (refused) return this.fail(op, refused);
    const index = this.armed.findIndex((a) => a.op === op);
    if (index === -1) return;
    const failure = this.armed[index]!;
    if (failure.skip > 0) {
      failure.skip--;
      return;
    }
    this.armed.splice(index, 1);
    this.fail(op, failure.error);
  }

  /** Forgets armed failures that no call triggered, and refusals. */
  clear(): void {
    this.armed.length = 0;
    this.refused.clear();
  }

  private fail(op: Op, error: Error): never {
    this.triggered.set(op, (this.triggered.get(op) ?? 0) + 1);
    throw error;
  }
}

export class MemoryState implements StateStore {
  readonly data = new Map<string, unknown>();
  private readonly failures = new FailurePlan<'update'>();
  /** When set, the next update rejects with this error (then clears). */
  failNextUpdate: Error | undefined;
  updates = 0;

  /** Like VS Code's Memento: the same objects come back until the key is written again. */
  get(key: string): unknown {
    return this.data.get(key);
  }

  async update(key: string, value: unknown): Promise<void> {
    if (this.failNextUpdate) {
      const error = this.failNextUpdate;
      this.failNextUpdate = undefined;
      throw error;
    }
    this.failures.check('update');
    this.updates++;
    JSON.stringify(value); // must be storable as JSON, as in VS Code
    this.data.set(key, value);
  }

  /** Makes the update after `skip` successful ones reject. */
  failNext(error: Error = new Error('state update failed'), skip = 0): void {
    this.failures.arm('update', error, skip);
  }

  /** Makes every update reject until `clearFailures()`. */
  refuseUpdates(error: Error = new Error('state update failed')): void {
    this.failures.refused.set('update', error);
  }

  clearFailures(): void {
    this.failNextUpdate = undefined;
    this.failures.clear();
  }

  get failedUpdates(): number {
    return this.failures.triggered.get('update') ?? 0;
  }
}

export class MemoryVault implements SecretVault {
  readonly data = new Map<string, string>();
  private readonly listeners = new Set<(key: string) => void>();
  private readonly failures = new FailurePlan<VaultOperation>();
  /** When set, every store() rejects with this error (as SecretStorage does without a keyring). */
  refuseWrites: Error | undefined;
  reads = 0;

  async get(key: string): Promise<string | undefined> {
    this.failures.check('get');
    this.reads++;
    return this.data.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    if (this.refuseWrites) throw this.refuseWrites;
    this.failures.check('store');
    this.data.set(key, value);
    this.emit(key);
  }

  async delete(key: string): Promise<void> {
    this.failures.check('delete');
    this.data.delete(key);
    this.emit(key);
  }

  onDidChange(listener: (key: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Makes the call of `op` after `skip` successful ones reject. */
  failNext(op: VaultOperation, error: Error = new Error(`secret storage ${op} failed`), skip = 0): void {
    this.failures.arm(op, error, skip);
  }

  /** Makes every call of `op` reject until `clearFailures()`. */
  refuse(op: VaultOperation, error: Error = new Error(`secret storage ${op} failed`)): void {
    this.failures.refused.set(op, error);
  }

  clearFailures(): void {
    this.refuseWrites = undefined;
    this.failures.clear();
  }

  failed(op: VaultOperation): number {
    return this.failures.triggered.get(op) ?? 0;
  }

  private emit(key: string): void {
    for (const listener of this.listeners) queueMicrotask(() => listener(key));
  }
}

/**
 * The `aiConnections.*` settings by level, as VS Code's configuration keeps them: the user's
 * (settings.json), the workspace's and the folder's. Writes go to the user's, as JSON, and each is
 * counted; `refuseWrites` makes them reject as VS Code does when settings.json can't be written.
 */
export class MemorySettings implements SettingsAccess {
  readonly user = new Map<string, unknown>();
  readonly workspace = new Map<string, unknown>();
  readonly folder = new Map<string, unknown>();
  writes = 0;
  refuseWrites: Error | undefined;
  private readonly listeners = new Set<(key: string) => void>();

  inspect(key: string): InspectedSetting | undefined {
    const levels = { globalValue: this.user.get(key), workspaceValue: this.workspace.get(key), workspaceFolderValue: this.folder.get(key) };
    return Object.fromEntries(Object.entries(levels).filter(([, value]) => value !== undefined));
  }

  async updateUser(key: string, value: unknown): Promise<void> {
    if (this.refuseWrites) throw this.refuseWrites;
    this.writes++;
    if (value === undefined) this.user.delete(key);
    else this.user.set(key, JSON.parse(JSON.stringify(value)));
    for (const listener of this.listeners) listener(key);
  }

  /** Called after each write, as VS Code's onDidChangeConfiguration. */
  onDidChange(listener: (key: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
