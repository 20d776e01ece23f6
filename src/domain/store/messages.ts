/**
 * What the connection store tells the user (see src/domain/messages.ts). `name` is a connection's
 * name (user data); `cause` is the reason a lower layer (secret storage, state storage) gave,
 * passed on as it is (or `store.unknownCause` when it gave none).
 *
 * A message that carries another one takes its type as `M`: `StoreMessage` in
 * src/domain/messages.ts gives it the `Message` union, which imports this file (never the reverse).
 */
import type { Scope } from '../scope';

export type StoreCause = string | { code: 'store.unknownCause' };

/** The store messages that carry no other message. */
export type StorePlainMessage =
  | { code: 'store.notFound' }
  | { code: 'store.unknownCause' }
  | { code: 'store.stale'; name: string }
  | { code: 'store.brokenStale'; scope: Scope }
  | { code: 'store.keepsChanging' }
  | { code: 'store.listUnreadable'; scope: Scope }
  | { code: 'store.backupFailed'; cause: StoreCause }
  | { code: 'store.secretStorageHint' }
  | { code: 'store.readSecretsFailed'; cause: StoreCause }
  | { code: 'store.saveSecretsFailed'; name: string; cause: StoreCause }
  | { code: 'store.saveFailed'; name: string; cause: StoreCause }
  /** A move that failed and was taken back: the connection is where it was. */
  | { code: 'store.moveFailed'; name: string; cause: StoreCause }
  | { code: 'store.deleteBrokenFailed'; cause: StoreCause }
  /** A delete that could not remove the secrets: `name` of the deleted connection, absent for broken data. */
  | { code: 'store.secretsLeftOver'; name?: string; count: number; cause: StoreCause; listed: boolean }
  /** The label of a broken item: the list of a scope, or a record (its name or alias if it has one, else its position). */
  | { code: 'store.brokenListLabel'; scope: Scope }
  | { code: 'store.brokenRecordLabel'; name?: string; position: number }
  /** Why a stored item is broken. `issues`: what the stored shape refused, field path and problem. */
  | { code: 'store.brokenListReason' }
  | { code: 'store.brokenScopeMismatch'; scope: Scope }
  | { code: 'store.backupNote'; kept?: number; newest?: string };

/** One refusal of a stored record's shape: the field path (empty for the record itself), and the problem (ours, or zod's own words). */
export interface StoreRecordIssue<M> {
  code: 'store.recordIssue';
  path: string;
  problem: M;
}

/** Why a stored record is broken: what its stored shape refused. */
export interface StoreRecordInvalid<M> {
  code: 'store.brokenRecordInvalid';
  issues: readonly StoreRecordIssue<M>[];
}
