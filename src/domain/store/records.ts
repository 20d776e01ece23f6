/**
 * The stored shape of a connection record and what can be told from a record, readable or not:
 * its id, the secret version it names, the secret entries it may own.
 */
import * as z from 'zod/mini';
import { ScopeSchema, StoredConnectionSchema, type Connection, type Scope } from '../connection';
import { secretKeyFor } from './secretBags';

/**
 * A record as stored: the connection plus, once its secrets have changed, the version of the
 * secret bag it belongs to. The version stays inside the store; callers see a `Connection`.
 */
export const StoredRecordSchema = z.extend(StoredConnectionSchema, {
  secretVersion: z.optional(z.string().check(z.regex(/^[0-9A-Za-z-]{1,64}$/))),
  /**
   * Set on the copy a move writes into its new scope, until the move is done: while the scope it
   * comes from still holds the connection, the copy is not the connection (see `moveRecord`).
   */
  movingFrom: z.optional(ScopeSchema),
});
export type StoredRecord = z.infer<typeof StoredRecordSchema>;
export type RecordParse = ReturnType<typeof StoredRecordSchema.safeParse>;

/** A checked record: what callers see, and the secret version it stores beside it. */
export interface CheckedRecord {
  parsed: RecordParse;
  connection?: Connection;
}

export function checkRecord(record: unknown): CheckedRecord {
  const parsed = StoredRecordSchema.safeParse(record);
  if (!parsed.success) return { parsed };
  return { parsed, connection: connectionOf(parsed.data) };
}

/** The connection a stored record holds, as callers see it: without what only the store keeps. */
export function connectionOf(record: StoredRecord): Connection {
  const { secretVersion: _version, movingFrom: _moving, ...connection } = record;
  return connection;
}

export function withSecretVersion(connection: Connection, secretVersion: string | undefined): StoredRecord {
  return secretVersion === undefined ? connection : { ...connection, secretVersion };
}

/** Whether a stored value, readable or not, is an object carrying `id`. */
export function hasId(record: unknown, id: string): boolean {
  return typeof record === 'object' && record !== null && (record as { id?: unknown }).id === id;
}

/** The id of a stored record, even one that does not match the stored shape. */
export function recordId(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const id = (record as { id?: unknown }).id;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}

/** The secret version named by a stored record that may not match the stored shape. */
export function storedSecretVersion(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const version = (record as { secretVersion?: unknown }).secretVersion;
  return StoredRecordSchema.shape.secretVersion.safeParse(version).data;
}

/** Whether a stored record (readable or not) is `record`: its id and its secret version, which each move makes anew. */
export function isRecordOf(stored: unknown, record: StoredRecord): boolean {
  return recordId(stored) === record.id && storedSecretVersion(stored) === record.secretVersion;
}

/** The secret entries a stored record, readable or not, may own: by its id, and its secret version. */
export function secretKeysOfRecord(scope: Scope, record: unknown): string[] {
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
export function secretKeysIn(scope: Scope, value: unknown, depth = 0): string[] {
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

/** The modification time after `previous`: now, or just after `previous` when the clock is behind it. */
export function nextTimestamp(now: Date, previous: string): string {
  const time = now.getTime();
  const last = Date.parse(previous);
  return new Date(time > last ? time : last + 1).toISOString();
}
