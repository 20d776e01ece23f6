import type { Disposable } from '../events';

/** A key-value state store (VS Code's Memento: globalState, workspaceState). Values are JSON. */
export interface StateStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Promise<void>;
}

/** Encrypted secret storage (VS Code's SecretStorage). */
export interface SecretVault {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Fires with the key when a secret changes here or in another window. */
  onDidChange(listener: (key: string) => void): Disposable;
}
