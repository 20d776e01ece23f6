/**
 * Moving a connection between Global and the workspace, and between workspace folders: it keeps
 * Move to Workspace, Move to Global and Move to Folder… as commands: pickers, messages, the context menu.
 * its id, alias, keys, chat choice and last test result; a failure at any point leaves it where it
 * was, once, with its key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ReferenceStatus } from '../../src/domain/resolution/status';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { connectionCommands } from '../../src/ui/commands/connectionCommands';
import { Command } from '../../src/ui/commands/ids';
import { say } from '../../src/ui/text';
import { formStrings } from '../../src/ui/text/form';
import { NodeContext, buildTree, type ConnectionNode } from '../../src/views/connectionTreeModel';
import { FakeTree, harness, type HarnessFolder } from '../support/uiHarness';
import { FakeUi, MemoryLogger, singleClick } from '../support/fakeUi';
import { MemoryState, MemoryVault } from '../support/memoryPorts';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { FAKE_OPENAI_KEY, openAiInput } from '../support/fixtures';
import { readFileSync } from 'node:fs';

const KEY_API = 'sk-test-api-5Gv1Qw8Zs3Lx';
const KEY_WEB = 'sk-test-web-9Tb4Hn2Jc6Mr';
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
let openai: FakeProvider;
before(async () => {
  openai = await startFakeProvider('openai', { key: FAKE_OPENAI_KEY });
});
after(() => openai.close());

const twoFolders = (): HarnessFolder[] => [
  { uri: 'file:///work/api', name: 'api', files: { 'appsettings.json': JSON.stringify({ OpenAI: { ApiKey: KEY_API } }) } },
  { uri: 'file:///work/web', name: 'web', files: { 'appsettings.json': JSON.stringify({ OpenAI: { ApiKey: KEY_WEB } }) } },
];

describe('Move to Workspace, Move to Global and Move to Folder…', () => {
  it('from the command palette: picks among global connections, moves it with its key, chat choice and test result, and says so', async () => {
    const h = harness();
    const created = await h.store.create(openAiInput({}, { baseUrl: openai.baseUrl }));
    await h.store.create(openAiInput({ alias: 'ws', name: 'Already here', scope: 'workspace' }));
    assert.equal((await h.service.test(created.id)).success, true);
    await h.chat.setChosen(created, ['gpt-4o']);
    h.ui.choose = (items) => items[0];
    await h.commands[Command.moveToWorkspace]!();
    const picker = h.ui.of('pick')[0]!.text;
    assert.match(picker, /Select a global connection to move to the workspace \| OpenAI Production/);
    assert.doesNotMatch(picker, /Already here/, 'only global connections are offered');
    assert.equal(h.ui.of('pick').length, 1, 'one folder: no folder question');
    const moved = h.store.get(created.id)!;
    assert.equal(moved.scope, 'workspace');
    assert.equal(moved.alias, 'openai-prod');
    assert.deepEqual(
      h.ui.of('flash').map((f) => f.text),
      ["$(check) Moved 'OpenAI Production' to Workspace"],
    );
    assert.equal(h.results.get(created.id)?.success, true);
    assert.deepEqual(h.chat.get(moved).chosen, ['gpt-4o']);
    const requests = openai.requests.length;
    assert.equal((await h.service.test(created.id)).success, true, 'still tests with the same key');
    assert.equal(openai.requests[requests]!.headers.authorization, `Bearer ${FAKE_OPENAI_KEY}`);
    await h.commands[Command.moveToGlobal]!(created.alias);
    assert.equal(h.store.get(created.id)?.scope, 'global');
    assert.deepEqual(h.chat.get(h.store.get(created.id)!).chosen, ['gpt-4o']);
  });

  it('from the context menu on an item: no picker', async () => {
    const h = harness();
    const created = await h.store.create(openAiInput());
    const [, global] = buildTree(h.store.list(), { workspaceAvailable: true });
    await h.commands[Command.moveToWorkspace]!(global!.children[0]);
    assert.equal(h.ui.of('pick').length, 0);
    assert.equal(h.store.get(created.id)?.scope, 'workspace');
  });

  it('refuses Move to Workspace when no folder is open, saying why', async () => {
    const ui = new FakeUi();
    const store = new ConnectionStore({ global: new MemoryState(), secrets: new MemoryVault() });
    await store.create(openAiInput());
    const commands = connectionCommands({
      ui,
      workbench: singleClick,
      store,
      companions: [],
      logger: new MemoryLogger(),
      forms: () => ({ open: () => undefined, close: () => undefined }),
      tree: new FakeTree(),
      selection: () => undefined,
      reveal: () => undefined,
      showLog: () => undefined,
    });
    await commands[Command.moveToWorkspace](undefined);
    assert.deepEqual(
      ui.of('info').map((s) => s.text),
      ['Open a folder first: a workspace connection belongs to an open folder or workspace.'],
    );
    assert.equal(store.list().connections[0]!.scope, 'global');
  });

  it('a move the storage refuses shows why and leaves the connection in Global', async () => {
    const h = harness();
    const created = await h.store.create(openAiInput());
    h.workspace.failNext();
    await h.commands[Command.moveToWorkspace]!(created.id);
    assert.match(h.ui.of('error')[0]!.text, /Couldn't move 'OpenAI Production': state update failed\. It stays where it was\./);
    assert.equal(h.store.get(created.id)?.scope, 'global');
  });

  it('in a multi-root workspace asks which folder (the active editor’s first); the references then read that folder and the view re-resolves them', async () => {
    const h = harness({ folders: twoFolders() });
    h.workbench.active = 'file:///work/web';
    const created = await h.store.create(openAiInput({}, { apiKey: '$OpenAI:ApiKey' }));
    const status = new ReferenceStatus(h.resolution, (c) => h.store.readSecrets(c));
    const problems = async () => {
      const connection = h.store.get(created.id)!;
      status.problems(connection);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        status.onDidChange(() => (clearTimeout(timer), resolve()));
      });
      return (status.problems(connection) ?? []).map(say).join();
    };
    assert.match(await problems(), /\$OpenAI:ApiKey not found/, 'a global connection reads no workspace file');
    let offered: string[] = [];
    h.ui.choose = (items) => ((offered = items.map((i) => i.label)), items[0]);
    await h.commands[Command.moveToWorkspace]!(created.id);
    assert.deepEqual(offered, ['web', 'api']);
    assert.match(h.ui.of('pick')[0]!.text, /Move 'OpenAI Production' Which folder does it belong to\?/);
    const moved = h.store.get(created.id)!;
    assert.equal(moved.folder, 'file:///work/web');
    assert.equal(await problems(), '', "now resolves from web's appsettings.json");
    const outcome = await h.resolution.lookup('$OpenAI:ApiKey', moved);
    assert.equal(outcome?.ok && outcome.value, KEY_WEB);
    assert.deepEqual(
      h.ui.of('flash').map((f) => f.text),
      ["$(check) Moved 'OpenAI Production' to web"],
    );
  });

  it('Move to Folder… offers the other folders and moves it there; dismissing moves nothing', async () => {
    const h = harness({ folders: twoFolders() });
    const created = await h.store.create(openAiInput({ scope: 'workspace', folder: 'file:///work/api' }, { apiKey: '$OpenAI:ApiKey' }));
    await h.commands[Command.moveToFolder]!(created.id);
    assert.equal(h.store.get(created.id)?.folder, 'file:///work/api', 'dismissed');
    let offered: string[] = [];
    h.ui.choose = (items) => ((offered = items.map((i) => i.label)), items[0]);
    await h.commands[Command.moveToFolder]!(created.id);
    assert.deepEqual(offered, ['web']);
    const moved = h.store.get(created.id)!;
    assert.equal(moved.folder, 'file:///work/web');
    const outcome = await h.resolution.lookup('$OpenAI:ApiKey', moved);
    assert.equal(outcome?.ok && outcome.value, KEY_WEB);
  });

  it('Move to Folder… with one folder open explains that it needs several', async () => {
    const h = harness();
    await h.store.create(openAiInput({ scope: 'workspace' }));
    await h.commands[Command.moveToFolder]!();
    assert.match(h.ui.of('info')[0]!.text, /Only one folder is open/);
  });

  it('the context menu offers Move to Workspace on global items, Move to Global and Move to Folder… on workspace items', async () => {
    const h = harness();
    await h.store.create(openAiInput());
    await h.store.create(openAiInput({ alias: 'ws', name: 'Workspace one', scope: 'workspace' }));
    const [workspace, global] = buildTree(h.store.list(), { workspaceAvailable: true });
    const contexts = { global: (global!.children[0] as ConnectionNode).contextValue, workspace: (workspace!.children[0] as ConnectionNode).contextValue };
    assert.deepEqual(contexts, { global: NodeContext.activeGlobal, workspace: NodeContext.activeWorkspace });
    const menu = (command: string) => manifest.contributes.menus['view/item/context'].find((m: { command: string }) => m.command === command)!.when as string;
    const shownOn = (command: string) =>
      Object.entries(contexts)
        .filter(([, value]) => new RegExp(/viewItem =~ \/(.+?)\//.exec(menu(command))![1]!).test(value))
        .map(([scope]) => scope);
    assert.deepEqual(shownOn(Command.moveToWorkspace), ['global']);
    assert.deepEqual(shownOn(Command.moveToGlobal), ['workspace']);
    assert.deepEqual(shownOn(Command.moveToFolder), ['workspace']);
    assert.match(menu(Command.moveToWorkspace), /workspaceFolderCount > 0/);
    assert.match(menu(Command.moveToFolder), /workspaceFolderCount > 1/);
  });

  it("the form's scope help names the move commands, not Duplicate", () => {
    const text = formStrings().scopeFixed;
    assert.match(text, /Move to Workspace/);
    assert.match(text, /Move to Global/);
    assert.doesNotMatch(text, /Duplicate/);
  });
});
