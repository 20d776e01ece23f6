/**
 * Moving a connection's record: to the other scope, or (within the workspace) to another folder.
 * `ConnectionStore.move` runs it; `moveConnection` (move.ts) carries what is kept beside it.
 */
import { StoredConnectionSchema, type Connection, type Scope } from '../connection';
import type { WorkspaceFolderInfo } from '../folders';
import type { Logger } from '../logger';
import type { Message } from '../messages';
import { assertAliasFree } from './checks';
import { StoreError, describeCause, notFoundError, recordWriteError, staleError } from './errors';
import type { RecordIndex } from './recordIndex';
import { connectionOf, hasId, isRecordOf, nextTimestamp, withSecretVersion, type StoredRecord } from './records';
import { secretKeyOf, type Leftovers, type SecretBags } from './secretBags';

/** Where a connection lives: its scope and, for a workspace connection, its folder (absent: the first). */
export interface ConnectionPlace {
  scope: Scope;
  folder?: string;
}

/** What a move needs of the store it runs in. */
export interface MoveContext {
  index: RecordIndex;
  vault: SecretBags;
  logger: Logger;
  now: () => Date;
  newId: () => string;
  /** The open workspace folders: a workspace connection's folder is checked against them. */
  folders?: () => readonly WorkspaceFolderInfo[];
  /** Tells this window and the others of the change, and retries earlier leftovers. */
  afterChange(leftover?: Leftovers): Promise<void>;
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
export async function moveRecord(context: MoveContext, id: string, to: ConnectionPlace, expectedDateModified?: string): Promise<Connection> {
  const { index, vault, logger } = context;
  const read = await vault.readConsistent(() => index.locate(id));
  if (!read) throw notFoundError();
  const { record: base, bag } = read;
  const current = connectionOf(base);
  if (expectedDateModified !== undefined && current.dateModified !== expectedDateModified) throw staleError(current);
  index.stateFor(to.scope);
  const folder = to.scope === 'workspace' ? to.folder : undefined;
  if (folder !== undefined && context.folders && !context.folders().some((f) => f.uri === folder)) {
    const message: Message = { code: 'validation.folderNotOpen' };
    throw new StoreError('invalid', message, { folder: message });
  }
  if (current.scope === to.scope && current.folder === folder) return current;
  const { folder: _from, ...rest } = current;
  const moved = StoredConnectionSchema.parse({ ...rest, scope: to.scope, ...(folder !== undefined ? { folder } : {}), dateModified: nextTimestamp(context.now(), current.dateModified) });
  /** The position of the record as the move read it; stale when another window changed or moved it. */
  const unchangedAt = (records: unknown[]) => {
    const position = index.positionOf(records, id);
    const stored = index.readableAt(records, position, current.scope);
    if (stored?.dateModified !== current.dateModified || stored.secretVersion !== base.secretVersion) throw staleError(current);
    return position;
  };
  if (current.scope === to.scope) {
    // Another folder of the same workspace: the record changes in place, its keys stay where they are.
    try {
      await index.mutate(to.scope, (records) => {
        const position = unchangedAt(records);
        return records.map((r, i) => (i === position ? withSecretVersion(moved, base.secretVersion) : r));
      });
    } catch (error) {
      throw recordWriteError(logger, error, current, 'store.moveFailed');
    }
    logger.info(`Moved connection '${current.alias}' to another workspace folder.`);
    await context.afterChange();
    return moved;
  }
  const record: StoredRecord = { ...withSecretVersion(moved, context.newId()), movingFrom: current.scope };
  const secretKey = secretKeyOf(record);
  const wrote = await vault.write(moved, secretKey, bag);
  const undo = async (recordWritten: boolean) => {
    // The copy's keys go only once no record points to them any more.
    const removed = !recordWritten || (await removeMovedCopy(index, logger, to.scope, record));
    if (wrote && removed) await vault.discard([secretKey], 'a failed move');
  };
  try {
    await index.mutate(to.scope, (records) => {
      if (records.some((r) => hasId(r, id))) throw staleError(current);
      assertAliasFree(index.list().connections, moved.alias, id);
      return [...records, record];
    });
  } catch (error) {
    await undo(false);
    throw recordWriteError(logger, error, current, 'store.moveFailed');
  }
  try {
    await index.mutate(current.scope, (records) => {
      const position = unchangedAt(records);
      return records.filter((_, i) => i !== position);
    });
  } catch (error) {
    await undo(true);
    throw recordWriteError(logger, error, current, 'store.moveFailed');
  }
  // Done: the copy is the connection now that the old scope no longer holds it. Clearing the mark is tidying only.
  await index
    .mutate(to.scope, (records) => records.map((r) => (isRecordOf(r, record) ? withSecretVersion(moved, record.secretVersion) : r)))
    .catch((error: unknown) => {
      logger.warn(`Couldn't clear the move mark of '${current.alias}' (it is moved all the same): ${describeCause(error)}`);
    });
  const leftover = await vault.discard([secretKeyOf(base)], 'a moved connection');
  logger.info(`Moved connection '${current.alias}' from ${current.scope} to ${to.scope}.`);
  await context.afterChange(leftover);
  return moved;
}

/** Takes back the record a failed move wrote; resolves false (after logging) when that is refused too. */
async function removeMovedCopy(index: RecordIndex, logger: Logger, scope: Scope, record: StoredRecord): Promise<boolean> {
  try {
    // Its secret version is new with this move: no other record names it.
    await index.mutate(scope, (records) => records.filter((r) => !isRecordOf(r, record)));
    return true;
  } catch (error) {
    logger.error(`Couldn't take back the moved copy of '${record.alias}'; it stays in ${scope}, not shown while the connection is where it was: ${describeCause(error)}`);
    return false;
  }
}
