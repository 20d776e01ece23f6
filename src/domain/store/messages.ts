/**
 * What the connection store tells the user (see src/domain/messages.ts). `name` is a connection's
 * name (user data); `cause` is the reason a lower layer (secret storage, state storage) gave,
 * passed on as it is (or `store.unknownCause` when it gave none).
 */
import type { Scope } from '../connection';
import type { Message } from '../messages';

export type StoreCause = string | { code: 'store.unknownCause' };

export type StoreMessage =
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
  | { code: 'store.brokenRecordInvalid'; issues: readonly StoreRecordIssue[] }
  | StoreRecordIssue
  | { code: 'store.backupNote'; kept?: number; newest?: string };

/** One refusal of a stored record's shape: the field path (empty for the record itself), and the problem (ours, or zod's own words). */
export type StoreRecordIssue = { code: 'store.recordIssue'; path: string; problem: Message };
