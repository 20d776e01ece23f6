/**
 * In-memory implementations of the store's ports, for tests and benchmarks. Two stores built
 * over the same `MemoryState` and `MemoryVault` behave like two VS Code windows sharing the
 * global state and the OS keyring: both see each other's writes and the vault's change events.
 */
import type { Disposable } from '../../src/domain/events';
import type { SecretVault, StateStore } from '../../src/domain/store/ports';

export class MemoryState implements StateStore {
  readonly data = new Map<string, unknown>();
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
    this.updates++;
    JSON.stringify(value); // must be storable as JSON, as in VS Code
    this.data.set(key, value);
  }
}

export class MemoryVault implements SecretVault {
  readonly data = new Map<string, string>();
  private readonly listeners = new Set<(key: string) => void>();
  /** When set, every store() rejects with this error (as SecretStorage does without a keyring). */
  refuseWrites: Error | undefined;
  reads = 0;

  async get(key: string): Promise<string | undefined> {
    this.reads++;
    return this.data.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    if (this.refuseWrites) throw this.refuseWrites;
    this.data.set(key, value);
    this.emit(key);
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
    this.emit(key);
  }

  onDidChange(listener: (key: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(key: string): void {
    for (const listener of this.listeners) queueMicrotask(() => listener(key));
  }
}
