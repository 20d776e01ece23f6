/**
 * The record index on its own: reading and parsing the records of both scopes, broken records
 * set aside (and never written over), the backups kept before broken data is deleted, and the
 * copies of moves under way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scope } from '../../src/domain/connection';
import { StoreError } from '../../src/domain/store/errors';
import { BACKUP_KEY, INDEX_KEY, MAX_BACKUPS, RecordIndex } from '../../src/domain/store/recordIndex';
import { secretKeyFor } from '../../src/domain/store/secretBags';
import { MemoryLogger } from '../support/fakeUi';
import { MemoryState } from '../support/memoryPorts';

const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';
const ID_C = '00000000-0000-4000-8000-00000000000c';
const TIME = '2025-03-01T10:00:00.000Z';

function setup(options: { workspace?: boolean } = {}) {
  const global = new MemoryState();
  const workspace = new MemoryState();
  const logger = new MemoryLogger();
  let clock = Date.parse(TIME);
  const index = new RecordIndex({ global, ...(options.workspace === false ? {} : { workspace }), logger, now: () => new Date((clock += 60_000)) });
  return { index, global, workspace, logger };
}

/** A stored record as the store writes it. */
function stored(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    alias: `alias-${id.slice(-1)}`,
    name: `Connection ${id.slice(-1).toUpperCase()}`,
    providerId: 'openai',
    scope: 'global',
    isActive: true,
    settings: { baseUrl: 'https://api.openai.com/v1' },
    secretKeys: ['apiKey'],
    dateCreated: TIME,
    dateModified: TIME,
    ...overrides,
  };
}

async function rejectsWith(promise: Promise<unknown>, code: string, detailCode: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.detail.code, detailCode, error.message);
    return true;
  });
}

describe('RecordIndex: reading', () => {
  it('lists the readable records of both scopes, workspace first, without what only the store keeps', () => {
    const { index, global, workspace } = setup();
    global.data.set(INDEX_KEY, [stored(ID_A, { secretVersion: 'v1' })]);
    workspace.data.set(INDEX_KEY, [stored(ID_B, { scope: 'workspace' })]);
    const { connections, broken } = index.list();
    assert.deepEqual(
      connections.map((c) => c.id),
      [ID_B, ID_A],
    );
    assert.equal(broken.length, 0, 'nothing broken');
    assert.equal('secretVersion' in connections[1]!, false, 'the secret version stays inside the store');
  });

  it('reads nothing and refuses the workspace scope when no folder is open', () => {
    const { index } = setup({ workspace: false });
    assert.equal(index.workspaceAvailable, false);
    assert.deepEqual(index.scopes(), ['global']);
    assert.throws(
      () => index.stateFor('workspace'),
      (error: unknown) => error instanceof StoreError && error.code === 'invalid' && error.fieldErrors.scope !== undefined,
    );
  });

  it('checks an unchanged record object once, and a new object again', () => {
    const { index } = setup();
    const record = stored(ID_A);
    const first = index.parse(record);
    assert.equal(index.parse(record), first, 'the same object is not checked twice');
    assert.notEqual(index.parse({ ...record }), first, 'a rewritten record is checked again');
    assert.equal(first.parsed.success, true, 'a stored record parses');
    assert.equal(index.parse('not a record').parsed.success, false, 'text is no record');
  });

  it('finds a record with its secret version, in whichever scope holds it', () => {
    const { index, global, workspace } = setup();
    global.data.set(INDEX_KEY, [stored(ID_A, { secretVersion: 'v2' })]);
    workspace.data.set(INDEX_KEY, [stored(ID_B, { scope: 'workspace' })]);
    assert.equal(index.find('global', ID_A)?.secretVersion, 'v2');
    assert.equal(index.find('workspace', ID_A), undefined, 'not in the workspace');
    assert.equal(index.locate(ID_B)?.scope, 'workspace');
    assert.equal(index.locate(ID_C), undefined, 'unknown id');
  });

  it('finds the position of a record, readable or not, and says when one is gone', () => {
    const { index } = setup();
    const records = [stored(ID_A), { id: ID_B, alias: 'Not An Alias!' }];
    assert.equal(index.positionOf(records, ID_B), 1);
    assert.equal(index.readableAt(records, 0, 'global')?.id, ID_A);
    assert.equal(index.readableAt(records, 1, 'global'), undefined, 'a broken record is not readable');
    assert.equal(index.readableAt(records, 0, 'workspace'), undefined, 'a record of another scope is not readable here');
    assert.throws(
      () => index.positionOf(records, ID_C),
      (error: unknown) => error instanceof StoreError && error.code === 'notFound',
    );
  });
});

describe('RecordIndex: broken records', () => {
  it('sets a record that does not match the stored shape aside, with its name, id, position and the problem', () => {
    const { index, global, logger } = setup();
    global.data.set(INDEX_KEY, [stored(ID_A), stored(ID_B, { alias: 'Not An Alias!', name: 'Kept Name' })]);
    const { connections, broken } = index.list();
    assert.deepEqual(
      connections.map((c) => c.id),
      [ID_A],
      'the readable record is still listed',
    );
    assert.equal(broken.length, 1, 'one broken record');
    const item = broken[0]!;
    assert.equal(item.scope, 'global');
    assert.equal(item.position, 1);
    assert.equal(item.id, ID_B);
    assert.deepEqual(item.label, { code: 'store.brokenRecordLabel', position: 2, name: 'Kept Name' });
    assert.equal(item.reason.code, 'store.brokenRecordInvalid');
    const issues = item.reason.code === 'store.brokenRecordInvalid' ? item.reason.issues : [];
    assert.deepEqual(
      issues.map((i) => i.path),
      ['alias'],
    );
    assert.deepEqual(item.backupNote, { code: 'store.backupNote' }, 'no backup kept yet');
    assert.ok(
      logger.lines.some((l) => l.startsWith('warn Broken global connection record at position 1: alias')),
      logger.lines.join('\n'),
    );
  });

  it('sets aside a record stored in one scope but marked with the other', () => {
    const { index, workspace } = setup();
    workspace.data.set(INDEX_KEY, [stored(ID_A, { scope: 'global' })]);
    const { connections, broken } = index.list();
    assert.equal(connections.length, 0, 'not listed');
    assert.deepEqual(broken[0]?.reason, { code: 'store.brokenScopeMismatch', scope: 'workspace' });
  });

  it('labels a broken record without a name by its alias, or by its position only', () => {
    const { index, global } = setup();
    global.data.set(INDEX_KEY, [{ alias: 'only-alias', scope: 42 }, 17]);
    const { broken } = index.list();
    assert.deepEqual(
      broken.map((b) => b.label),
      [
        { code: 'store.brokenRecordLabel', position: 1, name: 'only-alias' },
        { code: 'store.brokenRecordLabel', position: 2 },
      ],
    );
    assert.equal(broken[1]!.id, undefined, 'no id to show');
  });

  it('an unreadable list is one broken item, and nothing is ever written over it', async () => {
    const { index, global, logger } = setup();
    global.data.set(INDEX_KEY, '{"not":"a list"}');
    const { connections, broken } = index.list();
    assert.equal(connections.length, 0, 'nothing listed');
    assert.deepEqual(broken, [{ scope: 'global', position: -1, label: { code: 'store.brokenListLabel', scope: 'global' }, reason: { code: 'store.brokenListReason' }, backupNote: { code: 'store.backupNote' } }]);
    assert.ok(logger.lines.includes('warn The global connection list is unreadable (not a list).'), logger.lines.join('\n'));
    await rejectsWith(
      index.mutate('global', (records) => [...records, stored(ID_A)]),
      'storage',
      'store.listUnreadable',
    );
    assert.equal(global.data.get(INDEX_KEY), '{"not":"a list"}', 'the list is as it was');
    assert.equal(global.updates, 0, 'nothing written');
  });

  it('mutate re-reads the list and writes the change back', async () => {
    const { index, global } = setup();
    await index.mutate('global', (records) => [...records, stored(ID_A)]);
    global.data.set(INDEX_KEY, [...(global.data.get(INDEX_KEY) as unknown[]), stored(ID_B)]); // another window
    await index.mutate('global', (records) => records.filter((r) => (r as { id: string }).id !== ID_A));
    assert.deepEqual(
      index.list().connections.map((c) => c.id),
      [ID_B],
      "the other window's record is kept",
    );
  });
});

describe('RecordIndex: backups', () => {
  it('deleting a broken record keeps a copy of it first, removes only it and names the secret entries it may own', async () => {
    const { index, global, logger } = setup();
    const broken = stored(ID_B, { alias: 'Not An Alias!', secretVersion: 'v3' });
    global.data.set(INDEX_KEY, [stored(ID_A), broken]);
    const { backup, keys } = await index.deleteBroken({ scope: 'global', position: 1, id: ID_B });
    assert.deepEqual(backup, { scope: 'global', savedAt: '2025-03-01T10:01:00.000Z', kind: 'record', reason: 'A broken global connection record was deleted.', value: broken });
    assert.deepEqual(global.data.get(BACKUP_KEY), [{ savedAt: backup.savedAt, kind: 'record', reason: backup.reason, value: broken }]);
    assert.deepEqual(
      index.list().connections.map((c) => c.id),
      [ID_A],
      'the readable record stays',
    );
    assert.deepEqual(keys, [secretKeyFor('global', ID_B), secretKeyFor('global', ID_B, 'v3')]);
    assert.deepEqual(index.backups(), [backup]);
    assert.ok(
      logger.lines.some((l) => l.includes("Kept a backup of the unreadable global connection record (2025-03-01T10:01:00.000Z) under 'aiConnections.backups'")),
      logger.lines.join('\n'),
    );
  });

  it('the note on a broken record says how many copies are kept and when the newest was taken', async () => {
    const { index, global } = setup();
    global.data.set(INDEX_KEY, [17, 18]);
    await index.deleteBroken({ scope: 'global', position: 0 });
    assert.deepEqual(index.list().broken[0]?.backupNote, { code: 'store.backupNote', kept: 1, newest: '2025-03-01 10:01' });
  });

  it('deleting an unreadable list keeps a copy and names the keys of every connection still recognisable in it, JSON text too', async () => {
    const { index, workspace } = setup();
    const text = JSON.stringify({ rows: [{ id: ID_A }, { nested: { id: ID_B, secretVersion: 'v9' } }] });
    workspace.data.set(INDEX_KEY, text);
    const { backup, keys } = await index.deleteBroken({ scope: 'workspace', position: -1 });
    assert.equal(backup.kind, 'list');
    assert.equal(backup.value, text, 'kept exactly as stored');
    assert.equal(backup.reason, 'The Workspace connection list was unreadable and deleted.');
    assert.deepEqual(workspace.data.get(INDEX_KEY), [], 'the list starts over');
    assert.deepEqual(keys.sort(), [secretKeyFor('workspace', ID_A), secretKeyFor('workspace', ID_B), secretKeyFor('workspace', ID_B, 'v9')].sort());
  });

  it('keeps at most MAX_BACKUPS copies, dropping the oldest', async () => {
    const { index, global } = setup();
    for (let i = 0; i < MAX_BACKUPS + 2; i++) {
      global.data.set(INDEX_KEY, [`broken ${i}`]);
      await index.deleteBroken({ scope: 'global', position: 0 });
    }
    const kept = index.backups();
    assert.equal(kept.length, MAX_BACKUPS);
    assert.deepEqual(
      kept.map((b) => b.value),
      Array.from({ length: MAX_BACKUPS }, (_, i) => `broken ${i + 2}`),
    );
  });

  it('deletes nothing when the copy cannot be kept', async () => {
    const { index, global } = setup();
    global.data.set(INDEX_KEY, 'garbage');
    global.failNext(new Error('disk full'));
    await rejectsWith(index.deleteBroken({ scope: 'global', position: -1 }), 'storage', 'store.backupFailed');
    assert.equal(global.data.get(INDEX_KEY), 'garbage', 'the list is as it was');
    assert.equal(index.backups().length, 0, 'no backup');
  });

  it('refuses as stale when the broken record is no longer there, readable now, or another one', async () => {
    const { index, global } = setup();
    global.data.set(INDEX_KEY, [stored(ID_A)]);
    await rejectsWith(index.deleteBroken({ scope: 'global', position: 0, id: ID_A }), 'stale', 'store.brokenStale');
    await rejectsWith(index.deleteBroken({ scope: 'global', position: 3 }), 'stale', 'store.brokenStale');
    global.data.set(INDEX_KEY, [stored(ID_C, { alias: 'Bad!' })]);
    await rejectsWith(index.deleteBroken({ scope: 'global', position: 0, id: ID_B }), 'stale', 'store.brokenStale');
    await rejectsWith(index.deleteBroken({ scope: 'global', position: -1 }), 'stale', 'store.brokenStale');
    assert.equal(index.backups().length, 0, 'no backup taken for a stale request');
  });

  it('ignores stored backups that are not backups', () => {
    const { index, global } = setup();
    global.data.set(BACKUP_KEY, [{ savedAt: TIME, kind: 'list', reason: 'r', value: 1 }, 'junk', { savedAt: 5, value: 1 }]);
    assert.equal(index.backups().length, 1);
  });
});

describe('RecordIndex: copies of moves under way', () => {
  const copyIn = (scope: Scope, id: string, from: Scope) => stored(id, { scope, movingFrom: from, secretVersion: 'mv1' });

  it('a copy whose old scope still holds the connection is not listed, found or taken for it', () => {
    const { index, global, workspace } = setup();
    global.data.set(INDEX_KEY, [stored(ID_A)]);
    workspace.data.set(INDEX_KEY, [copyIn('workspace', ID_A, 'global')]);
    assert.deepEqual(
      index.list().connections.map((c) => `${c.scope}:${c.id}`),
      [`global:${ID_A}`],
    );
    assert.equal(index.find('workspace', ID_A), undefined);
    assert.deepEqual(
      index.pendingCopiesOf('global').map((c) => c.id),
      [ID_A],
    );
  });

  it('a copy whose old scope holds the connection only in an unreadable list is still a copy', () => {
    const { index, global, workspace } = setup();
    global.data.set(INDEX_KEY, JSON.stringify([{ id: ID_A }]));
    workspace.data.set(INDEX_KEY, [copyIn('workspace', ID_A, 'global')]);
    assert.equal(index.list().connections.length, 0, 'the copy is not the connection');
  });

  it('once the old record is gone the copy is the connection, and the next write clears its mark', async () => {
    const { index, workspace } = setup();
    workspace.data.set(INDEX_KEY, [copyIn('workspace', ID_A, 'global')]);
    assert.deepEqual(
      index.list().connections.map((c) => c.id),
      [ID_A],
    );
    await index.mutate('workspace', (records) => records);
    assert.equal('movingFrom' in (workspace.data.get(INDEX_KEY) as object[])[0]!, false, 'mark cleared');
  });

  it('a write keeps the mark of a move still under way', async () => {
    const { index, global, workspace } = setup();
    global.data.set(INDEX_KEY, [stored(ID_A)]);
    workspace.data.set(INDEX_KEY, [copyIn('workspace', ID_A, 'global')]);
    await index.mutate('workspace', (records) => records);
    assert.equal((workspace.data.get(INDEX_KEY) as { movingFrom?: string }[])[0]!.movingFrom, 'global');
  });

  it('after its connection is deleted, a copy goes too and its key entry is named for discarding', async () => {
    const { index, global, workspace } = setup();
    global.data.set(INDEX_KEY, [stored(ID_A)]);
    workspace.data.set(INDEX_KEY, [copyIn('workspace', ID_A, 'global'), stored(ID_B, { scope: 'workspace' })]);
    const copies = index.pendingCopiesOf('global');
    assert.deepEqual(await index.dropOrphanedCopies(copies), [], 'nothing goes while the connection is there');
    global.data.set(INDEX_KEY, []);
    assert.deepEqual(await index.dropOrphanedCopies(copies), [secretKeyFor('workspace', ID_A, 'mv1')]);
    assert.deepEqual(
      (workspace.data.get(INDEX_KEY) as { id: string }[]).map((r) => r.id),
      [ID_B],
    );
  });

  it('a copy that cannot be removed is logged and keeps its key entry', async () => {
    const { index, global, workspace, logger } = setup();
    workspace.data.set(INDEX_KEY, [copyIn('workspace', ID_A, 'global')]);
    global.data.set(INDEX_KEY, [stored(ID_A)]);
    const copies = index.pendingCopiesOf('global');
    global.data.set(INDEX_KEY, []);
    workspace.failNext(new Error('state locked'));
    assert.deepEqual(await index.dropOrphanedCopies(copies), []);
    assert.ok(
      logger.lines.some((l) => l.startsWith("error Couldn't remove the copy of a move of a deleted connection from workspace: state locked")),
      logger.lines.join('\n'),
    );
  });
});
