/**
 * Stores an answered import: each connection created or updated on its own, so one refusal (an
 * alias taken meanwhile, a changed connection) stops only that one and is reported by name.
 */
import type { Connection, ConnectionInput } from '../connection';

/** A connection of the plan with everything answered: what the store takes. */
export interface AnsweredImport {
  /** For the report (`'OpenAI': …`). */
  name: string;
  /** The stored connection updated, if any. */
  target?: Connection;
  input: ConnectionInput;
}

export interface ImportApplied {
  stored: Connection[];
  failed: { name: string; error: unknown }[];
}

/** The store's two writes an import uses. */
export interface ImportStore {
  create(input: ConnectionInput): Promise<Connection>;
  update(id: string, input: ConnectionInput, expectedModified?: string): Promise<Connection>;
}

export async function applyImport(store: ImportStore, answered: readonly AnsweredImport[]): Promise<ImportApplied> {
  const applied: ImportApplied = { stored: [], failed: [] };
  for (const { name, target, input } of answered) {
    try {
      applied.stored.push(target ? await store.update(target.id, input, target.dateModified) : await store.create(input));
    } catch (error) {
      applied.failed.push({ name, error });
    }
  }
  return applied;
}
