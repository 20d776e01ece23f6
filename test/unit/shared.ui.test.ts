/**
 * Shared connections in use: the Shared group of the view, Set My Key… and Forget My Key, the
 * question before a bound key goes to a host the file now names, Restricted Mode, alias clashes,
 * and the commands that change stored connections leaving shared ones to their file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundKeyFor } from '../../src/domain/shared/bindings';
import { SHARED_FILE_PATH, isShared } from '../../src/domain/shared/parse';
import { Command } from '../../src/ui/commands/ids';
import { say } from '../../src/ui/text';
import { openAiInput } from '../support/fixtures';
import { SHARED_KEY as KEY, definition, sharedServers } from '../support/sharedWorld';
import { harness } from '../support/uiHarness';

const { servers, world } = sharedServers();

describe('the Shared group of the Connections view', () => {
  it("shows the folder's definitions in their own group, after the workspace's own, each saying a key is needed", async () => {
    const { h, tree } = await world();
    await h.store.create(openAiInput({ scope: 'workspace', alias: 'mine', name: 'Mine' }, { apiKey: 'sk-test-mine-0000' }));
    const groups = tree();
    assert.deepEqual(
      groups.map((g) => g.label),
      ['Workspace', 'Shared · app', 'Global'],
    );
    const item = groups[1]!.children[0]!;
    assert.equal(item.kind, 'connection');
    assert.equal(item.label, 'Team OpenAI');
    assert.match(item.description, /team-openai · OpenAI · key needed/);
    assert.equal(item.contextValue, 'shared.active');
    assert.deepEqual(
      groups[0]!.children.map((c) => c.label),
      ['Mine'],
      'a shared connection is not listed with the workspace’s own',
    );
  });

  it('a personal connection cannot take a shared alias', async () => {
    const { h } = await world();
    await assert.rejects(h.store.create(openAiInput({ alias: 'team-openai' }, { apiKey: 'sk-test-mine-0000' })), /aliasTaken/);
  });

  it('an alias a pull gives to both a personal and a shared connection is shown on both, and neither is found by it', async () => {
    const { h, tree, editFile } = await world({ connections: [] });
    await h.store.create(openAiInput({}, { apiKey: 'sk-test-mine-0000' }));
    await editFile([definition(servers.server.baseUrl, { alias: 'openai-prod' })]);
    assert.equal(h.store.get('openai-prod'), undefined, 'neither silently wins');
    const items = tree().flatMap((g) => g.children);
    assert.equal(items.length, 2);
    for (const item of items) {
      assert.ok(item.kind === 'connection' && item.notes?.some((n) => /also used by/.test(n)), `${item.label} tells of the clash`);
    }
    assert.match(items.find((i) => i.label === 'OpenAI Production')!.description, /alias clash/);
  });
});

describe('Set My Key… and the first test', () => {
  it('the first test asks for the key, keeps it on this machine for the host, and passes; the file holds no key', async () => {
    const { h, shared, files } = await world();
    h.ui.answers = ['Set My Key…'];
    h.ui.typed = [KEY];
    const result = await h.service.test(shared().id);
    assert.equal(result.success, true, JSON.stringify(result));
    assert.equal(servers.server.requests.at(-1)?.headers.authorization, `Bearer ${KEY}`);
    assert.match(h.ui.of('input')[0]!.text, /sent only to 127\.0\.0\.1:\d+/);
    const stored = JSON.parse((await h.secrets.get(boundKeyFor(shared())))!) as { target: string; secrets: Record<string, string> };
    assert.deepEqual(stored, { target: servers.server.origin, secrets: { apiKey: KEY } });
    assert.ok(!files[SHARED_FILE_PATH]!.includes(KEY), 'nothing is written into the file');
    assert.equal(h.services.shared.bindingState(shared().id)?.state, 'bound');
  });

  it('dismissing the question sends nothing and fails the test as a setting problem that says what to do', async () => {
    const { h, shared } = await world();
    const before = servers.server.requests.length;
    const result = await h.service.test(shared().id);
    assert.equal(result.success, false);
    assert.equal(result.errorKind, 'config');
    assert.match(say(result.message!), /needs your own key\. Use Set My Key…/);
    assert.equal(servers.server.requests.length, before, 'nothing sent');
  });

  it('Set My Key… from the context menu binds the key; Forget My Key removes it', async () => {
    const { h, shared } = await world();
    h.ui.typed = [`  ${KEY}  `];
    await h.commands[Command.setMyKey]!(shared().id);
    assert.equal(h.services.shared.bindingState(shared().id)?.state, 'bound');
    assert.equal((await h.service.test(shared().id)).success, true);
    h.ui.answers = ['Forget My Key'];
    await h.commands[Command.forgetMyKey]!(shared().id);
    assert.equal(await h.secrets.get(boundKeyFor(shared())), undefined);
    assert.equal(h.services.shared.bindingState(shared().id)?.state, 'needed');
  });

  it('Test All does not ask: a shared connection without a key fails as needing one', async () => {
    const { h, shared } = await world();
    const results = await h.service.testAll();
    const result = [...results].find(([c]) => c.id === shared().id)![1];
    assert.equal(result.message?.code, 'testing.keyNeeded');
    assert.deepEqual(h.ui.of('info'), []);
  });

  it('a key bound for one definition is never handed to another', async () => {
    const { h } = await world({ connections: [definition(servers.server.baseUrl), definition(servers.server.baseUrl, { id: 'second', alias: 'second', name: 'Second' })] });
    const [first, second] = h.store.list().connections.filter(isShared);
    h.ui.typed = [KEY];
    await h.commands[Command.setMyKey]!(first!.id);
    assert.equal(h.services.shared.bindingState(second!.id)?.state, 'needed');
    const result = await h.service.test(second!.id);
    assert.equal(result.message?.code, 'testing.keyNeeded');
  });
});

describe('a shared connection the file points at another host', () => {
  it('asks before the bound key goes there, naming both hosts; declining sends nothing', async () => {
    const { h, shared, editFile } = await world();
    h.ui.typed = [KEY];
    await h.commands[Command.setMyKey]!(shared().id);
    await editFile([definition(servers.other.baseUrl)]);
    const state = h.services.shared.bindingState(shared().id);
    assert.equal(state?.state, 'hostChanged');
    const before = servers.other.requests.length;
    h.ui.answers = [undefined];
    const refused = await h.service.test(shared().id);
    const question = h.ui.of('confirm').at(-1)!;
    assert.match(question.text, new RegExp(`now sends 'Team OpenAI' to ${servers.other.origin.replace('http://', '').replace(/\./g, '\\.')}`));
    assert.match(question.detail ?? '', new RegExp(`set your key for ${servers.server.origin.replace('http://', '').replace(/\./g, '\\.')}`));
    assert.equal(refused.message?.code, 'testing.keyHostChanged');
    assert.equal(servers.other.requests.length, before, 'the key did not go to the new host');
    h.ui.answers = [`Send My Key to ${servers.other.origin.replace('http://', '')}`];
    const sent = await h.service.test(shared().id);
    assert.equal(sent.success, true, JSON.stringify(sent));
    assert.equal(servers.other.requests.at(-1)?.headers.authorization, `Bearer ${KEY}`);
    assert.equal(h.services.shared.bindingState(shared().id)?.state, 'bound', 'bound to the new host from now on');
  });

  it('a chat request is refused the same way, before anything is sent', async () => {
    const { h, shared, editFile } = await world();
    h.ui.typed = [KEY];
    await h.commands[Command.setMyKey]!(shared().id);
    await editFile([definition(servers.other.baseUrl)]);
    h.ui.answers = [undefined];
    await assert.rejects(h.service.requestContext(shared().id), (error: Error & { detail?: { code: string } }) => error.detail?.code === 'testing.keyHostChanged');
  });
});

describe('Restricted Mode', () => {
  it('lists the shared definitions, but asks nothing, binds nothing and sends nothing', async () => {
    const { h, shared, tree } = await world({ trusted: false });
    assert.equal(tree()[1]!.label, 'Shared · app');
    const before = servers.server.requests.length;
    await assert.rejects(h.service.test(shared().id), /restricted|trust/i);
    h.ui.typed = [KEY];
    await h.commands[Command.setMyKey]!(shared().id);
    assert.equal(await h.secrets.get(boundKeyFor(shared())), undefined, 'no key bound');
    assert.deepEqual(h.ui.of('input'), [], 'no key asked for');
    assert.equal(servers.server.requests.length, before);
  });
});

describe('Restricted Mode resolves nothing of a shared connection', () => {
  it('the view looks up none of its references, and Show Resolution says why', async () => {
    const read: string[] = [];
    const files: Record<string, string> = { [SHARED_FILE_PATH]: JSON.stringify({ connections: [definition(servers.server.baseUrl, { secrets: { apiKey: '${env:TEAM_KEY}' } })] }) };
    const env = new Proxy({} as Record<string, string>, { get: (_, name) => (read.push(String(name)), undefined), ownKeys: () => (read.push('*'), []) });
    const h = harness({ files, trusted: false, env });
    await h.services.shared.reload();
    const shared = h.store.list().connections.find(isShared)!;
    // The view asks for its problems; Show Resolution runs to its end meanwhile.
    assert.equal(h.services.referenceStatus.problems(shared), undefined, 'not known yet');
    await h.commands[Command.showResolution]!(shared.id);
    assert.deepEqual(h.services.referenceStatus.problems(shared), [], 'none: nothing was looked up');
    assert.match(h.ui.of('info').at(-1)!.text, /in Restricted Mode its references are not resolved/);
    assert.deepEqual(read, [], 'the environment was not read');
  });
});

describe('commands that change stored connections', () => {
  it('Delete, Disable, Duplicate and the moves leave a shared connection to its file, saying where it is', async () => {
    const { h, shared } = await world();
    for (const command of [Command.deleteConnection, Command.disableConnection, Command.duplicateConnection, Command.moveToGlobal]) {
      await h.commands[command]!(shared().id);
    }
    assert.equal(h.ui.of('info').length, 4);
    assert.match(h.ui.of('info')[0]!.text, /shared through the repository: change it in app\/\.vscode\/ai-connections\.json/);
    assert.equal(shared().isActive, true);
    assert.equal(h.store.list().connections.length, 1, 'nothing duplicated');
  });
});
