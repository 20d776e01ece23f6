/**
 * Keys of personal connections whose definitions came from another machine through Settings Sync:
 * the record arrives, its keys never do (they live in that machine's secret storage). Such a
 * connection needs its keys set on this machine, and they are kept as a shared connection's are:
 * bound to the connection and to the host it sends to (bindings.ts), never written into the synced
 * record, so syncing never takes a key from one machine to another.
 */
import type { Connection, SecretBag } from '../connection';
import { DisposableBase, Emitter, type Event } from '../events';
import { INDEX_KEY, type ConnectionStore } from '../store/connectionStore';
import type { BindingState, SharedKeys } from './bindings';
import { isShared, type SharedConnection } from './parse';

/**
 * What of VS Code's global state Settings Sync carries (`globalState.setKeysForSync`): with the
 * user's setting on, the list of global connection records, which holds no key; otherwise nothing.
 * Test results, chat choices, backups and every key stay on this machine.
 */
export function keysToSync(syncDefinitions: boolean): string[] {
  return syncDefinitions ? [INDEX_KEY] : [];
}

/** The keys of a record that its secret storage entry on this machine lacks. */
export async function keysMissingHere(store: Pick<ConnectionStore, 'readSecrets'>, connection: Connection): Promise<string[]> {
  if (isShared(connection) || connection.secretKeys.length === 0) return [];
  const bag = await store.readSecrets(connection).catch(() => ({}) as SecretBag);
  return connection.secretKeys.filter((key) => bag[key] === undefined);
}

/** A synced connection as bindings.ts takes it: the keys missing here are the ones each machine sets. */
export function boundHere(connection: Connection, missing: readonly string[]): SharedConnection {
  return { ...connection, shared: { folder: '', folderName: '', definitionId: connection.id, ask: missing, references: {}, synced: true } };
}

export class MachineKeys extends DisposableBase {
  private readonly states = new Map<string, BindingState>();
  private readonly changed = this.register(new Emitter<void>());
  readonly onDidChange: Event<void> = this.changed.event;
  private generation = 0;
  private latest: Promise<void> | undefined;

  constructor(
    private readonly store: ConnectionStore,
    private readonly keys: SharedKeys,
    /** Whether definitions are synced at all: otherwise no record can lack its keys, and nothing is read. */
    private readonly syncing: () => boolean,
  ) {
    super();
    this.register(store.onDidChange(() => void this.refresh()));
  }

  /** Looks again at which synced connections lack their keys here; tells listeners when that changed. Resolves once the latest look is done. */
  async refresh(): Promise<void> {
    this.latest = this.look(++this.generation);
    for (let seen: Promise<void> | undefined; seen !== this.latest;) {
      seen = this.latest;
      await seen;
    }
  }

  private async look(generation: number): Promise<void> {
    const next = new Map<string, BindingState>();
    if (this.syncing()) {
      for (const connection of this.store.list().connections.filter((c) => c.scope === 'global' && !isShared(c))) {
        const missing = await keysMissingHere(this.store, connection);
        if (missing.length > 0) next.set(connection.id, await this.keys.state(boundHere(connection, missing)).catch((): BindingState => ({ state: 'needed', missing })));
      }
    }
    if (generation !== this.generation || JSON.stringify([...next]) === JSON.stringify([...this.states])) return;
    this.states.clear();
    for (const [id, state] of next) this.states.set(id, state);
    this.changed.fire();
  }

  /** Whether a synced connection's keys are set on this machine; undefined for one that has its keys. */
  state(id: string): BindingState | undefined {
    return this.states.get(id);
  }
}
