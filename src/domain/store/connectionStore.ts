import { randomUUID } from 'node:crypto';
import { copyAlias, copyName, englishCopyName, type CopyName } from '../alias';
import { StoredConnectionSchema, type Connection, type SecretBag } from '../connection';
import { Emitter, type Disposable, type Event } from '../events';
import type { WorkspaceFolderInfo } from '../folders';
import type { SharedSource } from '../shared/definitions';
import { silentLogger, type Logger } from '../logger';
import type { ValidConnection } from '../validation';
import { assertAliasFree, findConnection, recordFields, takenAliases, validInput, type TakenAliases } from './checks';
import { notFoundError, recordWriteError, staleError } from './errors';
import { moveRecord, type ConnectionPlace, type MoveContext } from './moveRecord';
import type { SecretVault, StateStore } from './ports';
import { RecordIndex, type Backup, type BrokenRecord, type ListResult } from './recordIndex';
import { connectionOf, nextTimestamp, withSecretVersion, type StoredRecord } from './records';
import { Revisions } from './revisions';
import { SecretBags, leftoverReport, secretKeyOf, type LeftoverReport, type Leftovers, type OrphanRetry } from './secretBags';

export { BACKUP_KEY, INDEX_KEY, MAX_BACKUPS, type Backup, type BrokenRecord, type ListResult } from './recordIndex';
export { ORPHANED_SECRETS_KEY, secretKeyFor, type OrphanRetry } from './secretBags';
export { REVISION_KEY } from './revisions';
export type { ConnectionPlace } from './moveRecord';

/** What a deletion did beyond removing the record: secret entries left over (see `LeftoverReport`), and a backup. */
export interface DeleteOutcome extends LeftoverReport {
  /** The copy kept of what was deleted, when it was unreadable. */
  backup?: Backup;
}

export interface ConnectionStoreOptions {
  global: StateStore;
  /** Absent when no folder is open: workspace connections are then unavailable. */
  workspace?: StateStore;
  secrets: SecretVault;
  logger?: Logger;
  /** The open workspace folders: a workspace connection's folder is checked against them. */
  folders?: () => readonly WorkspaceFolderInfo[];
  now?: () => Date;
  newId?: () => string;
  /** The connections shared with the workspace (src/domain/shared): listed with the others, never written here. */
  shared?: SharedSource;
}

/**
 * Connections of both scopes: records in the state stores (`RecordIndex`), secrets in the vault
 * (`SecretBags`), other windows told of every change (`Revisions`).
 * Every write re-reads the records first, so windows sharing the global store don't
 * overwrite each other. Secrets are written before records, to a key no other save uses
 * (see `secretKeyFor`): if the record write fails, that key is removed again; once it
 * succeeds, the bag the record pointed to before is removed.
 */
export class ConnectionStore implements Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly index: RecordIndex;
  private readonly vault: SecretBags;
  private readonly revisions: Revisions;
  private readonly moves: MoveContext;
  private readonly sharedChanged: Disposable | undefined;

  constructor(private readonly options: ConnectionStoreOptions) {
    const logger = (this.logger = options.logger ?? silentLogger);
    const now = (this.now = options.now ?? (() => new Date()));
    const newId = (this.newId = options.newId ?? randomUUID);
    this.index = new RecordIndex({ global: options.global, workspace: options.workspace, logger, now });
    this.vault = new SecretBags({ secrets: options.secrets, global: options.global, logger });
    this.revisions = new Revisions({ secrets: options.secrets, logger, now, newId, onNews: () => this.changed.fire() });
    this.moves = { index: this.index, vault: this.vault, logger, now, newId, folders: options.folders, afterChange: (leftover) => this.afterChange(leftover) };
    this.sharedChanged = options.shared?.onDidChange(() => this.changed.fire());
  }

  get workspaceAvailable(): boolean {
    return this.index.workspaceAvailable;
  }

  dispose(): void {
    this.sharedChanged?.dispose();
    this.revisions.dispose();
    this.changed.dispose();
  }

  /** All connections and broken records of both scopes, then the shared ones: one read of each index, no secret reads. */
  list(): ListResult {
    const stored = this.index.list();
    const shared = this.options.shared?.list() ?? [];
    return shared.length === 0 ? stored : { ...stored, connections: [...stored.connections, ...shared] };
  }

  /** A connection by id, or by alias when exactly one connection has it (a personal and a shared one with the same alias: neither). */
  get(idOrAlias: string): Connection | undefined {
    return findConnection(this.list().connections, idOrAlias);
  }

  /** Aliases in use in both scopes and who uses them, leaving out one connection (the one being edited). */
  takenAliases(exceptId?: string): TakenAliases {
    return takenAliases(this.list().connections, exceptId);
  }

  async create(input: unknown): Promise<Connection> {
    const valid = this.validate(input);
    const timestamp = this.now().toISOString();
    const connection = StoredConnectionSchema.parse({ id: this.newId(), ...recordFields(valid), dateCreated: timestamp, dateModified: timestamp });
    const secretKey = secretKeyOf(connection);
    const wrote = await this.vault.write(connection, secretKey, valid.secrets);
    try {
      await this.index.mutate(connection.scope, (records) => {
        assertAliasFree(this.list().connections, connection.alias, connection.id);
        return [...records, connection];
      });
    } catch (error) {
      if (wrote) await this.vault.discard([secretKey], 'a failed save');
      throw recordWriteError(this.logger, error, connection);
    }
    this.logger.info(`Created connection '${connection.alias}' (${connection.providerId}, ${connection.scope}).`);
    await this.afterChange();
    return connection;
  }

  /**
   * Updates a connection. `expectedDateModified` is the version the caller edited: if the stored
   * one differs, another window changed it and the update is refused rather than lost.
   */
  async update(id: string, input: unknown, expectedDateModified?: string): Promise<Connection> {
    const current = this.require(id);
    if (expectedDateModified !== undefined && current.dateModified !== expectedDateModified) throw staleError(current);
    const valid = this.validate(input, current);
    const updated = StoredConnectionSchema.parse({ ...current, ...recordFields(valid), dateModified: nextTimestamp(this.now(), current.dateModified) });
    // The stored version of `current`: the record write below only succeeds if it is still the
    // stored one, so the bag read here is the bag that version points to.
    const base = this.index.find(current.scope, id);
    if (!base) throw notFoundError();
    const previousKey = secretKeyOf(base);
    const previous = await this.vault.read(previousKey);
    const bag: SecretBag = {};
    for (const key of valid.secretKeys) {
      const value = valid.secrets[key] ?? previous[key];
      if (value !== undefined) bag[key] = value;
    }
    const secretsChanged = JSON.stringify(bag) !== JSON.stringify(previous);
    const record = withSecretVersion(updated, secretsChanged ? this.newId() : base.secretVersion);
    const secretKey = secretKeyOf(record);
    const wrote = secretsChanged && (await this.vault.write(updated, secretKey, bag));
    try {
      await this.index.mutate(current.scope, (records) => {
        const index = this.index.positionOf(records, id);
        const stored = this.index.readableAt(records, index, current.scope);
        if (stored?.dateModified !== current.dateModified) throw staleError(current);
        assertAliasFree(this.list().connections, updated.alias, updated.id);
        return records.map((r, i) => (i === index ? record : r));
      });
    } catch (error) {
      if (wrote) await this.vault.discard([secretKey], 'a failed save');
      throw recordWriteError(this.logger, error, updated);
    }
    const leftover = secretsChanged ? await this.vault.discard([previousKey], 'a key change') : undefined;
    this.logger.info(`Updated connection '${updated.alias}'.`);
    await this.afterChange(leftover);
    return updated;
  }

  async setActive(id: string, isActive: boolean): Promise<Connection> {
    const current = this.require(id);
    let updated = current;
    try {
      await this.index.mutate(current.scope, (records) => {
        const index = this.index.positionOf(records, id);
        const stored = this.index.readableAt(records, index, current.scope);
        if (!stored) throw staleError(current);
        updated = connectionOf({ ...stored, isActive, dateModified: nextTimestamp(this.now(), stored.dateModified) });
        return records.map((r, i) => (i === index ? withSecretVersion(updated, stored.secretVersion) : r));
      });
    } catch (error) {
      throw recordWriteError(this.logger, error, current);
    }
    this.logger.info(`${isActive ? 'Enabled' : 'Disabled'} connection '${current.alias}'.`);
    await this.afterChange();
    return updated;
  }

  /** Copies settings and secrets into a new connection of the same scope under a free alias; `naming` names it in the user's language. */
  async duplicate(id: string, naming: CopyName = englishCopyName): Promise<Connection> {
    const read = await this.readConsistent(id);
    if (!read) throw notFoundError();
    const { connection: source, bag: secrets } = read;
    const timestamp = this.now().toISOString();
    const freeAlias = () => copyAlias(source.alias, new Set(this.takenAliases().keys()));
    let copy = StoredConnectionSchema.parse({ ...source, id: this.newId(), alias: freeAlias(), name: copyName(source.name, naming), dateCreated: timestamp, dateModified: timestamp });
    const secretKey = secretKeyOf(copy);
    const wrote = await this.vault.write(copy, secretKey, secrets);
    try {
      // The alias is picked again as the record is written: another window may have taken it meanwhile.
      await this.index.mutate(copy.scope, (records) => [...records, (copy = { ...copy, alias: freeAlias() })]);
    } catch (error) {
      if (wrote) await this.vault.discard([secretKey], 'a failed save');
      throw recordWriteError(this.logger, error, copy);
    }
    this.logger.info(`Duplicated connection '${source.alias}' as '${copy.alias}'.`);
    await this.afterChange();
    return copy;
  }

  /** Moves a connection to the other scope or another workspace folder, keys included (see `moveRecord`). */
  move(id: string, to: ConnectionPlace, expectedDateModified?: string): Promise<Connection> {
    return moveRecord(this.moves, id, to, expectedDateModified);
  }

  /**
   * Deletes a connection and its secrets. If the vault refuses to delete the secrets, the
   * connection is still deleted and the outcome says so: show `warning` to the user.
   */
  async delete(id: string): Promise<DeleteOutcome> {
    const current = this.require(id);
    const copies = this.index.pendingCopiesOf(current.scope);
    let removed: StoredRecord | undefined;
    try {
      await this.index.mutate(current.scope, (records) => {
        const index = this.index.positionOf(records, id);
        removed = this.index.readableAt(records, index, current.scope);
        // A record another window left unreadable meanwhile is deleted as a broken one, with a backup.
        if (!removed) throw staleError(current);
        return records.filter((_, i) => i !== index);
      });
    } catch (error) {
      throw recordWriteError(this.logger, error, current);
    }
    // The bag of the record as it was removed: another window may have changed its key meanwhile.
    const copyKeys = await this.index.dropOrphanedCopies(copies);
    const leftover = await this.vault.discard([secretKeyOf(removed!), ...copyKeys], 'a deleted connection');
    this.logger.info(`Deleted connection '${current.alias}'.`);
    await this.afterChange(leftover);
    return leftoverReport(current.name, leftover);
  }

  /**
   * Deletes a record that no longer matches the stored shape, or resets an unreadable list, after
   * keeping a copy of it (see `backups()`), and the secret entries it may own. Refused as stale if
   * another window changed it meanwhile.
   */
  async deleteBroken(broken: Pick<BrokenRecord, 'scope' | 'position' | 'id'>): Promise<DeleteOutcome> {
    const copies = this.index.pendingCopiesOf(broken.scope);
    const { backup, keys } = await this.index.deleteBroken(broken);
    const copyKeys = await this.index.dropOrphanedCopies(copies);
    const leftover = await this.vault.discard([...keys, ...copyKeys], 'a deleted broken connection');
    this.logger.info(`Deleted a broken ${broken.scope} connection record.`);
    await this.afterChange(leftover);
    return { backup, ...leftoverReport(undefined, leftover) };
  }

  /** Secret entries listed for deletion because removing them failed earlier. */
  orphanedSecrets(): string[] {
    return this.vault.orphaned();
  }

  /**
   * Tries again to delete the listed secret entries. Runs after every change this store makes;
   * the extension may also call it once at startup. Never rejects.
   */
  async retryOrphanedSecrets(): Promise<OrphanRetry> {
    return this.vault.retryOrphans([]);
  }

  /** The copies kept of deleted unreadable data, oldest first, in both scopes. */
  backups(): Backup[] {
    return this.index.backups();
  }

  /** The secret values of a connection, for the extension host only (never for the webview). */
  async readSecrets(idOrConnection: string | Pick<Connection, 'id' | 'scope'>): Promise<SecretBag> {
    const shared = this.options.shared?.list().find((c) => c.id === (typeof idOrConnection === 'string' ? idOrConnection : idOrConnection.id));
    if (shared) return this.options.shared!.readSecrets(shared);
    const connection = typeof idOrConnection === 'string' ? this.require(idOrConnection) : idOrConnection;
    return (await this.readConsistent(connection.id))?.bag ?? {};
  }

  /**
   * For state kept beside the connections (chat models): tells the other windows that it changed,
   * through the vault's change event. This window's listeners are not told (its own store says so).
   */
  notifyOtherWindows(): Promise<void> {
    return this.revisions.announce();
  }

  /** A connection and the secrets its stored record points to, read together (see `SecretBags.readConsistent`). */
  private async readConsistent(id: string): Promise<{ connection: Connection; bag: SecretBag } | undefined> {
    const read = await this.vault.readConsistent(() => this.index.locate(id));
    return read && { connection: connectionOf(read.record), bag: read.bag };
  }

  private validate(input: unknown, existing?: Connection): ValidConnection {
    return validInput(input, { connections: this.list().connections, workspaceAvailable: this.workspaceAvailable, folders: this.options.folders }, existing);
  }

  /** A stored connection: a shared one is written in its file, never here. */
  private require(id: string): Connection {
    const connection = this.index.list().connections.find((c) => c.id === id);
    if (!connection) throw notFoundError();
    return connection;
  }

  /** After a change: tell this window and the others, then retry leftovers of earlier changes (not the ones just listed). */
  private async afterChange(leftover?: Leftovers): Promise<void> {
    this.changed.fire();
    await this.revisions.announce();
    await this.vault.retryOrphans(leftover?.keys ?? []);
  }
}
