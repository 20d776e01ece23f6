/**
 * Shared connections changed and carried: Share with Workspace…, the form writing the file,
 * definitions synced to another machine, every place a connection works, failures, multi-root.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keysToSync } from '../../src/domain/shared/machineKeys';
import { SHARED_FILE_PATH, isShared } from '../../src/domain/shared/parse';
import { Command } from '../../src/ui/commands/ids';
import { say } from '../../src/ui/text';
import { buildTree } from '../../src/views/connectionTreeModel';
import { openAiInput } from '../support/fixtures';
import { SHARED_KEY as KEY, definition, sharedServers } from '../support/sharedWorld';
import { harness } from '../support/uiHarness';

const { servers, world } = sharedServers();

describe('Share with Workspace…', () => {
  it('writes the definition with its key as "ask" and no key in the file, keeps using my key for it, and removes my copy when asked', async () => {
    const { h, files, shared } = await world({ connections: [] });
    const mine = await h.store.create(openAiInput({ name: 'Mine', alias: 'mine' }, { apiKey: KEY, baseUrl: servers.server.baseUrl }));
    h.ui.answers = ['Share and Remove My Copy', undefined];
    await h.commands[Command.shareWithWorkspace]!(mine.id);
    const text = files[SHARED_FILE_PATH]!;
    assert.ok(!text.includes(KEY), 'no key in the file');
    const written = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as { connections: { id: string; secrets: unknown; settings: unknown }[] };
    assert.deepEqual(written.connections, [{ id: 'mine', alias: 'mine', name: 'Mine', provider: 'openai', settings: { baseUrl: servers.server.baseUrl }, secrets: { apiKey: 'ask' } }]);
    assert.equal(h.store.get(mine.id), undefined, 'my copy is gone');
    assert.equal(shared().alias, 'mine');
    assert.equal(h.services.shared.bindingState(shared().id)?.state, 'bound', 'my key is set for the shared connection');
    assert.equal((await h.service.test(shared().id)).success, true);
    assert.match(h.ui.of('confirm')[0]!.detail ?? '', /its key becomes "ask"/);
  });

  it('keeps a reference as the reference, adds to a file with comments without losing them, and refuses an alias the file has', async () => {
    const { h, files } = await world();
    files[SHARED_FILE_PATH] = `{\n  // keep me\n  "connections": [${JSON.stringify(definition(servers.server.baseUrl))}]\n}\n`;
    await h.services.shared.reload();
    const ref = await h.store.create(openAiInput({ name: 'By reference', alias: 'by-ref' }, { apiKey: '${env:OPENAI_API_KEY}' }));
    h.ui.answers = ['Share and Keep My Copy', undefined];
    await h.commands[Command.shareWithWorkspace]!(ref.id);
    assert.match(files[SHARED_FILE_PATH]!, /\/\/ keep me/);
    assert.match(files[SHARED_FILE_PATH]!, /"apiKey": "\$\{env:OPENAI_API_KEY\}"/);
    assert.ok(h.store.get(ref.id), 'my copy is kept');
    const clash = await h.store.create(openAiInput({ name: 'Clash', alias: 'clash' }, { apiKey: KEY }));
    // A teammate's definition with the same alias arrives before mine is shared.
    files[SHARED_FILE_PATH] = JSON.stringify({ connections: [definition(servers.server.baseUrl, { id: 'theirs', alias: 'clash' })] });
    await h.services.shared.reload();
    const before = files[SHARED_FILE_PATH];
    await h.commands[Command.shareWithWorkspace]!(clash.id);
    assert.equal(files[SHARED_FILE_PATH], before, 'nothing written');
    assert.match(h.ui.of('error').at(-1)!.text, /Couldn't share 'Clash' in app\/\.vscode\/ai-connections\.json: .*alias 'clash'/);
  });

  it('refuses a file that is not JSON, writing nothing', async () => {
    const { h, files } = await world();
    files[SHARED_FILE_PATH] = '{ "connections": [ ';
    const mine = await h.store.create(openAiInput({}, { apiKey: KEY }));
    await h.commands[Command.shareWithWorkspace]!(mine.id);
    assert.equal(files[SHARED_FILE_PATH], '{ "connections": [ ');
    assert.match(h.ui.of('error').at(-1)!.text, /isn't JSON/);
  });
});

describe('the form of a shared connection', () => {
  const formInput = (values: Record<string, string>, extra: Record<string, unknown> = {}) => ({ providerId: 'openai', name: 'Team OpenAI', alias: 'team-openai', scope: 'workspace' as const, isActive: true, values, ...extra });

  it('saves into the file: settings as typed, the key still "ask"; a key typed is mine, set on this machine and never written', async () => {
    const { h, files, shared } = await world();
    const text = `{\n  // kept\n  "connections": [${JSON.stringify(definition(servers.server.baseUrl))}]\n}\n`;
    files[SHARED_FILE_PATH] = text;
    await h.services.shared.reload();
    h.forms.open(shared());
    const session = h.forms.session(shared().id)!;
    await session.receive({ type: 'save', requestId: 1, input: formInput({ apiKey: KEY, baseUrl: `${servers.server.baseUrl}/`, organization: 'org-team' }, { name: 'Team OpenAI (EU)' }) });
    assert.equal(h.views.last.last('saveResult')?.ok, true, JSON.stringify(h.views.last.last('saveResult')));
    const written = files[SHARED_FILE_PATH]!;
    assert.ok(!written.includes(KEY), 'the typed key is not written');
    assert.match(written, /\/\/ kept/);
    assert.match(written, /"name": "Team OpenAI \(EU\)"/);
    assert.match(written, /"organization": "org-team"/);
    assert.match(written, /"apiKey": "ask"/);
    assert.equal(shared().name, 'Team OpenAI (EU)');
    assert.equal(h.services.shared.bindingState(shared().id)?.state, 'bound', 'the key typed is set for me');
    assert.equal((await h.service.test(shared().id)).success, true);
  });

  it('refuses what a save of a personal connection refuses, writing nothing: a taken alias, another provider’s host', async () => {
    const { h, files, shared } = await world();
    await h.store.create(openAiInput({ alias: 'mine', name: 'Mine' }, { apiKey: 'sk-test-mine-0000' }));
    const before = files[SHARED_FILE_PATH];
    h.forms.open(shared());
    const session = h.forms.session(shared().id)!;
    await session.receive({ type: 'save', requestId: 1, input: formInput({ apiKey: '', baseUrl: servers.server.baseUrl }, { alias: 'mine' }) });
    assert.equal(h.views.last.last('saveResult')?.ok, false);
    assert.ok(h.views.last.last('saveResult')?.errors.alias, 'the alias is refused beside its field');
    await session.receive({ type: 'save', requestId: 2, input: formInput({ apiKey: '', baseUrl: 'https://api.anthropic.com/v1' }) });
    assert.equal(h.views.last.last('saveResult')?.ok, false);
    assert.equal(files[SHARED_FILE_PATH], before, 'nothing written');
  });

  it('a typed reference is written as the reference', async () => {
    const { h, files, shared } = await world();
    h.forms.open(shared());
    await h.forms.session(shared().id)!.receive({ type: 'save', requestId: 1, input: formInput({ apiKey: '${env:TEAM_OPENAI_KEY}', baseUrl: servers.server.baseUrl }) });
    assert.equal(h.views.last.last('saveResult')?.ok, true);
    assert.match(files[SHARED_FILE_PATH]!, /"apiKey": "\$\{env:TEAM_OPENAI_KEY\}"/);
    assert.deepEqual(shared().shared.ask, []);
  });
});

describe('global definitions synced to another machine (Settings Sync)', () => {
  it('arrive without their keys: the view says a key is needed on this machine, the first test asks, and the synced record never changes', async () => {
    const home = harness({ folders: [] });
    const created = await home.store.create(openAiInput({}, { apiKey: KEY, baseUrl: servers.server.baseUrl }));
    // The other machine: the same global records (synced), its own secret storage.
    const away = harness({ global: home.global, folders: [] });
    away.settings.syncDefinitions = true;
    await away.services.machineKeys.refresh();
    assert.equal(away.services.machineKeys.state(created.id)?.state, 'needed');
    const tree = buildTree(away.store.list(), { workspaceAvailable: false, bindingState: (c) => away.services.machineKeys.state(c.id) });
    assert.match(tree[0]!.children[0]!.description, /openai-prod · OpenAI · key needed on this machine$/);
    const record = JSON.stringify(home.global.data.get('aiConnections.connections'));
    // Test All does not ask; the message says where the definition came from.
    const unasked = [...(await away.service.testAll()).values()][0]!;
    assert.match(say(unasked.message!), /came with Settings Sync, its key never does/);
    away.ui.answers = ['Set My Key…'];
    away.ui.typed = [KEY];
    const result = await away.service.test(created.id);
    assert.equal(result.success, true, JSON.stringify(result));
    assert.equal(servers.server.requests.at(-1)?.headers.authorization, `Bearer ${KEY}`);
    assert.equal(JSON.stringify(home.global.data.get('aiConnections.connections')), record, 'the synced record is not touched: no key travels back');
    await away.services.machineKeys.refresh();
    assert.equal(away.services.machineKeys.state(created.id)?.state, 'bound');
    assert.deepEqual(await home.store.readSecrets(created.id), { apiKey: KEY }, 'the first machine keeps its own key');
  });

  it('Set My Key… sets it from the command palette; nothing is read while syncing is off', async () => {
    const home = harness({ folders: [] });
    const created = await home.store.create(openAiInput({}, { apiKey: KEY, baseUrl: servers.server.baseUrl }));
    const away = harness({ global: home.global, folders: [] });
    await away.services.machineKeys.refresh();
    assert.equal(away.services.machineKeys.state(created.id), undefined, 'syncing off: not looked at');
    away.settings.syncDefinitions = true;
    await away.services.machineKeys.refresh();
    away.ui.choose = (items) => items[0];
    away.ui.typed = [KEY];
    await away.commands[Command.setMyKey]!();
    assert.equal(away.services.machineKeys.state(created.id)?.state, 'bound');
    assert.equal((await away.service.test(created.id)).success, true);
  });
});

describe('what Settings Sync carries', () => {
  it('nothing unless the user turns it on; then only the list of global records, which holds no key', async () => {
    assert.deepEqual(keysToSync(false), []);
    assert.deepEqual(keysToSync(true), ['aiConnections.connections']);
    const h = harness({ folders: [] });
    await h.store.create(openAiInput({}, { apiKey: KEY }));
    for (const key of keysToSync(true)) assert.ok(!JSON.stringify(h.global.data.get(key)).includes(KEY), `${key} holds no key`);
  });
});

describe('a shared connection where any connection works', () => {
  it('its tested models are offered in Chat, Show Resolution names its references, and YAML export writes no key', async () => {
    const { h, shared, editFile } = await world();
    h.ui.typed = [KEY];
    await h.commands[Command.setMyKey]!(shared().id);
    assert.equal((await h.service.test(shared().id)).success, true);
    assert.ok(
      (h.chat.get(shared()).models ?? []).some((m) => m.id === 'gpt-4o'),
      'its chat models are listed for Chat',
    );
    await editFile([definition(servers.server.baseUrl, { secrets: { apiKey: '${env:TEAM_KEY}' } })]);
    await h.commands[Command.showResolution]!(shared().id);
    assert.match(JSON.stringify(h.ui.shown), /TEAM_KEY/);
    h.ui.choose = (items) => items[0];
    const uri = 'file:///work/out/team.connection.yaml';
    h.documents.savePick = uri;
    await h.commands[Command.exportYaml]!(shared().id);
    const exported = h.documents.text(uri);
    assert.match(exported, /\$\{env:TEAM_KEY\}/);
    assert.ok(!exported.includes(KEY), 'no key exported');
  });
});

describe('failures', () => {
  it('a secret storage that refuses the key: Set My Key… says so, and nothing is set', async () => {
    const { h, shared } = await world();
    h.secrets.failNext('store', new Error('the keyring is locked'));
    h.ui.typed = [KEY];
    await h.commands[Command.setMyKey]!(shared().id);
    assert.match(h.ui.of('error').at(-1)!.text, /Couldn't keep your key for 'Team OpenAI' in secret storage: the keyring is locked\. Nothing was changed\./);
    assert.equal(h.services.shared.bindingState(shared().id)?.state, 'needed');
    assert.ok(!h.ui.of('error').at(-1)!.text.includes(KEY), 'the key is not in the message');
  });

  it('a folder removed from the workspace takes its shared connections with it; a test of one says it is gone', async () => {
    const { h, shared } = await world();
    const id = shared().id;
    h.folders.splice(0, h.folders.length);
    await h.services.shared.reload();
    assert.equal(h.store.get(id), undefined);
    await assert.rejects(h.service.test(id), /connectionGone/);
  });
});

describe('a multi-root workspace', () => {
  it('shows each folder’s shared connections in its own group; the same id in two folders is two connections, each with its own key', async () => {
    const file = JSON.stringify({ connections: [definition(servers.server.baseUrl)] });
    const other = JSON.stringify({ connections: [definition(servers.server.baseUrl, { alias: 'web-openai', name: 'Web OpenAI' })] });
    const h = harness({
      folders: [
        { uri: 'file:///work/api', name: 'api', files: { [SHARED_FILE_PATH]: file } },
        { uri: 'file:///work/web', name: 'web', files: { [SHARED_FILE_PATH]: other } },
      ],
    });
    await h.services.shared.reload();
    const groups = buildTree(h.store.list(), { workspaceAvailable: true });
    assert.deepEqual(
      groups.map((g) => g.label),
      ['Workspace', 'Shared · api', 'Shared · web', 'Global'],
    );
    const [api, web] = h.store.list().connections.filter(isShared);
    assert.notEqual(api!.id, web!.id);
    h.ui.typed = [KEY];
    await h.commands[Command.setMyKey]!(api!.id);
    assert.equal(h.services.shared.bindingState(api!.id)?.state, 'bound');
    assert.equal(h.services.shared.bindingState(web!.id)?.state, 'needed', 'the key set for one folder’s definition is not the other’s');
  });
});

describe('the form of a shared connection says where it is saved', () => {
  it('its intro names the file and says a typed key stays on this machine', async () => {
    const { h, shared } = await world();
    h.forms.open(shared());
    await h.forms.session(shared().id)!.receive({ type: 'ready' });
    const init = h.views.last.last('init')!;
    assert.match(init.strings.introEdit, /Save writes app\/\.vscode\/ai-connections\.json/);
    assert.match(init.strings.scopeFixed, /lives in app\/\.vscode\/ai-connections\.json/);
  });
});
