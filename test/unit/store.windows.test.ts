import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKUP_KEY, ConnectionStore, INDEX_KEY, MAX_BACKUPS, REVISION_KEY, secretKeyFor } from '../../src/domain/store/connectionStore';
import { buildTree } from '../../src/views/connectionTreeModel';
import { MemoryState, MemoryVault } from '../support/memoryPorts';
import { FAKE_AZURE_KEY, FAKE_OPENAI_KEY, azureInput, openAiInput } from '../support/fixtures';
import { rejectsWith, setup } from '../support/storeSetup';

describe('ConnectionStore with unreadable stored data', () => {
  it('refuses to create a connection over an unreadable list and leaves the list as it was', async () => {
    const { store, global, secrets } = setup();
    const unreadable = { version: 2, items: [{ id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }] };
    global.data.set(INDEX_KEY, unreadable);
    await rejectsWith(store.create(openAiInput()), 'storage', { code: 'store.listUnreadable', scope: 'global' });
    assert.equal(global.data.get(INDEX_KEY), unreadable, 'not written over');
    assert.equal([...secrets.data.keys()].filter((k) => k.includes('/secret/')).length, 0, 'the key was rolled back');
  });

  it('deleting an unreadable list keeps a backup of it, logs it, and says so beforehand', async () => {
    const { store, global, lines } = setup({ clock: () => new Date('2025-03-01T10:00:00.000Z') });
    const unreadable = { version: 2, items: ['kept'] };
    global.data.set(INDEX_KEY, unreadable);
    const [broken] = store.list().broken;
    assert.deepEqual(broken!.backupNote, { code: 'store.backupNote' });
    const outcome = await store.deleteBroken(broken!);
    assert.deepEqual(global.data.get(INDEX_KEY), []);
    assert.deepEqual(global.data.get(BACKUP_KEY), [{ savedAt: '2025-03-01T10:00:00.000Z', kind: 'list', reason: 'The Global connection list was unreadable and deleted.', value: unreadable }]);
    assert.equal(outcome.backup?.savedAt, '2025-03-01T10:00:00.000Z');
    assert.deepEqual(
      store.backups().map((b) => [b.scope, b.kind]),
      [['global', 'list']],
    );
    assert.ok(lines.some((l) => /Kept a backup of the unreadable global connection list/.test(l)));
    // The next broken item tells how many copies are kept.
    global.data.set(INDEX_KEY, 'garbage');
    const tree = buildTree(store.list(), { workspaceAvailable: false });
    const node = tree[0]!.children[0]!;
    assert.ok(node.kind === 'broken' && /1 kept, newest 2025-03-01 10:00 UTC/.test(node.tooltip), 'shown in the tree');
  });

  it('refuses to delete an unreadable list that another window made readable meanwhile', async () => {
    const global = new MemoryState();
    const secrets = new MemoryVault();
    const a = new ConnectionStore({ global, secrets });
    const b = new ConnectionStore({ global, secrets });
    const created = await a.create(openAiInput());
    const readable = global.data.get(INDEX_KEY);
    global.data.set(INDEX_KEY, 'truncated');
    const [broken] = b.list().broken;
    assert.equal(broken!.position, -1);
    global.data.set(INDEX_KEY, readable); // another window wrote a good list
    await rejectsWith(b.deleteBroken(broken!), 'stale', { code: 'store.brokenStale', scope: 'global' });
    assert.deepEqual(
      a.list().connections.map((c) => c.id),
      [created.id],
    );
    assert.deepEqual(await a.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
  });

  it('deleting an unreadable list deletes the keys of the connections still recognisable in it', async () => {
    const { store, global, secrets } = setup();
    const created = await store.create(openAiInput());
    global.data.set(INDEX_KEY, JSON.stringify(global.data.get(INDEX_KEY))); // stored as text: unreadable
    await store.deleteBroken(store.list().broken[0]!);
    assert.equal(secrets.data.has(secretKeyFor('global', created.id)), false);
    assert.equal(typeof store.backups()[0]!.value, 'string');
  });

  it('deleting a broken record keeps a backup of it; backups are bounded to the newest', async () => {
    const { store, global } = setup();
    const good = await store.create(openAiInput());
    const records = global.data.get(INDEX_KEY) as unknown[];
    const brokenRecords = Array.from({ length: MAX_BACKUPS + 2 }, (_, i) => ({ name: `Half written ${i}`, alias: i }));
    global.data.set(INDEX_KEY, [...records, ...brokenRecords]);
    for (let i = 0; i < brokenRecords.length; i++) await store.deleteBroken(store.list().broken[0]!);
    assert.deepEqual(
      store.list().connections.map((c) => c.id),
      [good.id],
    );
    const kept = store.backups();
    assert.equal(kept.length, MAX_BACKUPS);
    assert.deepEqual(
      kept.map((b) => b.value),
      brokenRecords.slice(-MAX_BACKUPS),
    );
    assert.ok(kept.every((b) => b.kind === 'record'));
  });

  it('refuses to delete a broken record that another window replaced by another one', async () => {
    const { store, global } = setup();
    global.data.set(INDEX_KEY, [{ id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', alias: 1 }]);
    const [broken] = store.list().broken;
    global.data.set(INDEX_KEY, [{ id: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', alias: 2 }]);
    await rejectsWith(store.deleteBroken(broken!), 'stale');
    assert.equal(store.list().broken[0]!.id, '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d');
  });

  it('refuses to write over the list when the backup cannot be kept', async () => {
    const { store, global } = setup();
    global.data.set(INDEX_KEY, 'garbage');
    global.failNextUpdate = new Error('quota exceeded');
    await rejectsWith(store.deleteBroken(store.list().broken[0]!), 'storage', { code: 'store.backupFailed', cause: 'quota exceeded' });
    assert.equal(global.data.get(INDEX_KEY), 'garbage');
  });
});

describe('ConnectionStore across two windows', () => {
  function twoWindows() {
    const global = new MemoryState();
    const secrets = new MemoryVault();
    const a = new ConnectionStore({ global, workspace: new MemoryState(), secrets });
    const b = new ConnectionStore({ global, workspace: new MemoryState(), secrets });
    return { a, b, global, secrets };
  }

  it('creates in both windows keep both connections', async () => {
    const { a, b } = twoWindows();
    await a.create(openAiInput());
    await b.create(openAiInput({ alias: 'openai-dev', name: 'OpenAI Dev' }));
    assert.deepEqual(
      a
        .list()
        .connections.map((c) => c.alias)
        .sort(),
      ['openai-dev', 'openai-prod'],
    );
  });

  it('refuses a stale update ("changed in another window — reload") and keeps the other window\'s change', async () => {
    const { a, b } = twoWindows();
    const created = await a.create(openAiInput());
    const seenByB = b.get(created.id)!;
    await a.update(created.id, openAiInput({ name: 'Renamed in A' }, { apiKey: '' }), created.dateModified);
    await rejectsWith(b.update(created.id, openAiInput({ name: 'Renamed in B' }, { apiKey: 'sk-test-from-b' }), seenByB.dateModified), 'stale', { code: 'store.stale', name: 'Renamed in A' });
    assert.equal(a.get(created.id)!.name, 'Renamed in A');
    assert.deepEqual(await a.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY }, "B's key was not written");
  });

  it('an update racing a change made while its secret was being written is refused and rolled back', async () => {
    const { a, b, secrets } = twoWindows();
    const created = await a.create(openAiInput());
    const originalStore = secrets.store.bind(secrets);
    let raced = false;
    secrets.store = async (key, value) => {
      await originalStore(key, value);
      if (!raced && key.includes('/secret/')) {
        raced = true;
        await b.setActive(created.id, false);
      }
    };
    await rejectsWith(a.update(created.id, openAiInput({}, { apiKey: 'sk-test-racing' }), created.dateModified), 'stale');
    assert.deepEqual(await a.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
    assert.equal(a.get(created.id)!.isActive, false, "the other window's change stands");
  });

  /** Runs `during` once, right after the first secret bag is written to the vault. */
  function afterFirstSecretWrite(secrets: MemoryVault, during: () => Promise<unknown>): void {
    const originalStore = secrets.store.bind(secrets);
    let done = false;
    secrets.store = async (key, value) => {
      await originalStore(key, value);
      if (!done && key.includes('/secret/')) {
        done = true;
        await during();
      }
    };
  }

  it("two windows saving a new key at once: the loser's rollback keeps the winner's key", async () => {
    const { a, b, secrets } = twoWindows();
    const created = await a.create(openAiInput());
    // A writes its key; before A writes the record, B saves its own key and record.
    afterFirstSecretWrite(secrets, () => b.update(created.id, openAiInput({ name: 'Saved in B' }, { apiKey: 'sk-test-from-b' }), created.dateModified));
    await rejectsWith(a.update(created.id, openAiInput({ name: 'Saved in A' }, { apiKey: 'sk-test-from-a' }), created.dateModified), 'stale');
    assert.equal(a.get(created.id)!.name, 'Saved in B');
    assert.deepEqual(await a.readSecrets(created.id), { apiKey: 'sk-test-from-b' }, "B's saved key stands");
    assert.deepEqual(await b.readSecrets(created.id), { apiKey: 'sk-test-from-b' });
  });

  it("the window whose record lands first keeps its key when the other window's save fails after it", async () => {
    const { a, b, secrets } = twoWindows();
    const created = await a.create(openAiInput());
    // B writes its key; before B writes the record, A saves its key and record (A wins).
    afterFirstSecretWrite(secrets, () => a.update(created.id, openAiInput({ name: 'Saved in A' }, { apiKey: 'sk-test-from-a' }), created.dateModified));
    await rejectsWith(b.update(created.id, openAiInput({ name: 'Saved in B' }, { apiKey: 'sk-test-from-b' }), created.dateModified), 'stale');
    assert.equal(b.get(created.id)!.name, 'Saved in A');
    assert.deepEqual(await b.readSecrets(created.id), { apiKey: 'sk-test-from-a' }, "A's saved key is not lost");
  });

  it('two windows duplicating the same connection at once give the copies different aliases', async () => {
    const { a, b, secrets } = twoWindows();
    const created = await a.create(openAiInput());
    afterFirstSecretWrite(secrets, () => b.duplicate(created.id));
    const copyA = await a.duplicate(created.id);
    const aliases = a
      .list()
      .connections.map((c) => c.alias)
      .sort();
    assert.deepEqual(aliases, ['openai-prod', 'openai-prod-copy', 'openai-prod-copy-2']);
    assert.equal(copyA.alias, 'openai-prod-copy-2', 'the copy written second takes the next free alias');
  });

  it('an update does not write over a record another window left unreadable meanwhile', async () => {
    const { a, global, secrets } = twoWindows();
    const created = await a.create(openAiInput());
    afterFirstSecretWrite(secrets, async () => {
      const [record] = global.data.get(INDEX_KEY) as object[];
      global.data.set(INDEX_KEY, [{ ...record, scope: 'workspace' }]); // written by another version
    });
    await rejectsWith(a.update(created.id, openAiInput({ name: 'Renamed' }, { apiKey: 'sk-test-new' }), created.dateModified), 'stale');
    assert.equal(a.list().broken[0]?.id, created.id, "still the other window's record");
    assert.equal(secrets.data.get(secretKeyFor('global', created.id)), JSON.stringify({ apiKey: FAKE_OPENAI_KEY }));
    assert.deepEqual(
      [...secrets.data.keys()].filter((k) => k.includes('/secret/')),
      [secretKeyFor('global', created.id)],
    );
  });

  it('a change in one window fires onDidChange in the other', async () => {
    const { a, b } = twoWindows();
    const heard = new Promise<void>((resolve) => b.onDidChange(() => resolve()));
    await a.create(openAiInput());
    await heard;
    assert.equal(b.list().connections.length, 1);
  });

  it('a window does not re-announce its own revision', async () => {
    const { a, secrets } = twoWindows();
    let fired = 0;
    a.onDidChange(() => fired++);
    await a.create(openAiInput());
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(fired, 1);
    assert.ok(secrets.data.has(REVISION_KEY));
  });

  it("alias uniqueness is checked against the other window's latest records", async () => {
    const { a, b } = twoWindows();
    await a.create(openAiInput());
    const error = await rejectsWith(b.create(azureInput({ alias: 'openai-prod', scope: 'global' })), 'invalid');
    assert.ok(error.fieldErrors.alias);
  });
});

describe('ConnectionStore with no secret fields', () => {
  it('stores an Ollama connection with no vault entry', async () => {
    const { store, secrets } = setup();
    const created = await store.create({ providerId: 'ollama', name: 'Local', alias: 'local', scope: 'global', isActive: true, values: {} });
    assert.equal(created.settings.baseUrl, 'http://localhost:11434');
    assert.deepEqual(created.secretKeys, []);
    assert.equal(secrets.data.has(secretKeyFor('global', created.id)), false);
  });

  it('custom connection: secrets map in the vault, configs in the record, empty value keeps a stored secret', async () => {
    const { store, global } = setup();
    const created = await store.create({
      providerId: 'custom',
      name: 'Search',
      alias: 'search',
      scope: 'global',
      isActive: true,
      values: { configs: { endpoint: 'https://search.example' }, secrets: { 'api-key': FAKE_AZURE_KEY } },
    });
    assert.deepEqual(created.settings.configs, { endpoint: 'https://search.example' });
    assert.deepEqual(created.secretKeys, ['secrets.api-key']);
    assert.ok(!JSON.stringify(global.data.get(INDEX_KEY)).includes(FAKE_AZURE_KEY));
    const updated = await store.update(created.id, {
      providerId: 'custom',
      name: 'Search',
      alias: 'search',
      scope: 'global',
      isActive: true,
      values: { configs: { endpoint: 'https://search2.example' }, secrets: { 'api-key': '', extra: 'x-test' } },
    });
    assert.deepEqual(updated.secretKeys, ['secrets.api-key', 'secrets.extra']);
    assert.deepEqual(await store.readSecrets(created.id), { 'secrets.api-key': FAKE_AZURE_KEY, 'secrets.extra': 'x-test' });
  });
});
