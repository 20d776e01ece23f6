/**
 * Multi-root workspaces: a workspace connection belongs to one folder and reads only that
 * folder's appsettings*.json and .env; a folder that left the workspace is reported, never
 * replaced by another; the form offers a Folder only when there are several.
 */
import { resultText } from '../../src/ui/text/results';
import assert from 'node:assert/strict';
import { StoreError } from '../../src/domain/store/errors';
import { after, before, describe, it } from 'node:test';
import { connectionFolder, folderNameOf } from '../../src/domain/folders';
import { ReferenceStatus } from '../../src/domain/resolution/status';
import { parseWebviewMessage } from '../../src/protocol/formProtocol';
import { Command } from '../../src/ui/commands/ids';
import { yamlLabels } from '../../src/ui/commands/yamlCommands';
import { say } from '../../src/ui/text';
import { buildTree, connectionTooltip, folderText, type ConnectionNode } from '../../src/views/connectionTreeModel';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { harness, type HarnessFolder } from '../support/uiHarness';

const KEY_API = 'sk-test-api-7Hq2Lm9Xc4Vb';
const KEY_WEB = 'sk-test-web-3Nd8Rt5Yp1Kz';
let openai: FakeProvider;
before(async () => {
  // Accepts only the web folder's key.
  openai = await startFakeProvider('openai', { key: KEY_WEB });
});
after(() => openai.close());

const appsettings = (key: string) => JSON.stringify({ OpenAI: { ApiKey: key } });

function twoFolders(): HarnessFolder[] {
  return [
    { uri: 'file:///work/api', name: 'api', files: { 'appsettings.json': appsettings(KEY_API) } },
    { uri: 'file:///work/web%20app', name: 'web app', files: { 'appsettings.json': appsettings(KEY_WEB), '.env': 'WEB_ONLY=from-web\n' } },
  ];
}

const input = (alias: string, folder?: string) => ({
  providerId: 'openai',
  name: alias,
  alias,
  scope: 'workspace' as const,
  ...(folder ? { folder } : {}),
  isActive: true,
  values: { apiKey: '$OpenAI:ApiKey', baseUrl: openai.baseUrl },
});

describe('workspace folders (domain)', () => {
  it('names a folder by the last segment of its URI, decoded', () => {
    assert.equal(folderNameOf('file:///work/web%20app'), 'web app');
    assert.equal(folderNameOf('vscode-remote://ssh-remote%2Bbox/home/me/api/'), 'api');
  });

  it('a record without a folder means the first; an unknown folder is a problem, never another folder', () => {
    const folders = twoFolders();
    assert.deepEqual(connectionFolder(undefined, folders), { ok: true, folder: folders[0] });
    assert.equal(connectionFolder('file:///work/web%20app', folders).ok, true);
    const gone = connectionFolder('file:///work/old%20site', folders);
    assert.equal(gone.ok, false);
    assert.deepEqual(!gone.ok && gone.problem, { code: 'resolution.folderNotOpen', folder: 'old site' });
    assert.deepEqual(connectionFolder(undefined, []), { ok: false, problem: { code: 'resolution.noFolder' } });
  });

  it('the folder is shown only for workspace connections, and only with several folders or when it is not open', () => {
    const folders = twoFolders();
    assert.equal(folderText({ scope: 'workspace' }, folders), 'api');
    assert.equal(folderText({ scope: 'workspace' }, folders.slice(0, 1)), undefined);
    assert.equal(folderText({ scope: 'global' }, folders), undefined);
    assert.equal(folderText({ scope: 'workspace', folder: 'file:///gone' }, folders.slice(0, 1)), 'gone (not open)');
  });
});

describe('multi-root references through the VS Code layer (fake ports)', () => {
  it('two folders with different appsettings.json: each workspace connection resolves and tests with its own folder', async () => {
    const h = harness({ folders: twoFolders() });
    const api = await h.store.create(input('api-conn', 'file:///work/api'));
    const web = await h.store.create(input('web-conn', 'file:///work/web%20app'));
    assert.equal(api.folder, 'file:///work/api');
    assert.equal(web.folder, 'file:///work/web%20app');
    const value = async (c: typeof api) => {
      const outcome = await h.resolution.lookup('$OpenAI:ApiKey', c);
      return outcome?.ok ? outcome.value : outcome && say(outcome.problem);
    };
    assert.equal(await value(api), KEY_API);
    assert.equal(await value(web), KEY_WEB);
    assert.equal((await h.resolution.lookup('${env:WEB_ONLY}', api))?.ok, false, "api does not see web's .env");
    assert.equal((await h.service.test(web.id)).success, true);
    const apiResult = await h.service.test(api.id);
    assert.equal(apiResult.success, false);
    assert.equal(apiResult.errorKind, 'auth', "api sent its own folder's key, which the server refuses");
  });

  it('an old record without a folder reads the first folder', async () => {
    const h = harness({ folders: twoFolders() });
    const old = await h.store.create(input('old'));
    assert.equal(old.folder, undefined);
    const outcome = await h.resolution.lookup('$OpenAI:ApiKey', old);
    assert.deepEqual(outcome?.ok && outcome.value, KEY_API);
  });

  it('a folder that left the workspace: the connection reports it, reads no other folder, and sends nothing', async () => {
    const h = harness({ folders: twoFolders() });
    const web = await h.store.create(input('web-conn', 'file:///work/web%20app'));
    h.folders.splice(1, 1);
    h.resolution.invalidate();
    const sent = openai.requests.length;
    const result = await h.service.test(web.id);
    assert.equal(result.errorKind, 'config');
    assert.match(resultText(result)!, /its folder web app is not open in this workspace/);
    assert.equal(openai.requests.length, sent, 'nothing was sent');
    // The tree says so too: a warning with the reason, and the folder marked not open.
    const status = new ReferenceStatus(h.resolution, (c) => h.store.readSecrets(c));
    const node = () => buildTree(h.store.list(), { workspaceAvailable: true, referenceProblems: (c) => status.problems(c)?.map(say), folderLabel: (c) => folderText(c, h.workbench.folders()) })[0]!.children[0] as ConnectionNode;
    node();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      status.onDidChange(() => (clearTimeout(timer), resolve()));
    });
    const shown = node();
    assert.match(shown.description, /web app \(not open\)/);
    assert.match(shown.referenceProblems!.join(), /its folder web app is not open in this workspace/);
    assert.match(connectionTooltip(shown.connection, {}, undefined, shown.referenceProblems, shown.folder), /\| Folder \| web app \\\(not open\\\) \|/);
  });

  it('the tree and Show Resolution name the folder when there are several', async () => {
    const h = harness({ folders: twoFolders() });
    await h.store.create(input('web-conn', 'file:///work/web%20app'));
    const node = buildTree(h.store.list(), { workspaceAvailable: true, folderLabel: (c) => folderText(c, h.workbench.folders()) })[0]!.children[0] as ConnectionNode;
    assert.match(node.description, /^web-conn · OpenAI · web app/);
    await h.commands[Command.showResolution]!('web-conn');
    assert.match(h.ui.of('pick').at(-1)!.text, /^Resolution of web-conn in folder web app /);
    assert.equal(h.ui.everything.includes(KEY_WEB), false);
  });

  it('the store refuses a folder that is not open', async () => {
    const h = harness({ folders: twoFolders() });
    await assert.rejects(h.store.create(input('stray', 'file:///elsewhere')), (error: StoreError) => error.fieldErrors.folder?.code === 'validation.folderNotOpen');
  });
});

describe('the form with several folders', () => {
  it('shows a Folder choice only with several folders, defaulting to the active editor’s folder', async () => {
    const one = harness();
    one.forms.open();
    await one.forms.session('new')!.receive({ type: 'ready' });
    assert.equal(one.views.last.last('init')!.folders, undefined, 'one folder: nothing new');

    const h = harness({ folders: twoFolders() });
    h.workbench.active = 'file:///work/web%20app';
    h.forms.open();
    await h.forms.session('new')!.receive({ type: 'ready' });
    const init = h.views.last.last('init')!;
    assert.deepEqual(init.folders, [
      { uri: 'file:///work/api', name: 'api' },
      { uri: 'file:///work/web%20app', name: 'web app' },
    ]);
    assert.equal(init.defaultFolder, 'file:///work/web%20app');
  });

  it('saves the chosen folder, shows it on edit and lets it be changed; a test and a hint use the folder in the form', async () => {
    const h = harness({ folders: twoFolders() });
    h.forms.open();
    const session = h.forms.session('new')!;
    await session.receive({ type: 'resolveReference', requestId: 1, field: 'apiKey', reference: '$OpenAI:ApiKey', scope: 'workspace', folder: 'file:///work/web%20app' });
    assert.equal(h.views.last.last('referenceHint')!.ok, true);
    await session.receive({ type: 'test', requestId: 1, input: input('web-conn', 'file:///work/web%20app') });
    assert.equal(h.views.last.last('testResult')!.result?.success, true, JSON.stringify(h.views.last.last('testResult')));
    await session.receive({ type: 'save', requestId: 2, input: input('web-conn', 'file:///work/web%20app') });
    const saved = h.store.list().connections[0]!;
    assert.equal(saved.folder, 'file:///work/web%20app');

    h.forms.open(saved);
    const edit = h.forms.session(saved.id)!;
    await edit.receive({ type: 'ready' });
    const init = h.views.last.last('init')!;
    assert.equal(init.connection!.folder, 'file:///work/web%20app');
    assert.equal(init.defaultFolder, 'file:///work/web%20app');
    await edit.receive({ type: 'save', requestId: 3, input: input('web-conn', 'file:///work/api') });
    assert.equal(h.store.get(saved.id)!.folder, 'file:///work/api');
  });

  it('the message schema refuses a folder the form was not offered', async () => {
    const offered = { folders: ['file:///work/api', 'file:///work/web%20app'] };
    const save = (folder: string) => ({ type: 'save', requestId: 1, input: input('x', folder) });
    assert.equal(parseWebviewMessage(save('file:///work/api'), offered).ok, true);
    const refused = parseWebviewMessage(save('file:///etc'), offered);
    assert.equal(refused.ok, false);
    assert.equal(parseWebviewMessage({ type: 'resolveReference', requestId: 1, field: 'apiKey', reference: '$A:B', scope: 'workspace', folder: 'file:///etc' }, offered).ok, false);
    // Through the host: nothing is saved, and the save is answered.
    const h = harness({ folders: twoFolders() });
    h.forms.open();
    await h.forms.session('new')!.receive(save('file:///etc'));
    assert.equal(h.store.list().connections.length, 0);
    assert.equal(h.views.last.last('saveResult')!.ok, false);
    // With one folder, no folder is offered, so none is accepted.
    const one = harness();
    one.forms.open();
    await one.forms.session('new')!.receive(save('file:///work/app'));
    assert.equal(one.store.list().connections.length, 0);
  });

  it('editing a connection whose folder is not open shows it as such, and it can be moved to an open one', async () => {
    const h = harness({ folders: twoFolders() });
    const web = await h.store.create(input('web-conn', 'file:///work/web%20app'));
    h.folders.splice(1, 1);
    h.forms.open(web);
    const session = h.forms.session(web.id)!;
    await session.receive({ type: 'ready' });
    assert.deepEqual(h.views.last.last('init')!.folders, [
      { uri: 'file:///work/api', name: 'api' },
      { uri: 'file:///work/web%20app', name: 'web app (not open)' },
    ]);
    await session.receive({ type: 'save', requestId: 1, input: input('web-conn', 'file:///work/api') });
    assert.equal(h.store.get(web.id)!.folder, 'file:///work/api');
  });
});

describe('imports pick the folder', () => {
  it('Import from Environment asks which folder’s .env when several have one, and the connection reads that folder', async () => {
    const folders = twoFolders();
    folders[0]!.files['.env'] = 'MISTRAL_API_KEY=mistral-from-api\n';
    folders[1]!.files['.env'] = `OPENAI_API_KEY=${KEY_WEB}\nOPENAI_BASE_URL=${openai.baseUrl}\n`;
    const h = harness({ folders });
    h.ui.choose = (items) => items.find((i) => i.label === 'web app') ?? items[0];
    h.ui.chooseMany = (items) => [...items];
    await h.commands[Command.importFromEnvironment]!();
    assert.match(h.ui.of('pick')[0]!.text, /Which folder’s \.env\?.* \| api MISTRAL_API_KEY +\| web app OPENAI_API_KEY, OPENAI_BASE_URL/);
    const [created] = h.store.list().connections;
    assert.equal(created!.providerId, 'openai');
    assert.equal(created!.folder, 'file:///work/web%20app');
    assert.equal((await h.service.test(created!.id)).success, true);
  });

  it('Import from Environment asks nothing when only one folder has a .env', async () => {
    const folders = twoFolders();
    folders[1]!.files['.env'] = 'MISTRAL_API_KEY=mistral-from-web\n';
    const h = harness({ folders });
    h.ui.chooseMany = (items) => [...items];
    h.ui.choose = (items) => items[0];
    await h.commands[Command.importFromEnvironment]!();
    assert.equal(h.ui.of('pick').length, 2, 'the proposals and how to store them, no folder question');
    assert.equal(h.store.list().connections[0]!.folder, 'file:///work/web%20app');
  });

  it('YAML import into the workspace asks for the folder when there are several', async () => {
    const h = harness({ folders: twoFolders() });
    h.documents.put('file:///w/c.yaml', 'name: my_custom\ntype: custom\nconfigs:\n  key1: v\nsecrets:\n  key2: ${env:KEY2}\n');
    h.ui.answers = [yamlLabels().IMPORT_TO_WORKSPACE];
    h.ui.choose = (items) => items.find((i) => i.label === 'web app');
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/c.yaml' });
    assert.match(h.ui.of('pick')[0]!.text, /Which folder do the new connections belong to\?/);
    const [c] = h.store.list().connections;
    assert.equal(c!.scope, 'workspace');
    assert.equal(c!.folder, 'file:///work/web%20app');
  });
});
