/**
 * The secret bags on their own: versioned key entries, reading a record's bag while another
 * window changes it, and entries that could not be deleted, listed and retried.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreError } from '../../src/domain/store/errors';
import { ORPHANED_SECRETS_KEY, SecretBags, leftoverReport, parseBag, secretKeyFor, secretKeyOf, type BagOwner } from '../../src/domain/store/secretBags';
import { MemoryLogger } from '../support/fakeUi';
import { MemoryState, MemoryVault } from '../support/memoryPorts';

const ID = '00000000-0000-4000-8000-00000000000a';
const KEY = 'sk-test-bags-7Hq2Lm9Xc4Vb';
const CONNECTION = { alias: 'openai-prod', name: 'OpenAI Production' };

function setup() {
  const secrets = new MemoryVault();
  const global = new MemoryState();
  const logger = new MemoryLogger();
  return { bags: new SecretBags({ secrets, global, logger }), secrets, global, logger };
}

async function rejectsWith(promise: Promise<unknown>, code: string, detailCode: string): Promise<StoreError> {
  let caught: unknown;
  await promise.catch((error: unknown) => (caught = error));
  assert.ok(caught instanceof StoreError, `expected a StoreError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.detail.code, detailCode, caught.message);
  return caught;
}

describe('SecretBags: versioned keys', () => {
  it("a connection's first bag is under its scope and id; later ones carry their version", () => {
    assert.equal(secretKeyFor('global', ID), `aiConnections/secret/global/${ID}`);
    assert.equal(secretKeyFor('workspace', ID, 'v2'), `aiConnections/secret/workspace/${ID}/v2`);
    assert.equal(secretKeyOf({ scope: 'global', id: ID, secretVersion: 'v2' }), secretKeyFor('global', ID, 'v2'));
    assert.equal(secretKeyOf({ scope: 'global', id: ID }), secretKeyFor('global', ID));
  });

  it('writes a bag as JSON and reads it back; an empty bag writes nothing', async () => {
    const { bags, secrets } = setup();
    const key = secretKeyFor('global', ID, 'v1');
    assert.equal(await bags.write(CONNECTION, key, {}), false, 'nothing to store');
    assert.equal(secrets.data.size, 0, 'no entry for an empty bag');
    assert.equal(await bags.write(CONNECTION, key, { apiKey: KEY }), true);
    assert.equal(secrets.data.get(key), JSON.stringify({ apiKey: KEY }));
    assert.deepEqual(await bags.read(key), { apiKey: KEY });
    assert.deepEqual(await bags.read(secretKeyFor('global', ID)), {}, 'no entry reads as an empty bag');
  });

  it('a stored bag that is not a map of text reads as empty, or without its other values', () => {
    assert.deepEqual(parseBag(undefined), {});
    assert.deepEqual(parseBag('not json'), {});
    assert.deepEqual(parseBag('["a"]'), {});
    assert.deepEqual(parseBag('null'), {});
    assert.deepEqual(parseBag(JSON.stringify({ apiKey: KEY, count: 3, nested: {} })), { apiKey: KEY });
  });

  it('a refused write names the connection and the cause, never the secret', async () => {
    const { bags, secrets, logger } = setup();
    secrets.refuseWrites = new Error('no keyring');
    const error = await rejectsWith(bags.write(CONNECTION, secretKeyFor('global', ID), { apiKey: KEY }), 'secretStorage', 'store.saveSecretsFailed');
    assert.deepEqual(error.detail, { code: 'store.saveSecretsFailed', name: CONNECTION.name, cause: 'no keyring' });
    assert.ok(
      logger.lines.some((l) => l === "error Secret storage refused the secrets of 'openai-prod': no keyring"),
      logger.lines.join('\n'),
    );
    assert.ok(!logger.lines.join('\n').includes(KEY) && !error.message.includes(KEY), 'the key is in no log or error');
  });

  it('a refused read says so', async () => {
    const { bags, secrets } = setup();
    secrets.failNext('get', new Error('keyring locked'));
    const error = await rejectsWith(bags.read(secretKeyFor('global', ID)), 'secretStorage', 'store.readSecretsFailed');
    assert.deepEqual(error.detail, { code: 'store.readSecretsFailed', cause: 'keyring locked' });
  });
});

describe("SecretBags: reading a record's bag while other windows change it", () => {
  it('reads the bag of the record as found', async () => {
    const { bags, secrets } = setup();
    secrets.data.set(secretKeyFor('global', ID, 'v1'), JSON.stringify({ apiKey: KEY }));
    const record: BagOwner = { scope: 'global', id: ID, secretVersion: 'v1' };
    assert.deepEqual(await bags.readConsistent(() => record), { record, bag: { apiKey: KEY } });
    assert.equal(await bags.readConsistent(() => undefined), undefined, 'no record, nothing read');
  });

  it('reads again when the record pointed to other secrets after the read', async () => {
    const { bags, secrets } = setup();
    secrets.data.set(secretKeyFor('global', ID, 'v1'), JSON.stringify({ apiKey: 'old' }));
    secrets.data.set(secretKeyFor('global', ID, 'v2'), JSON.stringify({ apiKey: KEY }));
    const seen = [{ scope: 'global' as const, id: ID, secretVersion: 'v1' }];
    const later = { scope: 'global' as const, id: ID, secretVersion: 'v2' };
    let calls = 0;
    const read = await bags.readConsistent(() => (calls++ === 0 ? seen[0] : later));
    assert.deepEqual(read, { record: later, bag: { apiKey: KEY } }, 'the bag the record points to now');
    assert.equal(secrets.reads, 2, 'read twice');
  });

  it('gives up as stale when the record keeps changing', async () => {
    const { bags } = setup();
    let version = 0;
    await rejectsWith(
      bags.readConsistent(() => ({ scope: 'global', id: ID, secretVersion: `v${version++}` })),
      'stale',
      'store.keepsChanging',
    );
  });

  it('a record deleted meanwhile reads as gone', async () => {
    const { bags } = setup();
    let calls = 0;
    const read = await bags.readConsistent(() => (calls++ === 0 ? { scope: 'global', id: ID } : undefined));
    assert.equal(read, undefined);
  });
});

describe('SecretBags: entries that could not be deleted', () => {
  it('discards entries; one the vault refuses to delete is listed, with the reason', async () => {
    const { bags, secrets, global, logger } = setup();
    const kept = secretKeyFor('global', ID, 'v1');
    const gone = secretKeyFor('global', ID, 'v2');
    secrets.data.set(kept, '{}');
    secrets.data.set(gone, '{}');
    secrets.failNext('delete', new Error('keyring locked'));
    const leftover = await bags.discard([kept, gone], 'a deleted connection');
    assert.deepEqual(leftover, { keys: [kept], listed: true, cause: 'keyring locked' });
    assert.equal(secrets.data.has(gone), false, 'the other entry is deleted');
    assert.deepEqual(global.data.get(ORPHANED_SECRETS_KEY), [kept]);
    assert.deepEqual(bags.orphaned(), [kept]);
    assert.ok(logger.lines.includes("warn Couldn't delete secrets left over from a deleted connection: keyring locked"), logger.lines.join('\n'));
  });

  it('an entry deleted at once is not listed', async () => {
    const { bags, global } = setup();
    assert.deepEqual(await bags.discard([secretKeyFor('global', ID)], 'a failed save'), { keys: [], listed: true });
    assert.equal(global.data.get(ORPHANED_SECRETS_KEY), undefined, 'no list written');
  });

  it('says when the entry could not even be listed', async () => {
    const { bags, secrets, global, logger } = setup();
    secrets.refuse('delete');
    global.failNext(new Error('state locked'));
    const leftover = await bags.discard([secretKeyFor('global', ID)], 'a key change');
    assert.equal(leftover.listed, false);
    assert.deepEqual(bags.orphaned(), []);
    assert.ok(logger.lines.includes("error Couldn't update the list of secret entries to delete later: state locked"), logger.lines.join('\n'));
  });

  it('retries the listed entries after a failed delete: removed ones leave the list, the others stay', async () => {
    const { bags, secrets } = setup();
    const first = secretKeyFor('global', ID, 'v1');
    const second = secretKeyFor('workspace', ID, 'v2');
    secrets.data.set(first, '{}');
    secrets.data.set(second, '{}');
    secrets.refuse('delete');
    await bags.discard([first, second], 'a deleted connection');
    secrets.clearFailures();
    secrets.failNext('delete', undefined, 1);
    const retry = await bags.retryOrphans();
    assert.deepEqual(retry, { removed: [first], remaining: [second] });
    assert.equal(secrets.data.has(first), false, 'deleted on retry');
    const again = await bags.retryOrphans();
    assert.deepEqual(again, { removed: [second], remaining: [] });
    assert.equal(secrets.data.size, 0, 'the vault is clean');
  });

  it('a retry leaves the entries just listed alone, and never rejects', async () => {
    const { bags, secrets } = setup();
    const key = secretKeyFor('global', ID, 'v1');
    secrets.refuse('delete');
    await bags.discard([key], 'a deleted connection');
    assert.deepEqual(await bags.retryOrphans([key]), { removed: [], remaining: [key] }, 'skipped');
    assert.equal(secrets.failed('delete'), 1, 'not tried again');
    assert.deepEqual(await bags.retryOrphans(), { removed: [], remaining: [key] }, 'still refused, still listed');
  });

  it("only this extension's secret entries are ever retried", async () => {
    const { bags, secrets, global } = setup();
    secrets.data.set('someone.else/token', 'theirs');
    global.data.set(ORPHANED_SECRETS_KEY, ['someone.else/token', 42, secretKeyFor('global', ID)]);
    assert.deepEqual(bags.orphaned(), [secretKeyFor('global', ID)]);
    await bags.retryOrphans();
    assert.equal(secrets.data.get('someone.else/token'), 'theirs', 'not deleted');
  });

  it('tells the user of leftovers: how many, why, and whether they are listed', () => {
    assert.deepEqual(leftoverReport('Prod', { keys: [], listed: true }), { orphanedSecrets: [] });
    assert.deepEqual(leftoverReport('Prod', { keys: ['k'], listed: false, cause: 'locked' }), {
      orphanedSecrets: ['k'],
      warning: { code: 'store.secretsLeftOver', name: 'Prod', count: 1, cause: 'locked', listed: false },
    });
    assert.deepEqual(leftoverReport(undefined, { keys: ['k', 'l'], listed: true }).warning, { code: 'store.secretsLeftOver', count: 2, cause: { code: 'store.unknownCause' }, listed: true });
  });
});
