import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INDEX_KEY, ORPHANED_SECRETS_KEY, REVISION_KEY, secretKeyFor } from '../../src/domain/store/connectionStore';
import { MemoryVault } from '../support/memoryPorts';
import { FAKE_OPENAI_KEY, azureInput, openAiInput } from '../support/fixtures';
import { rejectsWith, setup } from '../support/storeSetup';

describe('ConnectionStore', () => {
  it('creates a connection: record in state without the key, key in the vault under scope and id', async () => {
    const { store, global, secrets } = setup();
    const created = await store.create(openAiInput());
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.alias, 'openai-prod');
    assert.equal(created.isActive, true);
    assert.deepEqual(created.secretKeys, ['apiKey']);
    assert.equal(created.settings.baseUrl, 'https://api.openai.com/v1', 'descriptor default applied');
    const stored = JSON.stringify(global.data.get(INDEX_KEY));
    assert.ok(!stored.includes(FAKE_OPENAI_KEY), 'key must not be in globalState');
    assert.equal(secrets.data.get(secretKeyFor('global', created.id)), JSON.stringify({ apiKey: FAKE_OPENAI_KEY }));
    assert.deepEqual(await store.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
  });

  it('keeps workspace connections in workspace state', async () => {
    const { store, global, workspace } = setup();
    const created = await store.create(azureInput());
    assert.equal(created.scope, 'workspace');
    assert.equal((workspace.data.get(INDEX_KEY) as unknown[]).length, 1);
    assert.equal(global.data.get(INDEX_KEY), undefined);
  });

  it('refuses workspace scope when no folder is open', async () => {
    const { store } = setup({ workspace: false });
    const error = await rejectsWith(store.create(azureInput()), 'invalid');
    assert.ok(error.fieldErrors.scope);
  });

  it('lists both scopes from one read of each index and no secret reads', async () => {
    const { store, secrets } = setup();
    await store.create(openAiInput());
    await store.create(azureInput());
    const before = secrets.reads;
    const { connections, broken } = store.list();
    assert.equal(connections.length, 2);
    assert.equal(broken.length, 0);
    assert.equal(secrets.reads, before, 'list() must not read SecretStorage');
  });

  it('gets by id or alias', async () => {
    const { store } = setup();
    const created = await store.create(openAiInput());
    assert.equal(store.get(created.id)?.alias, 'openai-prod');
    assert.equal(store.get('openai-prod')?.id, created.id);
    assert.equal(store.get('nope'), undefined);
  });

  it('refuses a duplicate alias in either scope with a field error', async () => {
    const { store } = setup();
    await store.create(openAiInput());
    const error = await rejectsWith(store.create(azureInput({ alias: 'openai-prod' })), 'invalid');
    assert.deepEqual(error.fieldErrors.alias, { code: 'validation.aliasTaken', alias: 'openai-prod', owner: 'OpenAI Production', scope: 'global' });
    assert.equal(store.list().connections.length, 1);
  });

  it('updates without retyping the key: an empty secret keeps the stored one', async () => {
    const { store, secrets } = setup();
    const created = await store.create(openAiInput());
    const updated = await store.update(created.id, openAiInput({ name: 'OpenAI Prod (EU)' }, { apiKey: '' }), created.dateModified);
    assert.equal(updated.name, 'OpenAI Prod (EU)');
    assert.deepEqual(updated.secretKeys, ['apiKey']);
    assert.deepEqual(JSON.parse(secrets.data.get(secretKeyFor('global', created.id))!), { apiKey: FAKE_OPENAI_KEY });
    assert.ok(updated.dateModified > created.dateModified);
    assert.equal(updated.dateCreated, created.dateCreated);
  });

  it('replaces the key when a new one is typed', async () => {
    const { store } = setup();
    const created = await store.create(openAiInput());
    await store.update(created.id, openAiInput({}, { apiKey: 'sk-test-rotated' }));
    assert.deepEqual(await store.readSecrets(created.id), { apiKey: 'sk-test-rotated' });
  });

  it('a new key goes to a fresh vault entry that the record names; the previous entry is removed', async () => {
    const { store, secrets, global } = setup();
    const created = await store.create(openAiInput());
    await store.update(created.id, openAiInput({}, { apiKey: 'sk-test-rotated' }));
    const bags = [...secrets.data.keys()].filter((k) => k.includes('/secret/'));
    assert.equal(bags.length, 1);
    const [record] = global.data.get(INDEX_KEY) as { secretVersion?: string }[];
    assert.equal(bags[0], secretKeyFor('global', created.id, record!.secretVersion));
    assert.equal(store.get(created.id)!.secretKeys.length, 1);
    assert.equal('secretVersion' in store.get(created.id)!, false, 'the version stays inside the store');
    // A rename that keeps the key keeps the entry.
    await store.update(created.id, openAiInput({ name: 'Renamed' }, { apiKey: '' }));
    assert.deepEqual(
      [...secrets.data.keys()].filter((k) => k.includes('/secret/')),
      bags,
    );
    assert.deepEqual(await store.readSecrets(created.id), { apiKey: 'sk-test-rotated' });
  });

  it('refuses a provider change with a clear error and changes nothing', async () => {
    const { store } = setup();
    const created = await store.create(openAiInput());
    const error = await rejectsWith(store.update(created.id, openAiInput({ providerId: 'anthropic' })), 'providerChange', { code: 'validation.providerChange' });
    assert.ok(error.fieldErrors.providerId);
    assert.equal(store.get(created.id)?.providerId, 'openai');
  });

  it('sets active and inactive', async () => {
    const { store } = setup();
    const created = await store.create(openAiInput());
    assert.equal((await store.setActive(created.id, false)).isActive, false);
    assert.equal(store.get(created.id)?.isActive, false);
    assert.equal((await store.setActive(created.id, true)).isActive, true);
  });

  it('duplicates settings and secrets under a new alias', async () => {
    const { store } = setup();
    const created = await store.create(openAiInput({}, { organization: 'org-test' }));
    const copy = await store.duplicate(created.id);
    assert.notEqual(copy.id, created.id);
    assert.equal(copy.alias, 'openai-prod-copy');
    assert.equal(copy.name, 'OpenAI Production (copy)');
    assert.equal(copy.settings.organization, 'org-test');
    assert.deepEqual(await store.readSecrets(copy.id), { apiKey: FAKE_OPENAI_KEY });
    const again = await store.duplicate(created.id);
    assert.equal(again.alias, 'openai-prod-copy-2');
  });

  it('names a copy as the caller says (the display language), shortening the original, never the suffix, to fit', async () => {
    const { store } = setup();
    const created = await store.create(openAiInput({ name: 'N'.repeat(100) }));
    const copy = await store.duplicate(created.id, (name) => `${name} (Kopie)`);
    assert.equal(copy.name, `${'N'.repeat(92)} (Kopie)`);
  });

  it('deletes the record and its secret', async () => {
    const { store, secrets } = setup();
    const created = await store.create(openAiInput());
    await store.delete(created.id);
    assert.equal(store.list().connections.length, 0);
    assert.equal(secrets.data.has(secretKeyFor('global', created.id)), false);
  });

  it('fires onDidChange for its own changes once', async () => {
    const { store } = setup();
    let fired = 0;
    store.onDidChange(() => fired++);
    await store.create(openAiInput());
    await new Promise((r) => setImmediate(r));
    assert.equal(fired, 1);
  });
});

describe('ConnectionStore faults', () => {
  it('SecretStorage refusing a write (no keyring): clear error naming the cause, nothing saved', async () => {
    const { store, global, secrets } = setup();
    secrets.refuseWrites = new Error('Cannot create an item in a locked collection');
    const error = await rejectsWith(store.create(openAiInput()), 'secretStorage', { code: 'store.saveSecretsFailed', name: 'OpenAI Production', cause: 'Cannot create an item in a locked collection' });
    assert.ok(!error.message.includes(FAKE_OPENAI_KEY));
    assert.ok(!JSON.stringify(error.detail).includes(FAKE_OPENAI_KEY));
    assert.equal(global.data.get(INDEX_KEY), undefined, 'no record written');
    assert.equal([...secrets.data.keys()].filter((k) => k.includes('/secret/')).length, 0);
  });

  it('a failed record write on create rolls the secret back', async () => {
    const { store, global, secrets } = setup();
    global.failNextUpdate = new Error('quota exceeded');
    await rejectsWith(store.create(openAiInput()), 'storage', { code: 'store.saveFailed', cause: 'quota exceeded' });
    assert.equal(store.list().connections.length, 0);
    assert.equal([...secrets.data.keys()].filter((k) => k.includes('/secret/')).length, 0, 'secret rolled back');
  });

  it('a failed record write on update restores the previous secret and record', async () => {
    const { store, global } = setup();
    const created = await store.create(openAiInput());
    global.failNextUpdate = new Error('disk full');
    await rejectsWith(store.update(created.id, openAiInput({ name: 'Renamed' }, { apiKey: 'sk-test-new' })), 'storage', { code: 'store.saveFailed', name: 'Renamed', cause: 'disk full' });
    assert.equal(store.get(created.id)?.name, 'OpenAI Production');
    assert.deepEqual(await store.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
  });

  it('a corrupted record is reported as broken, others are fine, and it can be deleted', async () => {
    const { store, global, lines } = setup();
    const good = await store.create(openAiInput());
    const records = global.data.get(INDEX_KEY) as unknown[];
    global.data.set(INDEX_KEY, [...records, { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', name: 'Half written', alias: 42 }, 'garbage']);
    const { connections, broken } = store.list();
    assert.deepEqual(
      connections.map((c) => c.id),
      [good.id],
    );
    assert.equal(broken.length, 2);
    assert.deepEqual(broken[0]!.label, { code: 'store.brokenRecordLabel', position: 2, name: 'Half written' });
    assert.deepEqual(broken[1]!.label, { code: 'store.brokenRecordLabel', position: 3 });
    assert.equal(broken[0]!.id, '3fa85f64-5717-4562-b3fc-2c963f66afa6');
    const reason = broken[0]!.reason;
    assert.equal(reason.code, 'store.brokenRecordInvalid');
    assert.ok(reason.code === 'store.brokenRecordInvalid' && reason.issues.some((i) => i.path === 'alias'));
    assert.ok(lines.some((l) => l.includes('Broken global connection record')));
    await store.deleteBroken(broken[0]!);
    assert.equal(store.list().broken.length, 1);
    assert.equal(store.list().connections.length, 1);
    // writes keep the remaining broken record rather than silently dropping it
    await store.setActive(good.id, false);
    assert.equal(store.list().broken.length, 1);
  });

  it('an unreadable index is one broken item that resets the list when deleted', async () => {
    const { store, global } = setup();
    global.data.set(INDEX_KEY, { not: 'a list' });
    const { broken } = store.list();
    assert.equal(broken.length, 1);
    assert.equal(broken[0]!.position, -1);
    await store.deleteBroken(broken[0]!);
    assert.deepEqual(store.list(), { connections: [], broken: [] });
  });
});

describe('ConnectionStore secrets that could not be deleted', () => {
  const secretEntries = (secrets: MemoryVault) => [...secrets.data.keys()].filter((k) => k.includes('/secret/'));

  it('deleting a connection whose key cannot be removed tells the user, lists the key and removes it on retry', async () => {
    const { store, global, secrets, lines } = setup();
    const created = await store.create(openAiInput());
    const key = secretKeyFor('global', created.id);
    secrets.failNext('delete', new Error('keyring locked'));
    const outcome = await store.delete(created.id);
    assert.equal(store.list().connections.length, 0, 'the connection is deleted');
    assert.deepEqual(outcome.orphanedSecrets, [key]);
    assert.deepEqual(outcome.warning, { code: 'store.secretsLeftOver', name: 'OpenAI Production', count: 1, cause: 'keyring locked', listed: true });
    assert.deepEqual(global.data.get(ORPHANED_SECRETS_KEY), [key]);
    assert.deepEqual(store.orphanedSecrets(), [key]);
    assert.ok(secrets.data.has(key));
    assert.ok(lines.some((l) => /keyring locked/.test(l)));
    assert.deepEqual(await store.retryOrphanedSecrets(), { removed: [key], remaining: [] });
    assert.equal(secrets.data.has(key), false);
    assert.deepEqual(store.orphanedSecrets(), []);
  });

  it('deleting a broken record whose key cannot be removed lists the key too', async () => {
    const { store, global, secrets } = setup();
    const created = await store.create(openAiInput());
    global.data.set(INDEX_KEY, [{ ...(global.data.get(INDEX_KEY) as object[])[0], alias: 42 }]);
    secrets.failNext('delete');
    const outcome = await store.deleteBroken(store.list().broken[0]!);
    assert.deepEqual(outcome.orphanedSecrets, [secretKeyFor('global', created.id)]);
    assert.equal(outcome.warning?.code, 'store.secretsLeftOver');
    assert.ok(outcome.warning?.code === 'store.secretsLeftOver' && outcome.warning.name === undefined, 'broken data has no name');
    assert.deepEqual(store.orphanedSecrets(), [secretKeyFor('global', created.id)]);
  });

  it('listed keys are retried on the next change; a retry that fails again keeps them listed', async () => {
    const { store, secrets } = setup();
    const first = await store.create(openAiInput());
    secrets.failNext('delete');
    await store.delete(first.id);
    secrets.refuse('delete');
    assert.deepEqual(await store.retryOrphanedSecrets(), { removed: [], remaining: [secretKeyFor('global', first.id)] });
    secrets.clearFailures();
    const second = await store.create(openAiInput());
    assert.deepEqual(secretEntries(secrets), [secretKeyFor('global', second.id)]);
    assert.deepEqual(store.orphanedSecrets(), []);
  });

  it('a save whose record write and rollback both fail lists the entry it wrote', async () => {
    const { store, global, secrets } = setup();
    const created = await store.create(openAiInput());
    global.failNextUpdate = new Error('disk full');
    secrets.failNext('delete');
    await rejectsWith(store.update(created.id, openAiInput({}, { apiKey: 'sk-test-new' })), 'storage');
    assert.deepEqual(await store.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
    const [leftover] = store.orphanedSecrets();
    assert.ok(leftover?.startsWith(`${secretKeyFor('global', created.id)}/`));
    assert.equal(secrets.data.get(leftover!), JSON.stringify({ apiKey: 'sk-test-new' }));
  });

  it('a key change whose old entry cannot be removed lists it', async () => {
    const { store, secrets } = setup();
    const created = await store.create(openAiInput());
    secrets.failNext('delete');
    await store.update(created.id, openAiInput({}, { apiKey: 'sk-test-new' }));
    assert.deepEqual(store.orphanedSecrets(), [secretKeyFor('global', created.id)]);
    assert.deepEqual(await store.readSecrets(created.id), { apiKey: 'sk-test-new' });
  });

  it('a failed record write on duplicate removes the copied secrets', async () => {
    const { store, global, secrets } = setup();
    const created = await store.create(openAiInput());
    global.failNextUpdate = new Error('quota exceeded');
    await rejectsWith(store.duplicate(created.id), 'storage', { code: 'store.saveFailed', cause: 'quota exceeded' });
    assert.equal(store.list().connections.length, 1);
    assert.deepEqual(secretEntries(secrets), [secretKeyFor('global', created.id)], 'copied secrets rolled back');
    assert.deepEqual(store.orphanedSecrets(), []);
  });

  it('only secret entries of this extension are ever retried', async () => {
    const { store, global, secrets } = setup();
    await secrets.store('someone-else', 'x');
    global.data.set(ORPHANED_SECRETS_KEY, ['someone-else', REVISION_KEY, 42]);
    assert.deepEqual(store.orphanedSecrets(), []);
    await store.retryOrphanedSecrets();
    assert.ok(secrets.data.has('someone-else'));
  });
});
