/**
 * Vault references through the whole extension (the composition root over in-memory ports): a
 * real `pass` store and a real dotenvx-encrypted `.env`, tests against a local OpenAI server,
 * the consent question, Show Resolution, the tree, Restricted Mode and Refresh Secrets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from '../../src/ui/commands/ids';
import { prepareChat } from '../../src/domain/chat/client';
import { say } from '../../src/ui/text';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { harness } from '../support/uiHarness';
import { SHARED_FILE_PATH, isShared } from '../../src/domain/shared/parse';
import { passStore, type VaultEnv } from '../support/vaultWorld';

const PASS_KEY = 'sk-test-team-pass-3e8a';
const DOTENVX_KEY = 'sk-test-dotenvx-team-51c0';
let openai: FakeProvider;
let store: VaultEnv;
let encrypted: { env: string; keys: string; privateKey: string };

/** A `.env` encrypted by the dotenvx CLI itself, and its `.env.keys`. */
function dotenvxFiles(name: string, value: string): typeof encrypted {
  const dir = mkdtempSync(join(tmpdir(), 'dotenvx-'));
  execFileSync(join(process.cwd(), 'node_modules/.bin/dotenvx'), ['set', name, value, '-f', '.env'], { cwd: dir, stdio: 'pipe' });
  const keys = readFileSync(join(dir, '.env.keys'), 'utf8');
  return { env: readFileSync(join(dir, '.env'), 'utf8'), keys, privateKey: /DOTENV_PRIVATE_KEY="?([0-9a-f]+)/.exec(keys)![1]! };
}

before(async () => {
  openai = await startFakeProvider('openai', { key: PASS_KEY, otherKeys: [DOTENVX_KEY] });
  store = passStore({ 'team/openai': `${PASS_KEY}\nnotes: team key\n` });
  encrypted = dotenvxFiles('OPENAI_API_KEY', DOTENVX_KEY);
});
after(() => openai.close());

const host = () => new URL(openai.baseUrl).host;

describe('a pass reference in a connection', () => {
  it('of the person’s own (global) connection: tested ✓ with the key from the store, without a question, the key nowhere', async () => {
    const h = harness({ env: store });
    const created = await h.store.create({ providerId: 'openai', name: 'Mine', alias: 'mine', scope: 'global', isActive: true, values: { apiKey: '${pass:team/openai}', baseUrl: openai.baseUrl } });
    const result = await h.service.test(created.id);
    assert.equal(result.success, true, JSON.stringify(result));
    assert.equal(openai.requests.at(-1)?.headers.authorization, `Bearer ${PASS_KEY}`);
    assert.equal(h.ui.of('confirm').length, 0);
    const everything = [h.ui.everything, h.logger.lines.join('\n'), JSON.stringify([...h.global.data]), JSON.stringify([...h.workspace.data]), JSON.stringify(result)].join('\n');
    assert.equal(everything.includes(PASS_KEY), false, 'the key is in no state, log or result');
  });

  it('in a chat request: the same key, through the same seam', async () => {
    const h = harness({ env: store });
    const chat = await prepareChat(
      { providerId: 'openai', settings: { baseUrl: openai.baseUrl }, isActive: true },
      { apiKey: '${pass:team/openai}' },
      { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
      { resolveReference: h.resolution.resolverFor({ id: 'chat', name: 'Chat', scope: 'global' }) },
    );
    assert.equal(chat.prepared.headers.Authorization, `Bearer ${PASS_KEY}`);
    assert.ok(chat.prepared.sensitive.includes(PASS_KEY), 'the key is scrubbed from whatever the request reports');
  });

  it('of a workspace connection asks first, naming the item and the host; Deny reads nothing and sends nothing, and is remembered', async () => {
    const h = harness({ env: store });
    const created = await h.store.create({ providerId: 'openai', name: 'Team', alias: 'team', scope: 'workspace', isActive: true, values: { apiKey: '${pass:team/openai}', baseUrl: openai.baseUrl } });
    const sent = openai.requests.length;
    h.ui.answers = ['Deny'];
    const denied = await h.service.test(created.id);
    assert.equal(denied.errorKind, 'config');
    assert.equal(say(denied.message!), `API Key: Sending \${pass:team/openai} to ${host()} was not allowed for this connection.`);
    const [asked] = h.ui.of('confirm');
    assert.equal(asked!.text, `Send \${pass:team/openai} to ${host()}?`);
    assert.match(asked!.detail!, new RegExp(`'Team' uses \\$\\{pass:team/openai\\} \\(pass, team/openai\\) for API Key, sent to ${host().replace('.', '\\.')}\\.`));
    assert.deepEqual(asked!.actions, ['Allow', 'Deny']);
    assert.equal(h.vaults.reads.count, 0, 'the store was not read');
    assert.equal(openai.requests.length, sent, 'nothing was sent');
    assert.equal((await h.service.test(created.id)).errorKind, 'config');
    assert.equal(h.ui.of('confirm').length, 1, 'the answer is remembered');
  });

  it('Allow is remembered for this connection, item and host: the next test asks nothing', async () => {
    const h = harness({ env: store });
    const created = await h.store.create({ providerId: 'openai', name: 'Team', alias: 'team', scope: 'workspace', isActive: true, values: { apiKey: '${pass:team/openai}', baseUrl: openai.baseUrl } });
    h.ui.answers = ['Allow'];
    assert.equal((await h.service.test(created.id)).success, true);
    assert.equal((await h.service.test(created.id)).success, true);
    assert.equal(h.ui.of('confirm').length, 1);
    // Another host is another question.
    await h.store.update(created.id, { providerId: 'openai', name: 'Team', alias: 'team', scope: 'workspace', isActive: true, values: { apiKey: '${pass:team/openai}', baseUrl: openai.baseUrl.replace('127.0.0.1', 'localhost') } });
    h.ui.answers = ['Deny'];
    assert.equal((await h.service.test(created.id)).errorKind, 'config');
    assert.equal(h.ui.of('confirm').length, 2);
  });

  it('Show Resolution names the vault and item with the value masked; the tree reads no vault', async () => {
    const h = harness({ env: store });
    const created = await h.store.create({ providerId: 'openai', name: 'Shown', alias: 'shown', scope: 'global', isActive: true, values: { apiKey: '${pass:team/openai}', baseUrl: openai.baseUrl } });
    h.services.referenceStatus.problems(created);
    await new Promise<void>((resolve) => h.services.referenceStatus.onDidChange(() => resolve()) && setTimeout(resolve, 200));
    assert.equal(h.vaults.reads.count, 0, 'showing the tree reads no vault');
    await h.commands[Command.showResolution]!('shown');
    const text = h.ui.of('pick').at(-1)!.text;
    assert.match(text, /API Key \$\{pass:team\/openai\} → pass, team\/openai \(sk-\*\*\*\)/);
    assert.equal(text.includes(PASS_KEY), false);
  });

  it('in Restricted Mode nothing is run: tests are refused and Show Resolution says the vault is not read', async () => {
    const h = harness({ env: store, trusted: false });
    await h.store.create({ providerId: 'openai', name: 'Restricted', alias: 'restricted', scope: 'global', isActive: true, values: { apiKey: '${pass:team/openai}', baseUrl: openai.baseUrl } });
    await h.commands[Command.showResolution]!('restricted');
    assert.match(h.ui.of('pick').at(-1)!.text, /✗ API Key \$\{pass:team\/openai\} pass is not read in Restricted Mode\./);
    assert.equal(h.vaults.reads.count, 0);
  });

  it('a failing vault fails the test as a setting problem naming the source, and sends nothing', async () => {
    const h = harness({ env: store });
    const created = await h.store.create({ providerId: 'openai', name: 'Missing', alias: 'missing', scope: 'global', isActive: true, values: { apiKey: '${pass:team/gone}', baseUrl: openai.baseUrl } });
    const sent = openai.requests.length;
    const result = await h.service.test(created.id);
    assert.equal(result.errorKind, 'config');
    assert.equal(say(result.message!), 'API Key: pass: team/gone was not found.');
    assert.equal(openai.requests.length, sent);
  });

  it('Refresh Secrets forgets what was read: the next test reads the store again', async () => {
    const h = harness({ env: store });
    const created = await h.store.create({ providerId: 'openai', name: 'Cached', alias: 'cached', scope: 'global', isActive: true, values: { apiKey: '${pass:team/openai}', baseUrl: openai.baseUrl } });
    await h.service.test(created.id);
    await h.service.test(created.id);
    assert.equal(h.vaults.reads.count, 1);
    await h.commands[Command.refreshSecrets]!();
    assert.match(h.ui.everything, /Secrets from vaults are forgotten/);
    await h.service.test(created.id);
    assert.equal(h.vaults.reads.count, 2);
  });
});

describe('a vault reference in the shared file', () => {
  it('is read with each teammate’s own access, after the same question', async () => {
    const definition = { id: 'team-openai', alias: 'team-openai', name: 'Team OpenAI', provider: 'openai', settings: { baseUrl: openai.baseUrl }, secrets: { apiKey: '${pass:team/openai}' } };
    const h = harness({ env: store, files: { [SHARED_FILE_PATH]: JSON.stringify({ connections: [definition] }) } });
    await h.services.shared.reload();
    const shared = h.store.list().connections.find(isShared)!;
    h.ui.answers = ['Allow'];
    const result = await h.service.test(shared.id);
    assert.equal(result.success, true, JSON.stringify(result));
    assert.equal(h.ui.of('confirm')[0]?.text, `Send \${pass:team/openai} to ${host()}?`);
    assert.equal(openai.requests.at(-1)?.headers.authorization, `Bearer ${PASS_KEY}`);
  });
});

describe('a .env that dotenvx encrypted', () => {
  it('decrypts ${env:…} with the private key from .env.keys, after the question', async () => {
    const h = harness({ files: { '.env': encrypted.env, '.env.keys': encrypted.keys } });
    const created = await h.store.create({ providerId: 'openai', name: 'Encrypted', alias: 'enc', scope: 'workspace', isActive: true, values: { apiKey: '${env:OPENAI_API_KEY}', baseUrl: openai.baseUrl } });
    h.ui.answers = ['Allow'];
    const result = await h.service.test(created.id);
    assert.equal(result.success, true, JSON.stringify(result));
    assert.equal(openai.requests.at(-1)?.headers.authorization, `Bearer ${DOTENVX_KEY}`);
    assert.match(h.ui.of('confirm')[0]!.detail!, /\.env, OPENAI_API_KEY \(decrypted with dotenvx\)/);
    await h.commands[Command.showResolution]!('enc');
    assert.match(h.ui.of('pick').at(-1)!.text, /→ \.env, OPENAI_API_KEY \(decrypted with dotenvx\) \(sk-\*\*\*\)/);
    assert.equal([h.ui.everything, h.logger.lines.join(), JSON.stringify([...h.workspace.data])].join().includes(DOTENVX_KEY), false);
  });

  it('takes DOTENV_PRIVATE_KEY from the environment; without a key, or with a wrong one, says so and sends nothing', async () => {
    const withEnv = harness({ env: { DOTENV_PRIVATE_KEY: encrypted.privateKey }, files: { '.env': encrypted.env } });
    const a = await withEnv.store.create({ providerId: 'openai', name: 'E', alias: 'e', scope: 'workspace', isActive: true, values: { apiKey: '${env:OPENAI_API_KEY}', baseUrl: openai.baseUrl } });
    withEnv.ui.answers = ['Allow'];
    assert.equal((await withEnv.service.test(a.id)).success, true);
    const sent = openai.requests.length;
    const noKey = harness({ files: { '.env': encrypted.env } });
    const b = await noKey.store.create({ providerId: 'openai', name: 'N', alias: 'n', scope: 'workspace', isActive: true, values: { apiKey: '${env:OPENAI_API_KEY}', baseUrl: openai.baseUrl } });
    assert.match(say((await noKey.service.test(b.id)).message!), /OPENAI_API_KEY in \.env is encrypted with dotenvx, and no private key was found/);
    const wrong = harness({ env: { DOTENV_PRIVATE_KEY: '1'.repeat(64) }, files: { '.env': encrypted.env } });
    const c = await wrong.store.create({ providerId: 'openai', name: 'W', alias: 'w', scope: 'workspace', isActive: true, values: { apiKey: '${env:OPENAI_API_KEY}', baseUrl: openai.baseUrl } });
    const failed = say((await wrong.service.test(c.id)).message!);
    assert.match(failed, /the private key does not decrypt it/);
    assert.equal(failed.includes('1111'), false, 'no part of the private key is shown');
    assert.equal(openai.requests.length, sent);
  });
});
