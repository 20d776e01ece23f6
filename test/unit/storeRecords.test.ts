/**
 * What the store tells from a stored record, readable or not, and the checks it runs on input
 * before it writes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '../../src/domain/connection';
import { assertAliasFree, recordFields, takenAliases, validInput } from '../../src/domain/store/checks';
import { StoreError } from '../../src/domain/store/errors';
import { checkRecord, isRecordOf, nextTimestamp, recordId, secretKeysIn, secretKeysOfRecord, storedSecretVersion, withSecretVersion } from '../../src/domain/store/records';
import { secretKeyFor } from '../../src/domain/store/secretBags';
import { openAiInput } from '../support/fixtures';

const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';
const TIME = '2025-03-01T10:00:00.000Z';

function connection(id: string, alias: string): Connection {
  return { id, alias, name: `Name ${alias}`, providerId: 'openai', scope: 'global', isActive: true, settings: {}, secretKeys: ['apiKey'], dateCreated: TIME, dateModified: TIME };
}

describe('stored records', () => {
  it('a readable record gives the connection without its secret version or move mark', () => {
    const checked = checkRecord({ ...connection(ID_A, 'a1'), secretVersion: 'v1', movingFrom: 'workspace' });
    assert.equal(checked.parsed.success, true, 'readable');
    assert.deepEqual(checked.connection, connection(ID_A, 'a1'));
    assert.equal(checkRecord({ ...connection(ID_A, 'a1'), secretVersion: 'no spaces allowed' }).connection, undefined, 'a bad version is refused');
  });

  it('names the secret version only when there is one', () => {
    assert.equal('secretVersion' in withSecretVersion(connection(ID_A, 'a1'), undefined), false);
    assert.equal(withSecretVersion(connection(ID_A, 'a1'), 'v2').secretVersion, 'v2');
  });

  it("tells a broken record's id and secret version when they are still well formed", () => {
    assert.equal(recordId({ id: ID_A, alias: 'Bad!' }), ID_A);
    assert.equal(recordId({ id: 'not-an-id' }), undefined);
    assert.equal(recordId('text'), undefined);
    assert.equal(storedSecretVersion({ secretVersion: 'v3' }), 'v3');
    assert.equal(storedSecretVersion({ secretVersion: '../elsewhere' }), undefined, 'no path in a version');
  });

  it('the entries a broken record may own: by its id and by its secret version', () => {
    assert.deepEqual(secretKeysOfRecord('global', { id: ID_A }), [secretKeyFor('global', ID_A)]);
    assert.deepEqual(secretKeysOfRecord('workspace', { id: ID_A, secretVersion: 'v1' }), [secretKeyFor('workspace', ID_A), secretKeyFor('workspace', ID_A, 'v1')]);
    assert.deepEqual(secretKeysOfRecord('global', { alias: 'no id' }), []);
  });

  it('finds the ids in an unreadable list, nested or stored as JSON text, but not text within text', () => {
    const nested = { a: [{ id: ID_A }], b: { c: { id: ID_B, secretVersion: 'v2' } } };
    assert.deepEqual(secretKeysIn('global', nested).sort(), [secretKeyFor('global', ID_A), secretKeyFor('global', ID_B), secretKeyFor('global', ID_B, 'v2')].sort());
    assert.deepEqual(secretKeysIn('global', JSON.stringify(nested)).length, 3);
    assert.deepEqual(secretKeysIn('global', { inner: JSON.stringify({ id: ID_A }) }), [], 'only the stored value itself is parsed');
    assert.deepEqual(secretKeysIn('global', 'plain text'), []);
  });

  it('a record is another only if its id or secret version differs', () => {
    const record = { ...connection(ID_A, 'a1'), secretVersion: 'v1' };
    assert.equal(isRecordOf({ id: ID_A, secretVersion: 'v1', alias: 'Broken!' }, record), true);
    assert.equal(isRecordOf({ id: ID_A, secretVersion: 'v2' }, record), false);
    assert.equal(isRecordOf({ id: ID_B, secretVersion: 'v1' }, record), false);
  });

  it('a modification time is never before the last one, even with a clock behind', () => {
    assert.equal(nextTimestamp(new Date('2025-03-02T00:00:00.000Z'), TIME), '2025-03-02T00:00:00.000Z');
    assert.equal(nextTimestamp(new Date('2025-01-01T00:00:00.000Z'), TIME), '2025-03-01T10:00:00.001Z');
  });
});

describe('store checks', () => {
  const stored = [connection(ID_A, 'a1'), connection(ID_B, 'b1')];

  it('lists the aliases in use, leaving out the connection being edited', () => {
    assert.deepEqual([...takenAliases(stored).keys()], ['a1', 'b1']);
    assert.deepEqual([...takenAliases(stored, ID_A).keys()], ['b1']);
    assert.deepEqual(takenAliases(stored).get('b1'), { name: 'Name b1', scope: 'global' });
  });

  it('refuses an alias another connection uses, as a field error naming the owner', () => {
    assertAliasFree(stored, 'a1', ID_A);
    assertAliasFree(stored, 'new', ID_A);
    assert.throws(
      () => assertAliasFree(stored, 'b1', ID_A),
      (error: unknown) => error instanceof StoreError && error.code === 'invalid' && error.fieldErrors.alias?.code === 'validation.aliasTaken',
    );
  });

  it('checks input against the stored aliases; its secrets stay out of the record fields', () => {
    const context = { connections: stored, workspaceAvailable: false };
    const valid = validInput(openAiInput({ alias: 'fresh' }), context);
    assert.equal(valid.alias, 'fresh');
    assert.equal('secrets' in recordFields(valid), false, 'no secrets in the record');
    assert.throws(
      () => validInput(openAiInput({ alias: 'a1' }), context),
      (error: unknown) => error instanceof StoreError && error.code === 'invalid',
    );
    assert.throws(
      () => validInput(openAiInput({ scope: 'workspace' }), context),
      (error: unknown) => error instanceof StoreError && error.fieldErrors.scope !== undefined,
    );
  });

  it('a changed provider is refused as such', () => {
    assert.throws(
      () => validInput({ ...openAiInput({ alias: 'a1' }), providerId: 'anthropic' }, { connections: stored, workspaceAvailable: true }, stored[0]),
      (error: unknown) => error instanceof StoreError && error.code === 'providerChange',
    );
  });
});
