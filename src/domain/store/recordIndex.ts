/**
 * The records of connections in the state stores of both scopes: reading and parsing them,
 * setting aside the ones that no longer match the stored shape (broken records, an unreadable
 * list), writing changes back, and the backups kept before broken data is deleted.
 */
import { SCOPE_LABELS, type Connection, type Scope } from '../connection';
import type { Logger } from '../logger';
import type { Message, StoreMessage } from '../messages';
import { issueMessage } from '../validationMessages';
import { StoreError, causeOf, describeCause, diagnosticText, notFoundError } from './errors';
import type { StateStore } from './ports';
import { checkRecord, hasId, isRecordOf, recordId, secretKeysIn, secretKeysOfRecord, type CheckedRecord, type RecordParse, type StoredRecord } from './records';
import { secretKeyFor, secretKeyOf } from './secretBags';

/** Where the records of one scope live in its state store. */
export const INDEX_KEY = 'aiConnections.connections';
/** Copies of unreadable stored data, kept in the same state store before the store writes over it. */
export const BACKUP_KEY = 'aiConnections.backups';
/** How many backups a state store keeps; older ones are dropped first. */
export const MAX_BACKUPS = 5;

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

export interface ListResult {
  connections: Connection[];
  broken: BrokenRecord[];
}

/** What deleting broken data did: the copy kept of it, and the secret entries it may have owned. */
export interface BrokenDeletion {
  backup: Backup;
  keys: string[];
}

export interface RecordIndexOptions {
  global: StateStore;
  /** Absent when no folder is open: workspace connections are then unavailable. */
  workspace?: StateStore;
  logger: Logger;
  now: () => Date;
}

export class RecordIndex {
  private readonly parsed = new WeakMap<object, CheckedRecord>();

  constructor(private readonly options: RecordIndexOptions) {}

  get workspaceAvailable(): boolean {
    return this.options.workspace !== undefined;
  }

  scopes(): Scope[] {
    return this.options.workspace ? ['workspace', 'global'] : ['global'];
  }

  stateFor(scope: Scope): StateStore {
    if (scope === 'global') return this.options.global;
    if (!this.options.workspace) {
      const message: Message = { code: 'validation.workspaceUnavailable' };
      throw new StoreError('invalid', message, { scope: message });
    }
    return this.options.workspace;
  }

  /** All connections and broken records of both scopes: one read of each index. */
  list(): ListResult {
    const result: ListResult = { connections: [], broken: [] };
    for (const scope of this.scopes()) {
      const read = this.readScope(scope);
      result.connections.push(...read.connections);
      result.broken.push(...read.broken);
    }
    return result;
  }

  /**
   * Parses a stored record, remembering the result per record object: VS Code's Memento hands back
   * the same objects until they are written again, so an unchanged record is checked once.
   */
  parse(record: unknown): CheckedRecord {
    if (typeof record !== 'object' || record === null) return checkRecord(record);
    let checked = this.parsed.get(record);
    if (!checked) {
      checked = checkRecord(record);
      this.parsed.set(record, checked);
    }
    return checked;
  }

  /** The position of a connection's record in a scope's list (readable or not); not found if it has none. */
  positionOf(records: unknown[], id: string): number {
    const index = records.findIndex((r) => hasId(r, id));
    if (index === -1) throw notFoundError();
    return index;
  }

  /** The record at `index` of a scope's list if it is readable there (else another window broke it). */
  readableAt(records: unknown[], index: number, scope: Scope): StoredRecord | undefined {
    const { parsed } = this.parse(records[index]);
    return parsed.success && parsed.data.scope === scope ? parsed.data : undefined;
  }

  /** The stored record of a connection in one scope, with its secret version. */
  find(scope: Scope, id: string): StoredRecord | undefined {
    const value = this.stateFor(scope).get(INDEX_KEY);
    if (!Array.isArray(value)) return undefined;
    for (const record of value) {
      const { parsed } = this.parse(record);
      if (parsed.success && parsed.data.id === id && parsed.data.scope === scope && !this.isPendingCopy(parsed.data)) return parsed.data;
    }
    return undefined;
  }

  /** The stored record of a connection in whichever scope holds it. */
  locate(id: string): StoredRecord | undefined {
    for (const scope of this.scopes()) {
      const record = this.find(scope, id);
      if (record) return record;
    }
    return undefined;
  }

  /**
   * Whether a record is the copy of a move still under way (or one a failed move could not take
   * back): the scope it comes from still holds a record of the connection, which is the real one.
   * A list there that can't be read holds it if its id is still recognisable in it.
   */
  isPendingCopy(record: StoredRecord): boolean {
    const from = record.movingFrom;
    if (from === undefined || from === record.scope) return false;
    const value = (from === 'workspace' ? this.options.workspace : this.options.global)?.get(INDEX_KEY);
    if (Array.isArray(value)) return value.some((r) => recordId(r) === record.id);
    return value !== undefined && secretKeysIn(from, value).includes(secretKeyFor(from, record.id));
  }

  /** The copies, in the other scope, of moves from `scope` that are under way or were never taken back. */
  pendingCopiesOf(scope: Scope): StoredRecord[] {
    const other: Scope = scope === 'global' ? 'workspace' : 'global';
    const value = other === 'workspace' ? this.options.workspace?.get(INDEX_KEY) : this.options.global.get(INDEX_KEY);
    if (!Array.isArray(value)) return [];
    return value.flatMap((r) => {
      const { parsed } = this.parse(r);
      return parsed.success && parsed.data.movingFrom === scope && this.isPendingCopy(parsed.data) ? [parsed.data] : [];
    });
  }

  /**
   * After a deletion: copies of moves whose connection was just deleted go too (else they would
   * take its place). Resolves with their key entries, to discard.
   */
  async dropOrphanedCopies(copies: readonly StoredRecord[]): Promise<string[]> {
    const orphaned = copies.filter((c) => !this.isPendingCopy(c));
    if (orphaned.length === 0) return [];
    const scope = orphaned[0]!.scope;
    try {
      await this.mutate(scope, (records) => records.filter((r) => !orphaned.some((c) => isRecordOf(r, c))));
      return orphaned.map(secretKeyOf);
    } catch (error) {
      this.options.logger.error(`Couldn't remove the copy of a move of a deleted connection from ${scope}: ${describeCause(error)}`);
      return [];
    }
  }

  /**
   * Re-reads the scope's records, applies `change`, writes them back. An unreadable list is never
   * written over: the user deletes it first (which keeps a backup).
   */
  async mutate(scope: Scope, change: (records: unknown[]) => unknown[]): Promise<void> {
    const value = this.stateFor(scope).get(INDEX_KEY);
    if (value !== undefined && !Array.isArray(value)) {
      throw new StoreError('storage', { code: 'store.listUnreadable', scope });
    }
    await this.write(
      scope,
      change(value ?? []).map((r) => this.withoutFinishedMark(r)),
    );
  }

  /** The copies kept of deleted unreadable data, oldest first, in both scopes. */
  backups(): Backup[] {
    return this.scopes().flatMap((scope) => this.readBackups(scope).map((backup) => ({ scope, ...backup })));
  }

  /**
   * Deletes a record that no longer matches the stored shape, or resets an unreadable list, after
   * keeping a copy of it (see `backups()`). Refused as stale if another window changed it meanwhile.
   */
  async deleteBroken(broken: Pick<BrokenRecord, 'scope' | 'position' | 'id'>): Promise<BrokenDeletion> {
    const state = this.stateFor(broken.scope);
    const stale = () => new StoreError('stale', { code: 'store.brokenStale', scope: broken.scope });
    if (broken.position === -1) {
      const target = state.get(INDEX_KEY);
      if (target === undefined || Array.isArray(target)) throw stale();
      const backup = await this.keepBackup(broken.scope, 'list', target, `The ${SCOPE_LABELS[broken.scope]} connection list was unreadable and deleted.`);
      // Another window may have written the list while the backup was saved.
      if (state.get(INDEX_KEY) !== target) throw stale();
      await this.write(broken.scope, []).catch((error: unknown) => {
        throw this.deleteError(error);
      });
      return { backup, keys: secretKeysIn(broken.scope, target) };
    }
    const records = state.get(INDEX_KEY);
    const target: unknown = Array.isArray(records) ? records[broken.position] : undefined;
    if (target === undefined || this.parse(target).connection?.scope === broken.scope || recordId(target) !== broken.id) throw stale();
    const backup = await this.keepBackup(broken.scope, 'record', target, `A broken ${SCOPE_LABELS[broken.scope].toLowerCase()} connection record was deleted.`);
    await this.mutate(broken.scope, (latest) => {
      if (latest[broken.position] !== target) throw stale();
      return latest.filter((_, i) => i !== broken.position);
    }).catch((error: unknown) => {
      throw this.deleteError(error);
    });
    return { backup, keys: secretKeysOfRecord(broken.scope, target) };
  }

  private readScope(scope: Scope): ListResult {
    const value = this.stateFor(scope).get(INDEX_KEY);
    if (value === undefined) return { connections: [], broken: [] };
    if (!Array.isArray(value)) {
      this.options.logger.warn(`The ${scope} connection list is unreadable (not a list).`);
      const broken: BrokenRecord = { scope, position: -1, label: { code: 'store.brokenListLabel', scope }, reason: { code: 'store.brokenListReason' }, backupNote: this.backupNote(scope) };
      return { connections: [], broken: [broken] };
    }
    const read: ListResult = { connections: [], broken: [] };
    let backupNote: StoreMessage | undefined;
    value.forEach((record, position) => {
      const { parsed, connection } = this.parse(record);
      if (connection && connection.scope === scope) {
        if (!this.isPendingCopy(parsed.data!)) read.connections.push(connection);
        return;
      }
      backupNote ??= this.backupNote(scope);
      read.broken.push({ ...this.describeBroken(scope, record, position, parsed), backupNote });
    });
    return read;
  }

  /** What the user is shown of a broken record, and why it is broken (logged too). */
  private describeBroken(scope: Scope, record: unknown, position: number, parsed: RecordParse): BrokenRecord {
    const fields = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
    const id = recordId(record);
    const name = typeof fields.name === 'string' ? fields.name.slice(0, 100) : typeof fields.alias === 'string' ? fields.alias.slice(0, 64) : undefined;
    const label: StoreMessage = { code: 'store.brokenRecordLabel', position: position + 1, ...(name !== undefined ? { name } : {}) };
    const issues = parsed.success ? [] : parsed.error.issues.slice(0, 3).map((i) => ({ code: 'store.recordIssue' as const, path: i.path.join('.'), problem: issueMessage(i.message) }));
    const reason: StoreMessage = parsed.success ? { code: 'store.brokenScopeMismatch', scope } : { code: 'store.brokenRecordInvalid', issues };
    const logged = parsed.success ? `Stored in ${scope} but marked ${parsed.data.scope}.` : issues.map((i) => `${i.path || 'record'}: ${i.problem.code === 'validation.malformed' ? i.problem.detail : diagnosticText(i.problem)}`).join('; ');
    this.options.logger.warn(`Broken ${scope} connection record at position ${position}: ${logged}`);
    return { scope, position, ...(id ? { id } : {}), label, reason };
  }

  /** A record with the mark of a move that is over (its mark could not be cleared then) loses it. */
  private withoutFinishedMark(record: unknown): unknown {
    if (typeof record !== 'object' || record === null || !('movingFrom' in record)) return record;
    const { parsed } = this.parse(record);
    if (!parsed.success || this.isPendingCopy(parsed.data)) return record;
    const { movingFrom: _done, ...rest } = record as Record<string, unknown>;
    return rest;
  }

  private async write(scope: Scope, records: unknown[]): Promise<void> {
    await this.stateFor(scope).update(INDEX_KEY, records);
  }

  private readBackups(scope: Scope): StoredBackup[] {
    const value = this.stateFor(scope).get(BACKUP_KEY);
    return Array.isArray(value) ? value.filter(isStoredBackup) : [];
  }

  /** Keeps a copy of unreadable data before it is deleted; refuses (so nothing is deleted) if it can't. */
  private async keepBackup(scope: Scope, kind: StoredBackup['kind'], value: unknown, reason: string): Promise<Backup> {
    const backup: StoredBackup = { savedAt: this.options.now().toISOString(), kind, reason, value };
    try {
      await this.stateFor(scope).update(BACKUP_KEY, [...this.readBackups(scope), backup].slice(-MAX_BACKUPS));
    } catch (error) {
      this.options.logger.error(`Couldn't keep a backup of unreadable ${scope} connection data: ${describeCause(error)}`);
      throw new StoreError('storage', { code: 'store.backupFailed', cause: causeOf(error) });
    }
    this.options.logger.warn(`Kept a backup of the unreadable ${scope} connection ${kind} (${backup.savedAt}) under '${BACKUP_KEY}' before deleting it.`);
    return { scope, ...backup };
  }

  private backupNote(scope: Scope): StoreMessage {
    const kept = this.readBackups(scope);
    const newest = kept.at(-1);
    return newest ? { code: 'store.backupNote', kept: kept.length, newest: newest.savedAt.replace('T', ' ').slice(0, 16) } : { code: 'store.backupNote' };
  }

  private deleteError(error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    this.options.logger.error(`Couldn't delete broken connection data: ${describeCause(error)}`);
    return new StoreError('storage', { code: 'store.deleteBrokenFailed', cause: causeOf(error) });
  }
}

function isStoredBackup(value: unknown): value is StoredBackup {
  return typeof value === 'object' && value !== null && typeof (value as StoredBackup).savedAt === 'string' && 'value' in value;
}
