import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHostMessage } from '../../src/protocol/formProtocol';
import { ReferenceStatus } from '../../src/domain/resolution/status';
import { Command } from '../../src/ui/commands/ids';
import { buildTree, connectionTooltip, type ConnectionNode } from '../../src/views/connectionTreeModel';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { say } from '../../src/ui/text';
import { harness } from '../support/uiHarness';

const KEY = 'sk-test-refs-4Jx8Pq2Wm7Zt';
let openai: FakeProvider;
before(async () => {
  openai = await startFakeProvider('openai', { key: KEY });
});
after(() => openai.close());

/** The next change of the reference status, or a second without one (a test must fail, never hang). */
function settled(status: ReferenceStatus): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => (subscription.dispose(), resolve()), 1_000);
    const subscription = status.onDidChange(() => (clearTimeout(timer), subscription.dispose(), resolve()));
  });
}

const appsettings = (key: string | undefined) => JSON.stringify({ OpenAI: { ...(key ? { ApiKey: key } : {}), Endpoint: 'x' } });

describe('references through the VS Code layer (fake ports)', () => {
  it('a workspace connection with $OpenAI:ApiKey tests OK from appsettings.json, and fails as config once the key is removed', async () => {
    const h = harness({ files: { 'appsettings.json': appsettings(KEY) } });
    const created = await h.store.create({ providerId: 'openai', name: 'From config', alias: 'cfg', scope: 'workspace', isActive: true, values: { apiKey: '$OpenAI:ApiKey', baseUrl: openai.baseUrl } });
    const ok = await h.service.test(created.id);
    assert.equal(ok.success, true, JSON.stringify(ok));
    h.files['appsettings.json'] = appsettings(undefined);
    h.resolution.invalidate();
    const failed = await h.service.test(created.id);
    assert.equal(failed.errorKind, 'config');
    assert.match(say(failed.message!), /\$OpenAI:ApiKey not found in appsettings\.json, appsettings\.Development\.json \(no such file\) or env OpenAI__ApiKey/);
    assert.equal((h.ui.everything + h.logger.lines.join()).includes(KEY), false);
  });

  it('a global connection never reads the workspace files', async () => {
    const h = harness({ files: { 'appsettings.json': appsettings(KEY) } });
    const created = await h.store.create({ providerId: 'openai', name: 'Global', alias: 'glob', scope: 'global', isActive: true, values: { apiKey: '$OpenAI:ApiKey', baseUrl: openai.baseUrl } });
    const result = await h.service.test(created.id);
    assert.equal(result.errorKind, 'config');
    assert.match(say(result.message!), /global connections read only the environment/);
  });

  it('a variable outside the allow-list asks once (naming variable and host) through the Ui port; Deny is remembered and nothing is sent', async () => {
    const h = harness({ env: { PRIVATE_TOKEN: KEY } });
    const created = await h.store.create({ providerId: 'openai', name: 'Private', alias: 'priv', scope: 'global', isActive: true, values: { apiKey: '${env:PRIVATE_TOKEN}', baseUrl: openai.baseUrl } });
    const requestsBefore = openai.requests.length;
    h.ui.answers = ['Deny'];
    const denied = await h.service.test(created.id);
    assert.equal(denied.errorKind, 'config');
    const asked = h.ui.of('confirm');
    assert.equal(asked.length, 1);
    assert.match(asked[0]!.text, new RegExp(`Send the environment variable PRIVATE_TOKEN to 127\\.0\\.0\\.1:${new URL(openai.baseUrl).port}\\?`));
    assert.deepEqual(asked[0]!.actions, ['Allow', 'Deny']);
    assert.equal(asked[0]!.close, 'Deny', 'Deny is the close affordance: no Cancel beside it');
    await h.service.test(created.id);
    assert.equal(h.ui.of('confirm').length, 1, 'asked once');
    assert.equal(openai.requests.length, requestsBefore, 'nothing was sent');
    assert.equal((h.ui.everything + h.logger.lines.join()).includes(KEY), false);
  });

  it("a form Test asks naming the connection as typed in the form (a new one's, or an edited name)", async () => {
    const h = harness({ env: { PRIVATE_TOKEN: KEY } });
    const values = { apiKey: '${env:PRIVATE_TOKEN}', baseUrl: openai.baseUrl };
    h.ui.answers = ['Deny', 'Deny', 'Deny'];
    await h.service.testInput({ providerId: 'openai', name: '  Team Gateway ', alias: '', scope: 'global', isActive: true, values });
    await h.service.testInput({ providerId: 'openai', name: '', alias: '', scope: 'global', isActive: true, values });
    const stored = await h.store.create({ providerId: 'openai', name: 'Old Name', alias: 'old', scope: 'global', isActive: true, values: { apiKey: 'sk-test-stored-000000000001', baseUrl: openai.baseUrl } });
    await h.service.testInput({ providerId: 'openai', name: 'New Name', alias: 'old', scope: 'global', isActive: true, values }, stored.id);
    const details = h.ui.of('confirm').map((c) => c.detail ?? '');
    assert.match(details[0]!, /^The connection 'Team Gateway' uses PRIVATE_TOKEN for API Key, sent to 127\.0\.0\.1:\d+\./);
    assert.match(details[1]!, /^The new connection uses PRIVATE_TOKEN for API Key/);
    assert.match(details[2]!, /^The connection 'New Name' uses PRIVATE_TOKEN/);
    assert.deepEqual(
      h.ui.of('confirm').map((c) => [c.actions, c.close]),
      Array(3).fill([['Allow', 'Deny'], 'Deny']),
    );
  });

  it('Allow sends the variable and is remembered', async () => {
    const h = harness({ env: { PRIVATE_TOKEN: KEY } });
    const created = await h.store.create({ providerId: 'openai', name: 'Private', alias: 'priv', scope: 'global', isActive: true, values: { apiKey: '${env:PRIVATE_TOKEN}', baseUrl: openai.baseUrl } });
    h.ui.answers = ['Allow'];
    assert.equal((await h.service.test(created.id)).success, true);
    assert.equal((await h.service.test(created.id)).success, true);
    assert.equal(h.ui.of('confirm').length, 1);
  });

  it("Show Resolution lists each reference and where it resolved from, a setting's value in clear and a key's masked", async () => {
    const h = harness({ files: { 'appsettings.json': appsettings(KEY), 'appsettings.Development.json': '{"OpenAI":{"Org":"org-dev"}}' } });
    await h.store.create({ providerId: 'openai', name: 'Shown', alias: 'shown', scope: 'workspace', isActive: true, values: { apiKey: '$OpenAI:ApiKey', organization: '$OpenAI:Org', project: '$OpenAI:Missing', baseUrl: openai.baseUrl } });
    await h.commands[Command.showResolution]!('shown');
    const text = h.ui.of('pick').at(-1)!.text;
    assert.match(text, /API Key \$OpenAI:ApiKey → appsettings\.json, OpenAI:ApiKey \(sk-\*\*\*\)/);
    assert.match(text, /Organization \$OpenAI:Org → appsettings\.Development\.json, OpenAI:Org \(org-dev\)/);
    assert.match(text, /✗ Project \$OpenAI:Missing \$OpenAI:Missing not found/);
    assert.match(text, /keys masked/);
    assert.equal(text.includes(KEY), false);
  });

  it('the tree warns about an unresolved reference, with the reason in the tooltip, computed lazily and refreshed on change', async () => {
    const h = harness({ files: { 'appsettings.json': appsettings(KEY) } });
    const created = await h.store.create({ providerId: 'openai', name: 'Tree', alias: 'tree', scope: 'workspace', isActive: true, values: { apiKey: '$OpenAI:ApiKey', baseUrl: openai.baseUrl } });
    const status = new ReferenceStatus(h.resolution, (c) => h.store.readSecrets(c));
    h.resolution.onDidChange(() => status.invalidate());
    const node = () => buildTree(h.store.list(), { workspaceAvailable: true, referenceProblems: (c) => status.problems(c)?.map(say) })[0]!.children[0] as ConnectionNode;
    const changed = () => settled(status);
    let refreshes = 0;
    status.onDidChange(() => refreshes++);
    assert.equal(node().referenceProblems, undefined, 'not known yet: no warning, no wait');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(node().referenceProblems, undefined, 'resolves: no warning');
    assert.equal(refreshes, 0, 'nothing shown changed: no refresh');
    h.files['appsettings.json'] = appsettings(undefined);
    h.resolution.invalidate();
    node();
    await changed();
    const problems = node().referenceProblems!;
    assert.deepEqual(problems, ['API Key: $OpenAI:ApiKey not found in appsettings.json, appsettings.Development.json (no such file) or env OpenAI__ApiKey']);
    const tooltip = connectionTooltip(created, {}, undefined, problems);
    assert.match(tooltip, /Unresolved references/);
    assert.match(tooltip, /OpenAI\\:ApiKey not found|OpenAI:ApiKey not found/);
  });

  it('in an untrusted workspace the tree gives the Restricted Mode reason', async () => {
    const h = harness({ trusted: false, files: { 'appsettings.json': appsettings(KEY) } });
    await h.store.create({ providerId: 'openai', name: 'Untrusted', alias: 'untrusted', scope: 'workspace', isActive: true, values: { apiKey: '$OpenAI:ApiKey' } });
    const status = new ReferenceStatus(h.resolution, (c) => h.store.readSecrets(c));
    const connection = h.store.list().connections[0]!;
    status.problems(connection);
    await settled(status);
    assert.deepEqual(status.problems(connection), [
      {
        code: 'resolution.settingProblem',
        label: 'API Key',
        problem: { code: 'resolution.notFound', reference: '$OpenAI:ApiKey', places: [{ code: 'resolution.placeVariable', name: 'OpenAI__ApiKey' }], problems: [{ code: 'resolution.restricted' }], trim: true },
      },
    ]);
  });

  it('Import from Environment proposes connections from the environment and .env, skips stored ones, and stores references', async () => {
    const h = harness({ env: { ANTHROPIC_API_KEY: 'sk-ant-env', UNRELATED: 'x' }, files: { '.env': `OPENAI_API_KEY=${KEY}\nOPENAI_BASE_URL=${openai.baseUrl}\nOLLAMA_HOST=127.0.0.1:11434\n` } });
    h.ui.chooseMany = (items) => [...items];
    h.ui.choose = (items) => items[0];
    await h.commands[Command.importFromEnvironment]!();
    const proposed = h.ui.of('pick')[0]!.text;
    assert.match(proposed, /\[x\] OpenAI \| \[x\] Anthropic \| \[x\] Ollama/);
    const connections = h.store.list().connections;
    const openaiConnection = connections.find((c) => c.providerId === 'openai')!;
    assert.equal(openaiConnection.scope, 'workspace');
    assert.equal(openaiConnection.settings.baseUrl, '${env:OPENAI_BASE_URL}');
    assert.deepEqual(await h.store.readSecrets(openaiConnection), { apiKey: '${env:OPENAI_API_KEY}' });
    assert.equal(connections.find((c) => c.providerId === 'anthropic')!.scope, 'global');
    assert.equal(connections.find((c) => c.providerId === 'ollama')!.settings.baseUrl, 'http://127.0.0.1:11434');
    // The imported connection works.
    assert.equal((await h.service.test(openaiConnection.id)).success, true);
    // A second import finds them stored.
    await h.commands[Command.importFromEnvironment]!();
    assert.match(h.ui.of('info').at(-1)!.text, /already stored/);
    assert.equal((h.ui.everything + h.logger.lines.join()).includes(KEY), false);
  });

  it("Import from Environment never pairs the user's key with a host from the repository's .env without a yes for that host", async () => {
    // The key is in VS Code's environment (allow-listed); the repository's .env holds only a base URL.
    const attacker = openai.baseUrl.replace('127.0.0.1', 'localhost');
    const h = harness({ env: { OPENAI_API_KEY: KEY }, files: { '.env': `OPENAI_BASE_URL=${attacker}\n` } });
    let items: readonly { label: string; description?: string; detail?: string; picked?: boolean }[] = [];
    h.ui.chooseMany = (offered) => ((items = offered), [...offered]);
    h.ui.choose = (offered) => offered[0];
    await h.commands[Command.importFromEnvironment]!();
    const host = new URL(attacker).host;
    // The proposal shows the resolved host and where each part comes from, and is not checked.
    assert.equal(items.length, 1);
    assert.equal(items[0]!.picked, false);
    assert.equal(items[0]!.label, '⚠ OpenAI');
    assert.equal(items[0]!.description, `→ ${host}`);
    assert.match(items[0]!.detail!, new RegExp(`Your key from VS Code's environment would go to ${host}, which \\.env names`));
    assert.match(items[0]!.detail!, /API Key: OPENAI_API_KEY from VS Code's environment · Base URL: OPENAI_BASE_URL from \.env/);
    // Checked anyway and tested: the modal names the host and the file; Deny sends nothing.
    const connection = h.store.list().connections[0]!;
    const before = openai.requests.length;
    h.ui.answers = ['Deny'];
    const denied = await h.service.test(connection.id);
    assert.equal(denied.errorKind, 'config');
    assert.equal(openai.requests.length, before, 'nothing sent');
    const modal = h.ui.of('confirm').at(-1)!;
    assert.equal(modal.text, `Send your key to ${host}, a host named by the workspace’s .env?`);
    assert.match(modal.detail!, /Its API Key is \$\{env:OPENAI_API_KEY\} from your environment/);
    assert.deepEqual([modal.actions, modal.close], [['Allow', 'Deny'], 'Deny'], 'Allow and Deny only');
    // Deny is remembered for this host; a yes for it sends.
    assert.equal((await h.service.test(connection.id)).errorKind, 'config');
    assert.equal(h.ui.of('confirm').length, 1);
    assert.equal(openai.requests.length, before);
    const again = await h.store.create({ providerId: 'openai', name: 'Again', alias: 'again', scope: 'workspace', isActive: true, values: { apiKey: '${env:OPENAI_API_KEY}', baseUrl: '${env:OPENAI_BASE_URL}' } });
    h.ui.answers = ['Allow'];
    assert.equal((await h.service.test(again.id)).success, true);
    assert.equal(openai.requests.length, before + 1);
    assert.equal((h.ui.everything + h.logger.lines.join()).includes(KEY), false);
  });

  it('Import from Environment can copy the key into secret storage instead', async () => {
    const h = harness({ env: { MISTRAL_API_KEY: 'mistral-key-value' } });
    h.ui.chooseMany = (items) => [...items];
    h.ui.choose = (items) => items[1];
    await h.commands[Command.importFromEnvironment]!();
    const created = h.store.list().connections[0]!;
    assert.deepEqual(await h.store.readSecrets(created), { apiKey: 'mistral-key-value' });
    assert.equal((h.ui.everything + h.logger.lines.join()).includes('mistral-key-value'), false);
  });

  it('the form asks where a reference resolves from and gets names only, validated both ways', async () => {
    const h = harness({ files: { 'appsettings.json': appsettings(KEY), 'appsettings.Development.json': '{"OpenAI":{"ApiKey":"sk-dev-override"}}' } });
    h.forms.open();
    const session = h.forms.session('new')!;
    await session.receive({ type: 'resolveReference', requestId: 1, field: 'apiKey', reference: '$OpenAI:ApiKey', scope: 'workspace' });
    assert.deepEqual(h.views.last.last('referenceHint'), { type: 'referenceHint', requestId: 1, field: 'apiKey', reference: '$OpenAI:ApiKey', ok: true, text: '→ appsettings.Development.json, OpenAI:ApiKey' });
    await session.receive({ type: 'resolveReference', requestId: 2, field: 'apiKey', reference: '$OpenAI:Nope', scope: 'workspace' });
    const missing = h.views.last.last('referenceHint')!;
    assert.equal(missing.ok, false);
    assert.match(missing.text, /^✗ \$OpenAI:Nope not found in appsettings\.json, appsettings\.Development\.json or env OpenAI__Nope$/);
    await session.receive({ type: 'resolveReference', requestId: 3, field: 'apiKey', reference: '$OpenAI:ApiKey', scope: 'global' });
    assert.match(h.views.last.last('referenceHint')!.text, /global connections read only the environment/);
    // A literal is not a reference: the message is refused and nothing is answered.
    const before = h.views.last.posted.length;
    await session.receive({ type: 'resolveReference', requestId: 4, field: 'apiKey', reference: KEY, scope: 'workspace' });
    assert.equal(h.views.last.posted.length, before);
    assert.equal(JSON.stringify(h.views.last.posted).includes(KEY), false);
    assert.equal(JSON.stringify(h.views.last.posted).includes('sk-dev-override'), false);
    // The host's answer can't carry a literal in its reference slot either.
    assert.equal(parseHostMessage({ type: 'referenceHint', requestId: 1, field: 'apiKey', reference: KEY, ok: true, text: '' }).ok, false);
    assert.equal(parseHostMessage({ type: 'referenceHint', requestId: 1, field: 'apiKey', reference: '$A:B', ok: true, text: '', value: 'x' }).ok, false);
  });
});
