import type * as vscode from 'vscode';
import type { SecretVault, StateStore } from '../domain/store/ports';

/** globalState / workspaceState as the store's StateStore. */
export function mementoState(memento: vscode.Memento): StateStore {
  return {
    get: (key) => memento.get<unknown>(key),
    update: async (key, value) => {
      await memento.update(key, value);
    },
  };
}

/** VS Code's SecretStorage (the OS keyring, or encrypted browser storage) as the store's vault. */
export function secretVault(secrets: vscode.SecretStorage): SecretVault {
  return {
    get: async (key) => secrets.get(key),
    store: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
    onDidChange: (listener) => secrets.onDidChange((event) => listener(event.key)),
  };
}
