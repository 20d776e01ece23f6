import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { copyAlias, copyName, englishCopyName, type CopyName } from '../alias';
import { SCOPE_LABELS, ScopeSchema, StoredConnectionSchema, type Connection, type Scope, type SecretBag } from '../connection';
import { Emitter, type Disposable, type Event } from '../events';
import { silentLogger, type Logger } from '../logger';
import { validateConnection, type ValidConnection } from '../validation';
import type { WorkspaceFolderInfo } from '../folders';
import type { Message, StoreMessage } from '../messages';
import { issueMessage } from '../validationMessages';
import { StoreError, causeOf, describeCause, diagnosticText } from './errors';
import type { StoreCause } from './messages';
import type { SecretVault, StateStore } from './ports';

/** Where the records of one scope live in its state store. */
export const INDEX_KEY = 'aiConnections.connections';
/** Written after every change so other windows hear of it through SecretStorage's change event. */
export const REVISION_KEY = 'aiConnections/revision';
/** Copies of unreadable stored data, kept in the same state store before the store writes over it. */
export const BACKUP_KEY = 'aiConnections.backups';
/** How many backups a state store keeps; older ones are dropped first. */
export const MAX_BACKUPS = 5;
/**
 * Secret entries that could not be deleted when their connection (or a save) no longer needed
 * them: kept in the global state, since the vault is shared by every window and workspace, and
 * retried by `retryOrphanedSecrets()`.
 */
export const ORPHANED_SECRETS_KEY = 'aiConnections.orphanedSecrets';
const SECRET_PREFIX = 'aiConnections/secret';

/**
 * Where a connection's secret bag lives. A connection's first bag is stored under its scope and
 * id; every later change of its secrets goes to a new key that carries a fresh version, and the
 * record names that version. A save that loses a race then only removes what it wrote itself,
 * and never a bag another window's record points to.
 */
export function secretKeyFor(scope: Scope, id: string, secretVersion?: string): string {
  return secretVersion === undefined ? `${SECRET_PREFIX}/${scope}/${id}` : `${SECRET_PREFIX}/${scope}/${id}/${secretVersion}`;
}

/**
 * A record as stored: the connection plus, once its secrets have changed, the version of the
 * secret bag it belongs to. The version stays inside the store; callers see a `Connection`.
 */
const StoredRecordSchema = StoredConnectionSchema.extend({
  secretVersion: z.string().regex(/^[0-9A-Za-z-]{1,64}$/).optional(),
  /**
   * Set on the copy a move writes into its new scope, until the move is done: while the scope it
   * comes from still holds the connection, the copy is not the connection (see `move`).
   */
  movingFrom: ScopeSchema.optional(),
});
type StoredRecord = z.infer<typeof StoredRecordSchema>;
type RecordParse = ReturnType<typeof StoredRecordSchema.safeParse>;

function secretKeyOf(record: Pick<StoredRecord, 'scope' | 'id' | 'secretVersion'>): string {
  return secretKeyFor(record.scope, record.id, record.secretVersion);
}

function withSecretVersion(connection: Connection, secretVersion: string | undefined): StoredRecord {
  return secretVersion === undefined ? connection : { ...connection, secretVersion };
}

/** A stored record that does not match the stored shape: shown so the user can delete it. */
export interface BrokenRecord {
  scope: Scope;
  /** Position in the scope's list, or -1 when the list itself is unreadable. */
  position: number;
  id?: string;
  label: StoreMessage;
  reason: StoreMessage;
  /** For the user: deleting it keeps a copy, and how many copies are already kept. */
  backupNote?: StoreMessage;
}

/** A copy of stored data that could not be read, taken before it was deleted. */
export interface StoredBackup {
  /** When it was taken (ISO time). */
  savedAt: string;
  /** The whole connection list of a scope, or one record of it. */
  kind: 'list' | 'record';
  reason: string;
  /** The data exactly as it was stored (never a secret: secrets are not kept in state). */
  value: unknown;
}

export interface Backup extends StoredBackup {
  scope: Scope;
}

/** What a deletion did beyond removing the record. */
export interface DeleteOutcome {
  /** The copy kept of what was deleted, when it was unreadable. */
  backup?: Backup;
  /** Secret entries that could not be removed; they are listed and retried (see `retryOrphanedSecrets`). */
  orphanedSecrets: string[];
  /** For the user when something could not be cleaned up; no secret values in it. */
  warning?: StoreMessage;
}

export interface OrphanRetry {
  removed: string[];
  remaining: string[];
}

/** Where a connection lives: its scope and, for a workspace connection, its folder (absent: the first). */
export interface ConnectionPlace {
  scope: Scope;
  folder?: string;
}

export interface ListResult {
  connections: Connection[];
  broken: BrokenRecord[];
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
}

interface ScopeRead {
  raw: unknown[];
  connections: Connection[];
  broken: BrokenRecord[];
}

/** A checked record: what callers see, and the secret version it stores beside it. */
interface CheckedRecord {
  parsed: RecordParse;
  connection?: Connection;
}

/** Secret entries a cleanup could not delete, and whether they made it onto the retry list. */
interface Leftovers {
  keys: string[];
  listed: boolean;
  cause?: StoreCause;
}

/** How often a read of a record and its secrets is retried while another window changes them. */
const CONSISTENT_READ_ATTEMPTS = 5;

/**
 * Connections of both scopes: records in the state stores, secrets in the vault.
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
  private readonly vaultListener: Disposable;
  private readonly parsed = new WeakMap<object, CheckedRecord>();
  /** The revision this window wrote last: its own change event is not news. */
  private ownRevision: string | undefined;

  constructor(private readonly options: ConnectionStoreOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.vaultListener = options.secrets.onDidChange((key) => {
      if (key === REVISION_KEY) void this.onRevision();
    });
  }

  get workspaceAvailable(): boolean {
    return this.options.workspace !== undefined;
  }

  dispose(): void {
    this.vaultListener.dispose();
    this.changed.dispose();
  }

  /** All connections and broken records of both scopes: one read of each index, no secret reads. */
  list(): ListResult {
    const result: ListResult = { connections: [], broken: [] };
    for (const scope of this.scopes()) {
      const read = this.readScope(scope);
      result.connections.push(...read.connections);
      result.broken.push(...read.broken);
    }
    return result;
  }

  get(idOrAlias: string): Connection | undefined {
    return this.list().connections.find((c) => c.id === idOrAlias || c.alias === idOrAlias);
  }

  /** Aliases in use in both scopes and who uses them, leaving out one connection (the one being edited). */
  takenAliases(exceptId?: string): Map<string, { name: string; scope: Scope }> {
    const taken = new Map<string, { name: string; scope: Scope }>();
    for (const c of this.list().connections) {
      if (c.id !== exceptId) taken.set(c.alias, { name: c.name, scope: c.scope });
    }
    return taken;
  }

  async create(input: unknown): Promise<Connection> {
    const valid = this.validate(input);
    const timestamp = this.now().toISOString();
    const connection = StoredConnectionSchema.parse({
      id: this.newId(),
      ...this.recordFields(valid),
      dateCreated: timestamp,
      dateModified: timestamp,
    });
    const secretKey = secretKeyOf(connection);
    const wrote = await this.writeSecrets(connection, secretKey, valid.secrets);
    try {
      await this.mutateScope(connection.scope, (records) => {
        this.assertAliasFree(connection.alias, connection.id);
        return [...records, connection];
      });
    } catch (error) {
      if (wrote) await this.discardSecrets([secretKey], 'a failed save');
      throw this.recordWriteError(error, connection);
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
    if (expectedDateModified !== undefined && current.dateModified !== expectedDateModified) throw this.staleError(current);
    const valid = this.validate(input, current);
    const updated = StoredConnectionSchema.parse({
      ...current,
      ...this.recordFields(valid),
      dateModified: this.nextTimestamp(current.dateModified),
    });
    // The stored version of `current`: the record write below only succeeds if it is still the
    // stored one, so the bag read here is the bag that version points to.
    const base = this.findRecord(current.scope, id);
    if (!base) throw this.notFoundError();
    const previousKey = secretKeyOf(base);
    const previous = parseBag(await this.readSecretRaw(previousKey));
    const bag: SecretBag = {};
    for (const key of valid.secretKeys) {
      const value = valid.secrets[key] ?? previous[key];
      if (value !== undefined) bag[key] = value;
    }
    const secretsChanged = JSON.stringify(bag) !== JSON.stringify(previous);
    const record = withSecretVersion(updated, secretsChanged ? this.newId() : base.secretVersion);
    const secretKey = secretKeyOf(record);
    const wrote = secretsChanged && (await this.writeSecrets(updated, secretKey, bag));
    try {
      await this.mutateScope(current.scope, (records) => {
        const index = this.positionOf(records, id);
        const stored = this.readableAt(records, index, current.scope);
        if (stored?.dateModified !== current.dateModified) throw this.staleError(current);
        this.assertAliasFree(updated.alias, updated.id);
        return records.map((r, i) => (i === index ? record : r));
      });
    } catch (error) {
      if (wrote) await this.discardSecrets([secretKey], 'a failed save');
      throw this.recordWriteError(error, updated);
    }
    const leftover = secretsChanged ? await this.discardSecrets([previousKey], 'a key change') : undefined;
    this.logger.info(`Updated connection '${updated.alias}'.`);
    await this.afterChange(leftover);
    return updated;
  }

  async setActive(id: string, isActive: boolean): Promise<Connection> {
    const current = this.require(id);
    let updated = current;
    try {
      await this.mutateScope(current.scope, (records) => {
        const index = this.positionOf(records, id);
        const stored = this.readableAt(records, index, current.scope);
        if (!stored) throw this.staleError(current);
        const { secretVersion, movingFrom: _moving, ...connection } = { ...stored, isActive, dateModified: this.nextTimestamp(stored.dateModified) };
        updated = connection;
        return records.map((r, i) => (i === index ? withSecretVersion(connection, secretVersion) : r));
      });
    } catch (error) {
      throw this.recordWriteError(error, current);
    }
    this.logger.info(`${isActive ? 'Enabled' : 'Disabled'} connection '${current.alias}'.`);
    await this.afterChange();
    return updated;
  }

  /** Copies settings and secrets into a new connection of the same scope under a free alias; `naming` names it in the user's language. */
  async duplicate(id: string, naming: CopyName = englishCopyName): Promise<Connection> {
    const read = await this.readConsistent(id);
    if (!read) throw this.notFoundError();
    const { connection: source, bag: secrets } = read;
    const timestamp = this.now().toISOString();
    const freeAlias = () => copyAlias(source.alias, new Set(this.takenAliases().keys()));
    let copy = StoredConnectionSchema.parse({
      ...source,
      id: this.newId(),
      alias: freeAlias(),
      name: copyName(source.name, naming),
      dateCreated: timestamp,
      dateModified: timestamp,
    });
    const secretKey = secretKeyOf(copy);
    const wrote = await this.writeSecrets(copy, secretKey, secrets);
    try {
      // The alias is picked again as the record is written: another window may have taken it meanwhile.
      await this.mutateScope(copy.scope, (records) => [...records, (copy = { ...copy, alias: freeAlias() })]);
    } catch (error) {
      if (wrote) await this.discardSecrets([secretKey], 'a failed save');
      throw this.recordWriteError(error, copy);
    }
    this.logger.info(`Duplicated connection '${source.alias}' as '${copy.alias}'.`);
    await this.afterChange();
    return copy;
  }

  /**
   * Moves a connection to the other scope, or (within the workspace) to another folder. It keeps
   * its id, alias, settings and keys. Across scopes the keys are copied to an entry of the new
   * scope and the record is written there first, marked as a copy (`movingFrom`) that no window
   * takes for the connection while the old scope still holds it. Removing the old record is the
   * move; then the mark and the old key entry go. Any failure before that removes what the move
   * wrote, so the connection stays where it was, once. Refused as stale when another window
   * changed it meanwhile.
   */
  async move(id: string, to: ConnectionPlace, expectedDateModified?: string): Promise<Connection> {
    const read = await this.readConsistent(id);
    if (!read) throw this.notFoundError();
    const { connection: current, bag, record: base } = read;
    if (expectedDateModified !== undefined && current.dateModified !== expectedDateModified) throw this.staleError(current);
    this.stateFor(to.scope);
    const folder = to.scope === 'workspace' ? to.folder : undefined;
    if (folder !== undefined && this.options.folders && !this.options.folders().some((f) => f.uri === folder)) {
      const message: Message = { code: 'validation.folderNotOpen' };
      throw new StoreError('invalid', message, { folder: message });
    }
    if (current.scope === to.scope && current.folder === folder) return current;
    const { folder: _from, ...rest } = current;
    const moved = StoredConnectionSchema.parse({ ...rest, scope: to.scope, ...(folder !== undefined ? { folder } : {}), dateModified: this.nextTimestamp(current.dateModified) });
    /** The position of the record as the move read it; stale when another window changed or moved it. */
    const unchangedAt = (records: unknown[]) => {
      const index = this.positionOf(records, id);
      const stored = this.readableAt(records, index, current.scope);
      if (stored?.dateModified !== current.dateModified || stored.secretVersion !== base.secretVersion) throw this.staleError(current);
      return index;
    };
    if (current.scope === to.scope) {
      // Another folder of the same workspace: the record changes in place, its keys stay where they are.
      try {
        await this.mutateScope(to.scope, (records) => {
          const index = unchangedAt(records);
          return records.map((r, i) => (i === index ? withSecretVersion(moved, base.secretVersion) : r));
        });
      } catch (error) {
        throw this.recordWriteError(error, current, 'store.moveFailed');
      }
      this.logger.info(`Moved connection '${current.alias}' to another workspace folder.`);
      await this.afterChange();
      return moved;
    }
    const record: StoredRecord = { ...withSecretVersion(moved, this.newId()), movingFrom: current.scope };
    const secretKey = secretKeyOf(record);
    const wrote = await this.writeSecrets(moved, secretKey, bag);
    const undo = async (recordWritten: boolean) => {
      // The copy's keys go only once no record points to them any more.
      const removed = !recordWritten || (await this.removeMovedCopy(to.scope, record));
      if (wrote && removed) await this.discardSecrets([secretKey], 'a failed move');
    };
    try {
      await this.mutateScope(to.scope, (records) => {
        if (records.some((r) => typeof r === 'object' && r !== null && (r as { id?: unknown }).id === id)) throw this.staleError(current);
        this.assertAliasFree(moved.alias, id);
        return [...records, record];
      });
    } catch (error) {
      await undo(false);
      throw this.recordWriteError(error, current, 'store.moveFailed');
    }
    try {
      await this.mutateScope(current.scope, (records) => {
        const index = unchangedAt(records);
        return records.filter((_, i) => i !== index);
      });
    } catch (error) {
      await undo(true);
      throw this.recordWriteError(error, current, 'store.moveFailed');
    }
    // Done: the copy is the connection now that the old scope no longer holds it. Clearing the mark is tidying only.
    await this.mutateScope(to.scope, (records) => records.map((r) => (isRecordOf(r, record) ? withSecretVersion(moved, record.secretVersion) : r))).catch((error: unknown) => {
      this.logger.warn(`Couldn't clear the move mark of '${current.alias}' (it is moved all the same): ${describeCause(error)}`);
    });
    const leftover = await this.discardSecrets([secretKeyOf(base)], 'a moved connection');
    this.logger.info(`Moved connection '${current.alias}' from ${current.scope} to ${to.scope}.`);
    await this.afterChange(leftover);
    return moved;
  }

  /** The copies, in the other scope, of moves from `scope` that are under way or were never taken back. */
  private pendingCopiesOf(scope: Scope): StoredRecord[] {
    const other: Scope = scope === 'global' ? 'workspace' : 'global';
    const value = other === 'workspace' ? this.options.workspace?.get(INDEX_KEY) : this.options.global.get(INDEX_KEY);
    if (!Array.isArray(value)) return [];
    return value.flatMap((r) => {
      const { parsed } = this.parseRecord(r);
      return parsed.success && parsed.data.movingFrom === scope && this.isPendingCopy(parsed.data) ? [parsed.data] : [];
    });
  }

  /**
   * After a deletion: copies of moves whose connection was just deleted go too (else they would
   * take its place). Resolves with their key entries, to discard.
   */
  private async dropOrphanedCopies(copies: readonly StoredRecord[]): Promise<string[]> {
    const orphaned = copies.filter((c) => !this.isPendingCopy(c));
    if (orphaned.length === 0) return [];
    const scope = orphaned[0]!.scope;
    try {
      await this.mutateScope(scope, (records) => records.filter((r) => !orphaned.some((c) => isRecordOf(r, c))));
      return orphaned.map(secretKeyOf);
    } catch (error) {
      this.logger.error(`Couldn't remove the copy of a move of a deleted connection from ${scope}: ${describeCause(error)}`);
      return [];
    }
  }

  /** Takes back the record a failed move wrote; resolves false (after logging) when that is refused too. */
  private async removeMovedCopy(scope: Scope, record: StoredRecord): Promise<boolean> {
    try {
      // Its secret version is new with this move: no other record names it.
      await this.mutateScope(scope, (records) => records.filter((r) => !isRecordOf(r, record)));
      return true;
    } catch (error) {
      this.logger.error(`Couldn't take back the moved copy of '${record.alias}'; it stays in ${scope}, not shown while the connection is where it was: ${describeCause(error)}`);
      return false;
    }
  }

  /**
   * Deletes a connection and its secrets. If the vault refuses to delete the secrets, the
   * connection is still deleted and the outcome says so: show `warning` to the user.
   */
  async delete(id: string): Promise<DeleteOutcome> {
    const current = this.require(id);
    const copies = this.pendingCopiesOf(current.scope);
    let removed: StoredRecord | undefined;
    try {
      await this.mutateScope(current.scope, (records) => {
        const index = this.positionOf(records, id);
        removed = this.readableAt(records, index, current.scope);
        // A record another window left unreadable meanwhile is deleted as a broken one, with a backup.
        if (!removed) throw this.staleError(current);
        return records.filter((_, i) => i !== index);
      });
    } catch (error) {
      throw this.recordWriteError(error, current);
    }
    // The bag of the record as it was removed: another window may have changed its key meanwhile.
    const copyKeys = await this.dropOrphanedCopies(copies);
    const leftover = await this.discardSecrets([secretKeyOf(removed!), ...copyKeys], 'a deleted connection');
    this.logger.info(`Deleted connection '${current.alias}'.`);
    await this.afterChange(leftover);
    return this.deleteOutcome(current.name, leftover);
  }

  /**
   * Deletes a record that no longer matches the stored shape, or resets an unreadable list, after
   * keeping a copy of it (see `backups()`). Refused as stale if another window changed it meanwhile.
   */
  async deleteBroken(broken: Pick<BrokenRecord, 'scope' | 'position' | 'id'>): Promise<DeleteOutcome> {
    const state = this.stateFor(broken.scope);
    const label = SCOPE_LABELS[broken.scope];
    const stale = () => new StoreError('stale', { code: 'store.brokenStale', scope: broken.scope });
    const copies = this.pendingCopiesOf(broken.scope);
    let target: unknown;
    let backup: Backup;
    if (broken.position === -1) {
      target = state.get(INDEX_KEY);
      if (target === undefined || Array.isArray(target)) throw stale();
      backup = await this.keepBackup(broken.scope, 'list', target, `The ${label} connection list was unreadable and deleted.`);
      // Another window may have written the list while the backup was saved.
      if (state.get(INDEX_KEY) !== target) throw stale();
      await this.writeIndex(broken.scope, []).catch((error: unknown) => {
        throw this.deleteError(error);
      });
    } else {
      const records = state.get(INDEX_KEY);
      target = Array.isArray(records) ? records[broken.position] : undefined;
      if (target === undefined || this.parseRecord(target).connection?.scope === broken.scope || recordId(target) !== broken.id) throw stale();
      backup = await this.keepBackup(broken.scope, 'record', target, `A broken ${label.toLowerCase()} connection record was deleted.`);
      await this.mutateScope(broken.scope, (latest) => {
        if (latest[broken.position] !== target) throw stale();
        return latest.filter((_, i) => i !== broken.position);
      }).catch((error: unknown) => {
        throw this.deleteError(error);
      });
    }
    const keys = broken.position === -1 ? secretKeysIn(broken.scope, target) : secretKeysOfRecord(broken.scope, target);
    const copyKeys = await this.dropOrphanedCopies(copies);
    const leftover = await this.discardSecrets([...keys, ...copyKeys], 'a deleted broken connection');
    this.logger.info(`Deleted a broken ${broken.scope} connection record.`);
    await this.afterChange(leftover);
    return { backup, ...this.deleteOutcome(undefined, leftover) };
  }

  /** Secret entries listed for deletion because removing them failed earlier. */
  orphanedSecrets(): string[] {
    const value = this.options.global.get(ORPHANED_SECRETS_KEY);
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string' && key.startsWith(`${SECRET_PREFIX}/`)) : [];
  }

  /**
   * Tries again to delete the listed secret entries. Runs after every change this store makes;
   * the extension may also call it once at startup. Never rejects.
   */
  async retryOrphanedSecrets(): Promise<OrphanRetry> {
    return this.retryOrphans([]);
  }

  /** The copies kept of deleted unreadable data, oldest first, in both scopes. */
  backups(): Backup[] {
    return this.scopes().flatMap((scope) => this.readBackups(scope).map((backup) => ({ scope, ...backup })));
  }

  /** The secret values of a connection, for the extension host only (never for the webview). */
  async readSecrets(idOrConnection: string | Pick<Connection, 'id' | 'scope'>): Promise<SecretBag> {
    const connection = typeof idOrConnection === 'string' ? this.require(idOrConnection) : idOrConnection;
    return (await this.readConsistent(connection.id))?.bag ?? {};
  }

  private scopes(): Scope[] {
    return this.options.workspace ? ['workspace', 'global'] : ['global'];
  }

  private stateFor(scope: Scope): StateStore {
    if (scope === 'global') return this.options.global;
    if (!this.options.workspace) {
      const message: Message = { code: 'validation.workspaceUnavailable' };
      throw new StoreError('invalid', message, { scope: message });
    }
    return this.options.workspace;
  }

  private readScope(scope: Scope): ScopeRead {
    const value = this.stateFor(scope).get(INDEX_KEY);
    if (value === undefined) return { raw: [], connections: [], broken: [] };
    if (!Array.isArray(value)) {
      this.logger.warn(`The ${scope} connection list is unreadable (not a list).`);
      const broken: BrokenRecord = { scope, position: -1, label: { code: 'store.brokenListLabel', scope }, reason: { code: 'store.brokenListReason' }, backupNote: this.backupNote(scope) };
      return { raw: [], connections: [], broken: [broken] };
    }
    const read: ScopeRead = { raw: value, connections: [], broken: [] };
    let backupNote: StoreMessage | undefined;
    value.forEach((record, position) => {
      const { parsed, connection } = this.parseRecord(record);
      if (connection && connection.scope === scope) {
        if (!this.isPendingCopy(parsed.data!)) read.connections.push(connection);
        return;
      }
      const fields = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
      const id = recordId(record);
      const name = typeof fields.name === 'string' ? fields.name.slice(0, 100) : typeof fields.alias === 'string' ? fields.alias.slice(0, 64) : undefined;
      const label: StoreMessage = { code: 'store.brokenRecordLabel', position: position + 1, ...(name !== undefined ? { name } : {}) };
      const issues = parsed.success ? [] : parsed.error.issues.slice(0, 3).map((i) => ({ code: 'store.recordIssue' as const, path: i.path.join('.'), problem: issueMessage(i.message) }));
      const reason: StoreMessage = parsed.success ? { code: 'store.brokenScopeMismatch', scope } : { code: 'store.brokenRecordInvalid', issues };
      const logged = parsed.success ? `Stored in ${scope} but marked ${parsed.data.scope}.` : issues.map((i) => `${i.path || 'record'}: ${i.problem.code === 'validation.malformed' ? i.problem.detail : diagnosticText(i.problem)}`).join('; ');
      this.logger.warn(`Broken ${scope} connection record at position ${position}: ${logged}`);
      backupNote ??= this.backupNote(scope);
      read.broken.push({ scope, position, ...(id ? { id } : {}), label, reason, backupNote });
    });
    return read;
  }

  /**
   * Parses a stored record, remembering the result per record object: VS Code's Memento hands back
   * the same objects until they are written again, so an unchanged record is checked once.
   */
  private parseRecord(record: unknown): CheckedRecord {
    if (typeof record !== 'object' || record === null) return checkRecord(record);
    let checked = this.parsed.get(record);
    if (!checked) {
      checked = checkRecord(record);
      this.parsed.set(record, checked);
    }
    return checked;
  }

  /** The record at `index` of a scope's list if it is readable there (else another window broke it). */
  private readableAt(records: unknown[], index: number, scope: Scope): StoredRecord | undefined {
    const { parsed } = this.parseRecord(records[index]);
    return parsed.success && parsed.data.scope === scope ? parsed.data : undefined;
  }

  /** The stored record of a connection in one scope, with its secret version. */
  private findRecord(scope: Scope, id: string): StoredRecord | undefined {
    const value = this.stateFor(scope).get(INDEX_KEY);
    if (!Array.isArray(value)) return undefined;
    for (const record of value) {
      const { parsed } = this.parseRecord(record);
      if (parsed.success && parsed.data.id === id && parsed.data.scope === scope && !this.isPendingCopy(parsed.data)) return parsed.data;
    }
    return undefined;
  }

  /**
   * Whether a record is the copy of a move still under way (or one a failed move could not take
   * back): the scope it comes from still holds a record of the connection, which is the real one.
   * A list there that can't be read holds it if its id is still recognisable in it.
   */
  private isPendingCopy(record: StoredRecord): boolean {
    const from = record.movingFrom;
    if (from === undefined || from === record.scope) return false;
    const value = (from === 'workspace' ? this.options.workspace : this.options.global)?.get(INDEX_KEY);
    if (Array.isArray(value)) return value.some((r) => recordId(r) === record.id);
    return value !== undefined && secretKeysIn(from, value).includes(secretKeyFor(from, record.id));
  }

  /** A record with the mark of a move that is over (its mark could not be cleared then) loses it. */
  private withoutFinishedMark(record: unknown): unknown {
    if (typeof record !== 'object' || record === null || !('movingFrom' in record)) return record;
    const { parsed } = this.parseRecord(record);
    if (!parsed.success || this.isPendingCopy(parsed.data)) return record;
    const { movingFrom: _done, ...rest } = record as Record<string, unknown>;
    return rest;
  }

  /**
   * A connection and the secrets its stored record points to, read so that the record did not
   * move to other secrets in between (another window may change the key while the vault answers).
   */
  private async readConsistent(id: string): Promise<{ connection: Connection; bag: SecretBag; record: StoredRecord } | undefined> {
    for (let attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
      const before = this.locateRecord(id);
      if (!before) return undefined;
      const raw = await this.readSecretRaw(secretKeyOf(before));
      const after = this.locateRecord(id);
      if (!after) return undefined;
      if (after.secretVersion === before.secretVersion) {
        const { secretVersion: _version, movingFrom: _moving, ...connection } = after;
        return { connection, bag: parseBag(raw), record: after };
      }
    }
    throw new StoreError('stale', { code: 'store.keepsChanging' });
  }

  private locateRecord(id: string): StoredRecord | undefined {
    for (const scope of this.scopes()) {
      const record = this.findRecord(scope, id);
      if (record) return record;
    }
    return undefined;
  }

  /**
   * Re-reads the scope's records, applies `change`, writes them back. An unreadable list is never
   * written over: the user deletes it first (which keeps a backup).
   */
  private async mutateScope(scope: Scope, change: (records: unknown[]) => unknown[]): Promise<void> {
    const value = this.stateFor(scope).get(INDEX_KEY);
    if (value !== undefined && !Array.isArray(value)) {
      throw new StoreError('storage', { code: 'store.listUnreadable', scope });
    }
    await this.writeIndex(scope, change(value ?? []).map((r) => this.withoutFinishedMark(r)));
  }

  private async writeIndex(scope: Scope, records: unknown[]): Promise<void> {
    await this.stateFor(scope).update(INDEX_KEY, records);
  }

  private readBackups(scope: Scope): StoredBackup[] {
    const value = this.stateFor(scope).get(BACKUP_KEY);
    return Array.isArray(value) ? value.filter(isStoredBackup) : [];
  }

  /** Keeps a copy of unreadable data before it is deleted; refuses (so nothing is deleted) if it can't. */
  private async keepBackup(scope: Scope, kind: StoredBackup['kind'], value: unknown, reason: string): Promise<Backup> {
    const backup: StoredBackup = { savedAt: this.now().toISOString(), kind, reason, value };
    try {
      await this.stateFor(scope).update(BACKUP_KEY, [...this.readBackups(scope), backup].slice(-MAX_BACKUPS));
    } catch (error) {
      this.logger.error(`Couldn't keep a backup of unreadable ${scope} connection data: ${describeCause(error)}`);
      throw new StoreError('storage', { code: 'store.backupFailed', cause: causeOf(error) });
    }
    this.logger.warn(`Kept a backup of the unreadable ${scope} connection ${kind} (${backup.savedAt}) under '${BACKUP_KEY}' before deleting it.`);
    return { scope, ...backup };
  }

  private backupNote(scope: Scope): StoreMessage {
    const kept = this.readBackups(scope);
    const newest = kept.at(-1);
    return newest ? { code: 'store.backupNote', kept: kept.length, newest: newest.savedAt.replace('T', ' ').slice(0, 16) } : { code: 'store.backupNote' };
  }

  private validate(input: unknown, existing?: Connection): ValidConnection {
    const result = validateConnection(input, {
      takenAliases: this.takenAliases(existing?.id),
      workspaceAvailable: this.workspaceAvailable,
      ...(existing ? { existing } : {}),
      ...(this.options.folders ? { folders: this.options.folders() } : {}),
    });
    if (result.ok) return result.value;
    const code = result.errors.providerId && existing ? 'providerChange' : 'invalid';
    throw new StoreError(code, Object.values(result.errors)[0]!, result.errors);
  }

  private recordFields(valid: ValidConnection) {
    const { secrets: _secrets, ...fields } = valid;
    return fields;
  }

  private require(id: string): Connection {
    const connection = this.list().connections.find((c) => c.id === id);
    if (!connection) throw this.notFoundError();
    return connection;
  }

  private positionOf(records: unknown[], id: string): number {
    const index = records.findIndex((r) => typeof r === 'object' && r !== null && (r as { id?: unknown }).id === id);
    if (index === -1) throw this.notFoundError();
    return index;
  }

  private notFoundError(): StoreError {
    return new StoreError('notFound', { code: 'store.notFound' });
  }

  private assertAliasFree(alias: string, id: string): void {
    const owner = this.takenAliases(id).get(alias);
    if (owner) {
      const message: Message = { code: 'validation.aliasTaken', alias, owner: owner.name, scope: owner.scope };
      throw new StoreError('invalid', message, { alias: message });
    }
  }

  private staleError(connection: Connection): StoreError {
    return new StoreError('stale', { code: 'store.stale', name: connection.name });
  }

  private nextTimestamp(previous: string): string {
    const now = this.now().getTime();
    const last = Date.parse(previous);
    return new Date(now > last ? now : last + 1).toISOString();
  }

  private async readSecretRaw(key: string): Promise<string | undefined> {
    try {
      return await this.options.secrets.get(key);
    } catch (error) {
      throw new StoreError('secretStorage', { code: 'store.readSecretsFailed', cause: causeOf(error) });
    }
  }

  /** Stores a bag under a key no record points to yet. Resolves false when there was nothing to store. */
  private async writeSecrets(connection: Connection, key: string, bag: SecretBag): Promise<boolean> {
    if (Object.keys(bag).length === 0) return false;
    try {
      await this.options.secrets.store(key, JSON.stringify(bag));
      return true;
    } catch (error) {
      this.logger.error(`Secret storage refused the secrets of '${connection.alias}': ${describeCause(error)}`);
      throw new StoreError('secretStorage', { code: 'store.saveSecretsFailed', name: connection.name, cause: causeOf(error) });
    }
  }

  /**
   * Removes secret bags no record points to any more (or ever did). Only keys this store made
   * unreachable get here, so removing them can't take a key away from another window. Keys the
   * vault refuses to delete are listed for a retry; resolves with them and the vault's reason.
   */
  private async discardSecrets(keys: string[], after: string): Promise<Leftovers> {
    const failed: string[] = [];
    let cause: StoreCause | undefined;
    for (const key of keys) {
      try {
        await this.options.secrets.delete(key);
      } catch (error) {
        cause ??= causeOf(error);
        failed.push(key);
        this.logger.warn(`Couldn't delete secrets left over from ${after}: ${describeCause(error)}`);
      }
    }
    if (failed.length === 0) return { keys: [], listed: true };
    const listed = await this.updateOrphans((listedKeys) => [...new Set([...listedKeys, ...failed])]);
    if (listed) this.logger.warn(`Listed ${failed.length} secret entr${failed.length === 1 ? 'y' : 'ies'} under '${ORPHANED_SECRETS_KEY}' to delete later.`);
    return { keys: failed, listed, ...(cause ? { cause } : {}) };
  }

  /** Rewrites the list of orphaned secret entries; resolves false (after logging) if that fails. */
  private async updateOrphans(change: (listed: string[]) => string[]): Promise<boolean> {
    try {
      await this.options.global.update(ORPHANED_SECRETS_KEY, change(this.orphanedSecrets()));
      return true;
    } catch (error) {
      this.logger.error(`Couldn't update the list of secret entries to delete later: ${describeCause(error)}`);
      return false;
    }
  }

  private async retryOrphans(skip: readonly string[]): Promise<OrphanRetry> {
    const listed = this.orphanedSecrets().filter((key) => !skip.includes(key));
    const removed: string[] = [];
    for (const key of listed) {
      try {
        await this.options.secrets.delete(key);
        removed.push(key);
      } catch (error) {
        this.logger.warn(`Still couldn't delete a leftover secret entry: ${describeCause(error)}`);
      }
    }
    if (removed.length > 0 && (await this.updateOrphans((keys) => keys.filter((key) => !removed.includes(key))))) {
      this.logger.info(`Deleted ${removed.length} leftover secret entr${removed.length === 1 ? 'y' : 'ies'}.`);
    }
    return { removed, remaining: this.orphanedSecrets() };
  }

  /** `name`: of the deleted connection; undefined when broken data was deleted. */
  private deleteOutcome(name: string | undefined, leftover: Leftovers): DeleteOutcome {
    if (leftover.keys.length === 0) return { orphanedSecrets: [] };
    return {
      orphanedSecrets: leftover.keys,
      warning: {
        code: 'store.secretsLeftOver',
        ...(name !== undefined ? { name } : {}),
        count: leftover.keys.length,
        cause: leftover.cause ?? { code: 'store.unknownCause' },
        listed: leftover.listed,
      },
    };
  }

  /** After a change: tell the other windows, then retry leftovers of earlier changes (not the ones just listed). */
  private async afterChange(leftover?: Leftovers): Promise<void> {
    await this.announce();
    await this.retryOrphans(leftover?.keys ?? []);
  }

  private deleteError(error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    this.logger.error(`Couldn't delete broken connection data: ${describeCause(error)}`);
    return new StoreError('storage', { code: 'store.deleteBrokenFailed', cause: causeOf(error) });
  }

  private recordWriteError(error: unknown, connection: Connection, code: 'store.saveFailed' | 'store.moveFailed' = 'store.saveFailed'): StoreError {
    if (error instanceof StoreError) return error;
    this.logger.error(`Couldn't ${code === 'store.moveFailed' ? 'move' : 'save'} connection '${connection.alias}': ${describeCause(error)}`);
    return new StoreError('storage', { code, name: connection.name, cause: causeOf(error) });
  }

  private async onRevision(): Promise<void> {
    try {
      if ((await this.options.secrets.get(REVISION_KEY)) === this.ownRevision) return;
    } catch {
      /* unreadable: refresh anyway */
    }
    this.changed.fire();
  }

  /**
   * For state kept beside the connections (chat models): tells the other windows that it changed,
   * through the vault's change event. This window's listeners are not told (its own store says so).
   */
  notifyOtherWindows(): Promise<void> {
    return this.announce(false);
  }

  /** Tells this window's listeners and, through the vault's change event, other windows. */
  private async announce(local = true): Promise<void> {
    if (local) this.changed.fire();
    this.ownRevision = `${this.now().getTime()}-${this.newId()}`;
    try {
      await this.options.secrets.store(REVISION_KEY, this.ownRevision);
    } catch (error) {
      this.logger.warn(`Couldn't notify other windows of the change: ${describeCause(error)}`);
    }
  }
}

function checkRecord(record: unknown): CheckedRecord {
  const parsed = StoredRecordSchema.safeParse(record);
  if (!parsed.success) return { parsed };
  const { secretVersion: _version, movingFrom: _moving, ...connection } = parsed.data;
  return { parsed, connection };
}

/** The id of a stored record, even one that does not match the stored shape. */
function recordId(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const id = (record as { id?: unknown }).id;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}

/** The secret entries a stored record, readable or not, may own: by its id, and its secret version. */
function secretKeysOfRecord(scope: Scope, record: unknown): string[] {
  const id = recordId(record);
  if (!id) return [];
  const version = storedSecretVersion(record);
  return version === undefined ? [secretKeyFor(scope, id)] : [secretKeyFor(scope, id), secretKeyFor(scope, id, version)];
}

/**
 * The secret entries of every record still recognisable (by its id) in an unreadable list: a
 * list in an unknown shape, or stored as JSON text. The whole list is being deleted, and no live
 * record of the scope is outside it, so every id found in it is one of its records.
 */
function secretKeysIn(scope: Scope, value: unknown, depth = 0): string[] {
  if (depth > 8) return [];
  if (typeof value === 'string') {
    if (depth > 0 || !/^\s*[[{]/.test(value)) return [];
    try {
      return secretKeysIn(scope, JSON.parse(value), depth + 1);
    } catch {
      return [];
    }
  }
  if (typeof value !== 'object' || value === null) return [];
  const keys = new Set(secretKeysOfRecord(scope, value));
  for (const nested of Object.values(value)) for (const key of secretKeysIn(scope, nested, depth + 1)) keys.add(key);
  return [...keys];
}

/** Whether a stored record (readable or not) is `record`: its id and its secret version, which each move makes anew. */
function isRecordOf(stored: unknown, record: StoredRecord): boolean {
  return recordId(stored) === record.id && storedSecretVersion(stored) === record.secretVersion;
}

function isStoredBackup(value: unknown): value is StoredBackup {
  return typeof value === 'object' && value !== null && typeof (value as StoredBackup).savedAt === 'string' && 'value' in value;
}

/** The secret version named by a stored record that may not match the stored shape. */
function storedSecretVersion(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const version = (record as { secretVersion?: unknown }).secretVersion;
  return StoredRecordSchema.shape.secretVersion.safeParse(version).data;
}

function parseBag(raw: string | undefined): SecretBag {
  if (raw === undefined) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}
