/**
 * Moving a connection between Global and the workspace, and between workspace folders: it keeps
 * its id, alias, keys, chat choice and last test result; a failure at any point leaves it where it
 * was, once, with its key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Scope } from '../../src/domain/connection';
import { ConnectionStore, INDEX_KEY, ORPHANED_SECRETS_KEY, secretKeyFor } from '../../src/domain/store/connectionStore';
import { StoreError } from '../../src/domain/store/errors';
import { moveConnection } from '../../src/domain/store/move';
import { ChatModelStore, CHAT_KEY } from '../../src/domain/chat/selection';
import { RESULTS_KEY, TestResultStore } from '../../src/domain/testing/resultStore';
import { say } from '../../src/ui/text';
import { MemoryLogger } from '../support/fakeUi';
import { MemoryState, MemoryVault } from '../support/memoryPorts';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { FAKE_OPENAI_KEY, openAiInput } from '../support/fixtures';

let openai: FakeProvider;
before(async () => {
  openai = await startFakeProvider('openai', { key: FAKE_OPENAI_KEY });
});
after(() => openai.close());

function setup(options: { workspace?: boolean } = {}) {
  const global = new MemoryState();
  const workspace = new MemoryState();
  const secrets = new MemoryVault();
  const logger = new MemoryLogger();
  const folders = [{ uri: 'file:///work/app', name: 'app' }];
  const store = new ConnectionStore({ global, ...(options.workspace === false ? {} : { workspace }), secrets, logger, folders: () => folders });
  return { store, global, workspace, secrets, logger };
}

type World = ReturnType<typeof setup>;

/** Everything stored: both lists and every vault entry (the revision aside). */
function snapshot(w: Pick<World, 'global' | 'workspace' | 'secrets'>) {
  return JSON.stringify({
    global: w.global.data.get(INDEX_KEY) ?? [],
    workspace: w.workspace.data.get(INDEX_KEY) ?? [],
    orphans: w.global.data.get(ORPHANED_SECRETS_KEY) ?? [],
    vault: [...w.secrets.data].filter(([key]) => key.includes('/secret/')).sort(),
  });
}

function ids(state: MemoryState): string[] {
  return ((state.data.get(INDEX_KEY) as { id: string }[] | undefined) ?? []).map((r) => r.id);
}

function vaultKeys(secrets: MemoryVault, scope: Scope, id: string): string[] {
  return [...secrets.data.keys()].filter((key) => key.startsWith(secretKeyFor(scope, id)));
}

async function rejects(promise: Promise<unknown>, code: string): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StoreError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('ConnectionStore.move', () => {
  it('moves a global connection to the workspace with its id, alias, settings and key; the global key entry goes', async () => {
    const { store, global, workspace, secrets } = setup();
    const created = await store.create(openAiInput());
    const moved = await store.move(created.id, { scope: 'workspace' });
    assert.equal(moved.scope, 'workspace');
    assert.equal(moved.id, created.id);
    assert.equal(moved.alias, created.alias);
    assert.deepEqual(moved.settings, created.settings);
    assert.ok(moved.dateModified > created.dateModified, 'a move is a change: open forms and cached reference answers see it');
    assert.deepEqual(ids(global), []);
    assert.deepEqual(ids(workspace), [created.id]);
    assert.deepEqual(await store.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
    assert.deepEqual(vaultKeys(secrets, 'global', created.id), [], 'no key left under Global');
    assert.equal(vaultKeys(secrets, 'workspace', created.id).length, 1);
    assert.deepEqual(store.get(created.alias), moved);
  });

  it('moves back to Global, and within the workspace to another folder in place, with the same key entry', async () => {
    const w = setup();
    const folders = [
      { uri: 'file:///work/api', name: 'api' },
      { uri: 'file:///work/web', name: 'web' },
    ];
    const store = new ConnectionStore({ global: w.global, workspace: w.workspace, secrets: w.secrets, folders: () => folders });
    const created = await store.create(openAiInput({ scope: 'workspace', folder: 'file:///work/api' }));
    const keyEntry = vaultKeys(w.secrets, 'workspace', created.id);
    const inWeb = await store.move(created.id, { scope: 'workspace', folder: 'file:///work/web' });
    assert.equal(inWeb.folder, 'file:///work/web');
    assert.deepEqual(vaultKeys(w.secrets, 'workspace', created.id), keyEntry, 'a folder move keeps the key where it is');
    const back = await store.move(created.id, { scope: 'global' });
    assert.equal(back.scope, 'global');
    assert.equal(back.folder, undefined, 'a global connection has no folder');
    assert.deepEqual(ids(w.workspace), []);
    assert.deepEqual(await store.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
    assert.deepEqual(vaultKeys(w.secrets, 'workspace', created.id), []);
  });

  it('refuses the workspace when no folder is open, and a folder that is not open; nothing changes', async () => {
    const alone = setup({ workspace: false });
    const created = await alone.store.create(openAiInput());
    const before = snapshot(alone);
    const error = await rejects(alone.store.move(created.id, { scope: 'workspace' }), 'invalid');
    assert.equal(error.detail.code, 'validation.workspaceUnavailable');
    assert.equal(snapshot(alone), before);
    const w = setup();
    const other = await w.store.create(openAiInput());
    const kept = snapshot(w);
    const notOpen = await rejects(w.store.move(other.id, { scope: 'workspace', folder: 'file:///elsewhere' }), 'invalid');
    assert.equal(notOpen.detail.code, 'validation.folderNotOpen');
    assert.equal(snapshot(w), kept);
  });

  it('refuses a move of a version another window changed since (stale), keeping that change', async () => {
    const w = setup();
    const created = await w.store.create(openAiInput());
    const other = new ConnectionStore({ global: w.global, workspace: w.workspace, secrets: w.secrets });
    await other.update(created.id, { ...openAiInput({ name: 'Renamed' }), values: { apiKey: '' } });
    await rejects(w.store.move(created.id, { scope: 'workspace' }, created.dateModified), 'stale');
    assert.equal(w.store.get(created.id)?.name, 'Renamed');
    assert.equal(w.store.get(created.id)?.scope, 'global');
  });

  /** Each failure point: the connection stays in Global, once, with its key; nothing the move wrote is left. */
  const failurePoints: { name: string; arm: (w: World) => void; code: string }[] = [
    { name: 'secret storage refuses the key entry of the new scope', arm: (w) => w.secrets.failNext('store'), code: 'secretStorage' },
    { name: 'secret storage refuses to read the key', arm: (w) => w.secrets.failNext('get'), code: 'secretStorage' },
    { name: 'the workspace state refuses the new record', arm: (w) => w.workspace.failNext(), code: 'storage' },
    { name: 'the global state refuses to remove the old record (the new one is taken back)', arm: (w) => w.global.failNext(), code: 'storage' },
    {
      name: 'a window of another folder renames it while the new record is written',
      arm: (w) => {
        const update = w.workspace.update.bind(w.workspace);
        w.workspace.update = async (key, value) => {
          w.workspace.update = update;
          await update(key, value);
          const other = new ConnectionStore({ global: w.global, secrets: w.secrets });
          await other.update(other.list().connections[0]!.id, { ...openAiInput({ name: 'Renamed' }), values: { apiKey: '' } });
        };
      },
      code: 'stale',
    },
  ];
  for (const point of failurePoints) {
    it(`a failed move leaves it where it was, once, with its key: ${point.name}`, async () => {
      const w = setup();
      const created = await w.store.create(openAiInput());
      const before = snapshot(w);
      point.arm(w);
      const error = await rejects(w.store.move(created.id, { scope: 'workspace' }), point.code);
      if (point.code === 'storage') assert.match(say(error.detail), /^Couldn't move 'OpenAI Production': state update failed\. It stays where it was\.$/);
      assert.deepEqual(ids(w.workspace), [], 'no copy in the workspace');
      assert.deepEqual(ids(w.global), [created.id]);
      if (point.code !== 'stale') assert.equal(snapshot(w), before, 'everything as it was');
      assert.deepEqual(vaultKeys(w.secrets, 'workspace', created.id), [], "the copy's key entry is removed");
      assert.deepEqual(await w.store.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
      assert.ok(!JSON.stringify(error).includes(FAKE_OPENAI_KEY));
    });
  }

  it('when the old record can be neither removed nor the new one taken back, it still shows once, where it was, and both keep their key', async () => {
    const w = setup();
    const created = await w.store.create(openAiInput());
    w.global.failNext();
    w.workspace.failNext(undefined, 1);
    await rejects(w.store.move(created.id, { scope: 'workspace' }), 'storage');
    assert.deepEqual(ids(w.global), [created.id]);
    assert.deepEqual(ids(w.workspace), [created.id], 'the copy is left behind, marked as a move under way');
    assert.deepEqual(
      w.store.list().connections.map((c) => c.scope),
      ['global'],
      'the copy is not the connection while Global holds it',
    );
    assert.equal(w.store.get(created.id)?.scope, 'global');
    for (const scope of ['global', 'workspace'] as const) {
      const record = (w[scope].data.get(INDEX_KEY) as { secretVersion?: string }[])[0]!;
      assert.equal(w.secrets.data.get(secretKeyFor(scope, created.id, record.secretVersion)), JSON.stringify({ apiKey: FAKE_OPENAI_KEY }), `${scope} keeps its key`);
    }
    assert.ok(w.logger.lines.some((l) => /Couldn't take back the moved copy/.test(l)));
  });

  it('deleting a connection whose failed move left a copy behind deletes the copy and its key too', async () => {
    const w = setup();
    const created = await w.store.create(openAiInput());
    w.global.failNext();
    w.workspace.failNext(undefined, 1);
    await rejects(w.store.move(created.id, { scope: 'workspace' }), 'storage');
    await w.store.delete(created.id);
    assert.deepEqual(w.store.list().connections, [], 'the copy does not take its place');
    assert.deepEqual(ids(w.workspace), []);
    assert.deepEqual(
      [...w.secrets.data.keys()].filter((k) => k.includes('/secret/')),
      [],
    );
  });

  it('a global key entry secret storage refuses to delete after the move is listed and retried', async () => {
    const w = setup();
    const created = await w.store.create(openAiInput());
    const oldKey = vaultKeys(w.secrets, 'global', created.id)[0]!;
    w.secrets.failNext('delete');
    const moved = await w.store.move(created.id, { scope: 'workspace' });
    assert.equal(moved.scope, 'workspace');
    assert.deepEqual(w.global.data.get(ORPHANED_SECRETS_KEY), [oldKey]);
    await w.store.retryOrphanedSecrets();
    assert.deepEqual(vaultKeys(w.secrets, 'global', created.id), []);
  });

  it('another window looking while the move is under way sees the connection once, where it was', async () => {
    const w = setup();
    const created = await w.store.create(openAiInput());
    const other = new ConnectionStore({ global: w.global, workspace: w.workspace, secrets: w.secrets });
    const update = w.global.update.bind(w.global);
    let seen: string[] = [];
    w.global.update = async (key, value) => {
      if (key === INDEX_KEY) seen = other.list().connections.map((c) => `${c.scope} ${c.id}`);
      return update(key, value);
    };
    await w.store.move(created.id, { scope: 'workspace' });
    assert.deepEqual(seen, [`global ${created.id}`]);
    assert.deepEqual(
      other.list().connections.map((c) => c.scope),
      ['workspace'],
    );
    assert.ok(!JSON.stringify(w.workspace.data.get(INDEX_KEY)).includes('movingFrom'), 'the mark goes once the move is done');
  });

  it('two windows moving the same connection at once: one move wins, the other is refused, one copy remains', async () => {
    const w = setup();
    const created = await w.store.create(openAiInput());
    const other = new ConnectionStore({ global: w.global, workspace: w.workspace, secrets: w.secrets });
    const outcomes = await Promise.allSettled([w.store.move(created.id, { scope: 'workspace' }), other.move(created.id, { scope: 'workspace' })]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    assert.deepEqual(ids(w.workspace), [created.id]);
    assert.deepEqual(ids(w.global), []);
    assert.deepEqual(vaultKeys(w.secrets, 'workspace', created.id).length, 1);
    assert.deepEqual(vaultKeys(w.secrets, 'global', created.id), []);
    assert.deepEqual(await w.store.readSecrets(created.id), { apiKey: FAKE_OPENAI_KEY });
  });
});

describe('moving with the chat choice and the last test result', () => {
  const result = { success: true, latencyMs: 12, testedAt: '2026-01-01T00:00:00.000Z', modelCount: 3 };

  async function withCompanions() {
    const w = setup();
    const chat = new ChatModelStore({ global: w.global, workspace: w.workspace });
    const results = new TestResultStore({ global: w.global, workspace: w.workspace });
    const created = await w.store.create(openAiInput());
    await chat.setChosen(created, ['gpt-4o']);
    await results.set([[created, result]], [created]);
    return { ...w, chat, results, created, companions: [chat, results] };
  }

  it('carries both to the new scope and removes them from the old one', async () => {
    const w = await withCompanions();
    const moved = await moveConnection(w.store, w.companions, w.created, { scope: 'workspace' }, w.logger);
    assert.deepEqual(w.chat.get(moved).chosen, ['gpt-4o']);
    assert.equal(w.results.get(moved.id)?.latencyMs, 12);
    assert.deepEqual(w.global.data.get(CHAT_KEY), {});
    assert.deepEqual(w.global.data.get(RESULTS_KEY), {});
    const back = await moveConnection(w.store, w.companions, moved, { scope: 'global' }, w.logger);
    assert.deepEqual(w.chat.get(back).chosen, ['gpt-4o']);
    assert.equal(w.results.get(back.id)?.latencyMs, 12);
    assert.deepEqual(w.workspace.data.get(CHAT_KEY), {});
  });

  it('a move that fails leaves them where they were, with no copy in the other scope', async () => {
    const w = await withCompanions();
    w.global.failNext(new Error('state update failed'), 0);
    // The chat and result copies go to the workspace first; the global list then refuses the removal.
    const update = w.global.update.bind(w.global);
    let calls = 0;
    w.global.update = async (key, value) => {
      if (key === INDEX_KEY && ++calls === 1) throw new Error('state update failed');
      return update(key, value);
    };
    w.global.clearFailures();
    await rejects(moveConnection(w.store, w.companions, w.created, { scope: 'workspace' }, w.logger), 'storage');
    assert.deepEqual(w.chat.get(w.created).chosen, ['gpt-4o']);
    assert.equal(w.results.get(w.created.id)?.latencyMs, 12);
    assert.deepEqual(w.workspace.data.get(CHAT_KEY), {});
    assert.deepEqual(w.workspace.data.get(RESULTS_KEY), {});
    assert.deepEqual(ids(w.workspace), []);
  });

  it('a scope that refuses the copy of the chat choice moves nothing', async () => {
    const w = await withCompanions();
    const before = snapshot(w);
    w.workspace.failNext();
    const error = await rejects(moveConnection(w.store, w.companions, w.created, { scope: 'workspace' }, w.logger), 'storage');
    assert.equal(error.detail.code, 'store.moveFailed');
    assert.equal(snapshot(w), before);
    assert.deepEqual(w.chat.get(w.created).chosen, ['gpt-4o']);
  });
});
