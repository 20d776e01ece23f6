import type { Connection, Scope } from '../connection';
import type { Logger } from '../logger';
import type { ConnectionPlace, ConnectionStore } from './connectionStore';
import { StoreError, causeOf, describeCause } from './errors';

/**
 * State kept per connection in its scope's state, beside its record (the chat choice, the last
 * test result): a move to the other scope carries it along.
 */
export interface ScopedCompanion {
  /** Copies the connection's entry, if it has one, from one scope's state to the other's. */
  carry(id: string, from: Scope, to: Scope): Promise<void>;
  /** Removes the connection's entry from a scope's state. */
  forget(id: string, scope: Scope): Promise<void>;
}

/**
 * Moves a connection (see `ConnectionStore.move`) with what is kept beside it. Across scopes the
 * companions' entries are copied first; a move that fails removes the copies, and one that
 * succeeds removes the originals. A failure to copy moves nothing.
 */
export async function moveConnection(store: ConnectionStore, companions: readonly ScopedCompanion[], connection: Connection, to: ConnectionPlace, logger: Logger): Promise<Connection> {
  const from = connection.scope;
  if (from === to.scope) return store.move(connection.id, to, connection.dateModified);
  const carried: ScopedCompanion[] = [];
  const forgetAll = async (scope: Scope, which: readonly ScopedCompanion[]) => {
    for (const companion of which) {
      await companion.forget(connection.id, scope).catch((error: unknown) => logger.warn(`Couldn't remove state kept beside '${connection.alias}' in ${scope}: ${describeCause(error)}`));
    }
  };
  try {
    for (const companion of companions) {
      carried.push(companion);
      await companion.carry(connection.id, from, to.scope);
    }
  } catch (error) {
    await forgetAll(to.scope, carried);
    logger.error(`Couldn't carry the state kept beside '${connection.alias}' to ${to.scope}: ${describeCause(error)}`);
    throw new StoreError('storage', { code: 'store.moveFailed', name: connection.name, cause: causeOf(error) });
  }
  let moved: Connection;
  try {
    moved = await store.move(connection.id, to, connection.dateModified);
  } catch (error) {
    await forgetAll(to.scope, carried);
    throw error;
  }
  await forgetAll(from, carried);
  return moved;
}
