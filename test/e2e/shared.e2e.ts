/**
 * End-to-end: connections shared through the repository, in a real VS Code (code-server). The
 * workspace has a committed `.vscode/ai-connections.json` with one connection whose key each person
 * sets, and one bad entry. Two people (two user-data folders) open the same workspace and each set
 * their own key; the file is then pointed at another server, and the next test asks before any key
 * goes there; in Restricted Mode the shared connection is listed and nothing is sent.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { startFakeChat, type FakeChatServer } from '../support/fakeChatServers';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { LmConsumer, packageLmConsumer } from './lmConsumer';
import { startOpenAIFront, type OpenAIFront } from './openAIFront';
import { prepareHost, startHost, type RunningHost } from './host';
import { leakScan } from './leakScan';
import { Workbench, assertText, escapeRegExp, scenarios } from './workbench';

const rootDir = join(__dirname, '..', '..');
const VSIX = join(rootDir, `ai-connections-${JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version}.vsix`);
/** Each person's own key: the team server takes both. */
const KEYS = { alex: 'sk-test-e2e-shared-alex-4f7a1c', sam: 'sk-test-e2e-shared-sam-8d2e6b' };
const NAME = 'Team OpenAI';

/** The team's server: one origin for the model list and chat, as OpenAI's API is. */
let team: OpenAIFront;
let teamModels: FakeProvider;
let teamChat: FakeChatServer;
let elsewhere: FakeProvider;
let consumerVsix: string;
let host: RunningHost | undefined;
let workbench: Workbench | undefined;
let root: string;
let workspace: string;

const scenario = scenarios('shared', () => ({ workbench, host }));

function writeShared(baseUrl: string): void {
  const text = `{
  // Our team's connections: everything but the keys. Each person sets their own key (Set My Key…).
  "connections": [
    {
      "id": "team-openai",
      "alias": "team-openai",
      "name": "${NAME}",
      "provider": "openai",
      "settings": { "baseUrl": "${baseUrl}" },
      "secrets": { "apiKey": "ask" }
    },
    {
      "id": "leaked",
      "alias": "leaked",
      "name": "Leaked",
      "provider": "openai",
      "secrets": { "apiKey": "sk-test-e2e-committed-by-mistake" }
    }
  ]
}
`;
  writeFileSync(join(workspace, '.vscode', 'ai-connections.json'), text);
}

/** Opens the workspace as one person (their own user-data folder), or in Restricted Mode. */
async function open(person: string, options: { restricted?: boolean } = {}): Promise<Workbench> {
  await workbench?.close().catch(() => undefined);
  await host?.stop();
  const personRoot = join(root, person);
  mkdirSync(personRoot, { recursive: true });
  host = await startHost(VSIX, { root: personRoot, workspace, alsoInstall: [consumerVsix], settings: { 'chat.allowAnonymousAccess': true }, ...(options.restricted ? { restricted: true } : {}) });
  workbench = await Workbench.open(host.url, join(personRoot, 'chromium-profile'));
  await workbench.openContainer();
  return workbench;
}

/** Sets the key through the context menu's Set My Key…, typed into VS Code's masked input box. */
async function setMyKey(wb: Workbench, key: string): Promise<void> {
  await wb.contextMenu(wb.treeItem(NAME), 'Set My Key…');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor();
  assert.equal(await input.getAttribute('type'), 'password', 'the key is masked as it is typed');
  await assertText(wb.page.locator('.quick-input-widget'), new RegExp(`sent only to ${escapeRegExp(new URL(team.baseUrl).host)}`));
  await input.fill(key);
  await input.press('Enter');
  await wb.page.locator('.statusbar-item', { hasText: `Your key for '${NAME}' is set on this machine` }).waitFor();
  // The pointer leaves the item, so no tooltip stands over the next context menu.
  await wb.sidebar.locator('.composite.title').first().hover();
}

describe('Connections shared through the repository, in VS Code', () => {
  before(async () => {
    prepareHost();
    const accepted = { key: KEYS.alex, otherKeys: [KEYS.sam, 'sk-test-e2e-shared-gateway-2b9c'] };
    teamModels = await startFakeProvider('openai', accepted);
    teamChat = await startFakeChat('openai', { ...accepted, models: ['gpt-4o'] });
    team = await startOpenAIFront(teamModels, teamChat);
    elsewhere = await startFakeProvider('openai', { key: KEYS.alex, otherKeys: [KEYS.sam] });
    root = mkdtempSync(join(tmpdir(), 'ai-connections-shared-e2e-'));
    consumerVsix = packageLmConsumer(root);
    workspace = join(root, 'repository');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeShared(team.baseUrl);
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    for (const server of [team, teamChat, teamModels, elsewhere]) await server?.close();
  });

  scenario('1 a committed file shows its connection in a Shared group, needing a key; a key written into the file is refused in the Problems panel', async () => {
    const started = Date.now();
    const wb = await open('alex');
    const item = wb.treeItem(NAME);
    await item.waitFor();
    await assertText(item.locator('.label-description'), /team-openai · OpenAI · key needed$/);
    await wb.sidebar.locator('.monaco-list-row', { hasText: 'Shared · repository' }).waitFor();
    assert.equal(await wb.treeItem('Leaked').count(), 0, 'the entry with a key in it is not shown');
    await wb.screenshot('shared-group-key-needed');
    const text = await wb.problems(/A key is never written in a shared file/);
    assert.match(text, /ai-connections\.json/);
    assert.match(text, /\[Ln 1[5-9], Col \d+\]/, text);
    assert.ok(!text.includes('sk-test-e2e-committed'), 'the Problems panel does not quote the key');
    // VS Code's JSON support checks the file against the schema the extension contributes, once it is open.
    await wb.page.keyboard.press('Control+P');
    await wb.page.locator('.quick-input-widget input').fill('ai-connections.json');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'ai-connections.json' }).first().click();
    await wb.page.locator('.monaco-editor .view-lines', { hasText: 'team-openai' }).first().waitFor();
    const checked = await wb.problems(/Value is not accepted|does not match the pattern/);
    assert.match(checked, /Value is not accepted|does not match the pattern/, `the schema flags the key written into the file: ${checked}`);
    assert.doesNotMatch(checked, /Comments are not permitted/, 'the file is JSON with comments');
    await wb.screenshot('shared-problems-panel');
    await wb.page.keyboard.press('Control+Shift+M');
    const entries = await wb.contextMenuEntries(item);
    for (const entry of ['Test Connection', 'Edit Connection', 'Set My Key…', 'Forget My Key', 'Show Resolution']) assert.ok(entries.includes(entry), `${entry} in ${entries.join(', ')}`);
    for (const entry of ['Delete Connection', 'Move to Global', 'Share with Workspace…']) assert.ok(!entries.includes(entry), `${entry} is not offered: ${entries.join(', ')}`);
    console.log(`# shared: workspace open to the Shared group shown: ${Date.now() - started} ms`);
  });

  scenario('2 Set My Key… then Test Connection passes with this person’s key, sent to the file’s host only', async () => {
    const wb = workbench!;
    const started = Date.now();
    await setMyKey(wb, KEYS.alex);
    await assertText(wb.treeItem(NAME).locator('.label-description'), /team-openai · OpenAI$/);
    const sent = team.requests.length;
    await wb.contextMenu(wb.treeItem(NAME), 'Test Connection');
    await assertText(wb.treeItem(NAME).locator('.label-description'), /✓ \d+ ms$/);
    const requests = team.requests.slice(sent);
    assert.ok(requests.length > 0, 'the test reached the team server');
    for (const request of requests) assert.equal(request.headers.authorization, `Bearer ${KEYS.alex}`);
    assert.ok(!readFileSync(join(workspace, '.vscode', 'ai-connections.json'), 'utf8').includes(KEYS.alex), 'the file holds no key');
    console.log(`# shared: Set My Key to ✓: ${Date.now() - started} ms`);
    await wb.screenshot('shared-tested');
  });

  scenario('3 a second person (another user-data folder) opening the same workspace sets and uses their own key', async () => {
    const started = Date.now();
    const wb = await open('sam');
    await assertText(wb.treeItem(NAME).locator('.label-description'), /key needed$/);
    const ready = Date.now();
    // The first test asks for the key, as a chat request would.
    const sent = team.requests.length;
    await wb.contextMenu(wb.treeItem(NAME), 'Test Connection');
    await wb.page
      .locator('.notification-toast', { hasText: /needs your own key/ })
      .locator('.monaco-button', { hasText: /^Set My Key…$/ })
      .click();
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(KEYS.sam);
    await input.press('Enter');
    await assertText(wb.treeItem(NAME).locator('.label-description'), /✓ \d+ ms$/);
    const requests = team.requests.slice(sent);
    assert.ok(requests.length > 0 && requests.every((r) => r.headers.authorization === `Bearer ${KEYS.sam}`), 'only Sam’s key was sent from Sam’s window');
    console.log(`# shared: second teammate, clone open to ✓: ${Date.now() - started} ms`);
    // The tested connection's models are in vscode.lm for every extension, and answer with Sam's key.
    const consumer = new LmConsumer(wb, workspace);
    const listed = await consumer.listUntil((r) => r.models.some((m) => m.name === 'gpt-4o' && m.vendor === 'ai-connections'), 'gpt-4o of the shared connection');
    const model = listed.models.find((m) => m.name === 'gpt-4o' && m.vendor === 'ai-connections')!;
    const answer = await consumer.sendRequest(model.id);
    assert.equal(answer.error, null, answer.error?.message);
    assert.equal(answer.text, 'Hello, world!');
    assert.equal(team.requests.filter((r) => r.method === 'POST').at(-1)?.headers.authorization, `Bearer ${KEYS.sam}`);
    console.log(`# shared: second teammate, clone open to an answer in vscode.lm: ${Date.now() - started} ms (from the view showing the connection: ${Date.now() - ready} ms)`);
    assert.deepEqual(leakScan([host!.userDataDir, workspace, wb.profileDir], Object.values(KEYS)), [], 'no key in settings, state, the workspace or the browser profile');
  });

  scenario('4 the file pointed at another host: the view follows, the next test asks naming both hosts, and declining sends nothing', async () => {
    const wb = workbench!;
    writeShared(elsewhere.baseUrl);
    await assertText(wb.treeItem(NAME).locator('.label-description'), /host changed$/, 20_000);
    const before = elsewhere.requests.length;
    await wb.contextMenu(wb.treeItem(NAME), 'Test Connection');
    const dialog = wb.dialog();
    await assertText(dialog, new RegExp(`now sends '${NAME}' to ${escapeRegExp(new URL(elsewhere.baseUrl).host)}`));
    await assertText(dialog, new RegExp(`set your key for ${escapeRegExp(new URL(team.baseUrl).host)}`));
    await wb.screenshot('shared-host-changed');
    await wb.dialogButton("Don't Send");
    await wb.expectNotification(/Not sent: the shared file now sends 'Team OpenAI' to/);
    assert.equal(elsewhere.requests.length, before, 'nothing reached the new host');
    writeShared(team.baseUrl);
    await assertText(wb.treeItem(NAME).locator('.label-description'), /team-openai · OpenAI/, 20_000);
  });

  scenario('5 Share with Workspace… writes a personal connection into the file with no key in it, and keeps working with my key', async () => {
    const wb = workbench!;
    const key = 'sk-test-e2e-shared-gateway-2b9c';
    await wb.viewAction('New Connection');
    const form = wb.form('New Connection');
    await form.waitReady();
    await form.fill({ name: 'Sam Gateway', alias: 'sam-gateway', apiKey: key, baseUrl: team.baseUrl });
    await form.save();
    await form.waitClosed();
    await wb.treeItem('Sam Gateway').waitFor();
    await wb.contextMenu(wb.treeItem('Sam Gateway'), 'Share with Workspace…');
    await assertText(wb.dialog(), /Share 'Sam Gateway' with everyone who opens repository\?/);
    await assertText(wb.dialog(), /its key becomes "ask"/);
    await wb.screenshot('shared-share-with-workspace');
    await wb.dialogButton('Share and Remove My Copy');
    await wb.expectNotification(/Shared 'Sam Gateway' in repository\/\.vscode\/ai-connections\.json\. Commit it/);
    const text = readFileSync(join(workspace, '.vscode', 'ai-connections.json'), 'utf8');
    assert.ok(!text.includes(key), 'no key in the shared file');
    assert.match(text, /"alias": "sam-gateway"[\s\S]*"apiKey": "ask"/);
    assert.match(text, /Our team's connections/, 'the file keeps its comments');
    assert.deepEqual(await wb.groupChildren('Global'), [], 'the personal copy is gone');
    await assertText(wb.treeItem('Sam Gateway').locator('.label-description'), /^sam-gateway · OpenAI$/, 20_000);
    await wb.contextMenu(wb.treeItem('Sam Gateway'), 'Test Connection');
    await assertText(wb.treeItem('Sam Gateway').locator('.label-description'), /✓ \d+ ms$/);
    assert.equal(team.requests.at(-1)?.headers.authorization, `Bearer ${key}`);
    // Edited in the form: Save writes the file, still with no key.
    await wb.contextMenu(wb.treeItem('Sam Gateway'), 'Edit Connection');
    const edit = wb.form(/Sam Gateway/);
    await edit.waitReady();
    await wb.screenshot('shared-form');
    await edit.fill({ name: 'Sam Gateway EU' });
    await edit.save();
    await edit.waitClosed();
    await wb.treeItem('Sam Gateway EU').waitFor();
    const edited = readFileSync(join(workspace, '.vscode', 'ai-connections.json'), 'utf8');
    assert.match(edited, /"name": "Sam Gateway EU"/);
    assert.ok(!edited.includes(key), 'still no key in the shared file');
  });

  scenario('6 Restricted Mode lists the shared connection and sends nothing', async () => {
    const wb = await open('restricted', { restricted: true });
    // The window is settled in Restricted Mode once the status bar says so.
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor();
    await wb.treeItem(NAME).waitFor();
    const before = team.requests.length;
    await wb.contextMenu(wb.treeItem(NAME), 'Test Connection');
    await wb.expectNotification(/Restricted Mode/);
    await wb.screenshot('shared-restricted');
    assert.equal(team.requests.length, before, 'nothing sent in Restricted Mode');
  });
});
