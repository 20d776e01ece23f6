/**
 * Each vault read for real where this machine runs it: `pass` and Debian's `gopass` over a store
 * encrypted to a throwaway GPG key, a KV version 2 server, an HTTPS Key Vault server; 1Password's
 * `op` through a stand-in with the CLI's exit code and messages.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { httpGet } from '../../src/domain/requests';
import { parseVaultReference, type VaultReference } from '../../src/domain/vaults/grammar';
import type { VaultPorts } from '../../src/domain/vaults/ports';
import { Vaults } from '../../src/domain/vaults/vaults';
import { homeFileReader } from '../../src/platform/homeFiles';
import { runProcess } from '../../src/platform/processes';
import { say } from '../../src/ui/text';
import { parseSettings, rawSettings } from '../../src/domain/settings';
import { binWith, opEnv, passStore, startKeyVaultServer, startKvServer, type KeyVaultServer, type KvServer, type VaultEnv } from '../support/vaultWorld';

const PASS_KEY = 'sk-test-from-pass-7c41';
const ref = (text: string): VaultReference => {
  const parsed = parseVaultReference(text);
  assert.ok(parsed, `${text} is a vault reference`);
  return parsed;
};

function vaults(env: Record<string, string | undefined>, more: Partial<VaultPorts> = {}, options: ConstructorParameters<typeof Vaults>[1] = {}): Vaults {
  return new Vaults(
    {
      run: runProcess,
      get: (url, headers, o) => httpGet(url, headers, o),
      getEntraToken: async () => 'eyJ-test-entra',
      env: () => env,
      homeFile: homeFileReader('/nonexistent-home'),
      keyCommands: () => ({}),
      settings: () => ({ timeoutSeconds: 5, cacheMinutes: 5 }),
      isTrusted: () => true,
      ...more,
    },
    options,
  );
}

async function problemOf(v: Vaults, reference: string): Promise<string> {
  const read = await v.read(ref(reference));
  assert.equal(read.ok, false, `${reference} fails`);
  return read.ok ? '' : say(read.problem);
}

describe('pass and gopass: a real password store', () => {
  let env: VaultEnv;
  before(() => {
    env = passStore({ 'team/openai': `${PASS_KEY}\nlogin: team@example.com\nurl: https://platform.openai.com\n` });
  });

  it('pass show: the first line of the entry is the key', async () => {
    assert.deepEqual(await vaults(env).read(ref('${pass:team/openai}')), { ok: true, value: PASS_KEY });
  });

  it("Debian's gopass reads the same store (it refuses -o, so the entry is read and its first line kept)", async () => {
    assert.deepEqual(await vaults(env).read(ref('${gopass:team/openai}')), { ok: true, value: PASS_KEY });
  });

  it('a missing entry says so, naming it', async () => {
    assert.equal(await problemOf(vaults(env), '${pass:team/nope}'), 'pass: team/nope was not found.');
    assert.equal(await problemOf(vaults(env), '${gopass:team/nope}'), 'gopass: team/nope was not found.');
  });

  it('a program that is not installed says where to get it', async () => {
    const empty = { ...env, PATH: mkdtempSync(join(tmpdir(), 'no-bin-')) };
    assert.equal(await problemOf(vaults(empty), '${pass:team/openai}'), 'pass: the program pass was not found on PATH. Install it (https://www.passwordstore.org/) and reload the window.');
  });
});

describe("1Password: op read, through a stand-in with the CLI's exit code and messages", () => {
  const items = { 'op://Team/OpenAI/credential': 'sk-test-from-1password-2f9d' };
  // A stand-in left running would keep this file's process alive: whatever happens, none outlives the tests.
  const slow: string[] = [];
  after(() => {
    for (const pidFile of slow) if (existsSync(pidFile) && alive(Number(readFileSync(pidFile, 'utf8')))) process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
  });

  it('reads a secret reference as the signed-in person', async () => {
    assert.deepEqual(await vaults(opEnv(items)).read(ref('op://Team/OpenAI/credential')), { ok: true, value: 'sk-test-from-1password-2f9d' });
  });

  it('not signed in, item not found and CLI not installed are three different messages', async () => {
    assert.match(await problemOf(vaults(opEnv(items, 'signedOut')), 'op://Team/OpenAI/credential'), /^1Password: not signed in\./);
    assert.equal(await problemOf(vaults(opEnv(items)), 'op://Team/Nope/credential'), '1Password: op://Team/Nope/credential was not found.');
    const noOp = { PATH: mkdtempSync(join(tmpdir(), 'no-bin-')) };
    assert.equal(await problemOf(vaults(noOp), 'op://Team/OpenAI/credential'), '1Password: the program op was not found on PATH. Install it (https://developer.1password.com/docs/cli/get-started/) and reload the window.');
  });

  it('a CLI that does not answer is stopped at the timeout, and its process is gone', { timeout: 20_000 }, async () => {
    const env = opEnv(items, 'slow');
    slow.push(env.pidFile);
    const v = vaults(env, { settings: () => ({ timeoutSeconds: 1, cacheMinutes: 5 }) });
    assert.equal(await problemOf(v, 'op://Team/OpenAI/credential'), '1Password did not answer within 1 s (aiConnections.vaults.timeoutSeconds).');
    assertKilled(env.pidFile);
  });

  it('cancelling the request kills the CLI', { timeout: 20_000 }, async () => {
    const env = opEnv(items, 'slow');
    slow.push(env.pidFile);
    const v = vaults(env);
    const cancel = new AbortController();
    const reading = v.read(ref('op://Team/OpenAI/credential'), cancel.signal);
    await waitFor(() => existsSync(env.pidFile));
    cancel.abort();
    const read = await reading;
    assert.equal(read.ok ? '' : say(read.problem), '1Password: cancelled.');
    await waitFor(() => !alive(Number(readFileSync(env.pidFile, 'utf8'))));
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function assertKilled(pidFile: string): void {
  assert.ok(existsSync(pidFile), 'the CLI started');
  assert.equal(alive(Number(readFileSync(pidFile, 'utf8'))), false, 'the CLI was killed');
}

/** Waits for a condition the test can't await as an event (another process's state), polling. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve)).then(() => new Promise((resolve) => setTimeout(resolve, 10)));
  assert.ok(condition(), 'the condition held within 2 s');
}

describe('a key command of the user settings', () => {
  it('runs without a shell; the first line it prints is the key', async () => {
    const bin = binWith('corp-key', `#!/bin/sh\necho "sk-test-from-command-$1"\necho second line\n`);
    const v = vaults({ PATH: process.env.PATH }, { keyCommands: () => ({ corp: { command: join(bin, 'corp-key'), args: ['openai; touch /tmp/never'] } }) });
    assert.deepEqual(await v.read(ref('${command:corp}')), { ok: true, value: 'sk-test-from-command-openai; touch /tmp/never' });
  });

  it("is read from the user's settings only: one in workspace or folder settings does not exist", () => {
    const corp = { command: '/usr/local/bin/corp-key', args: ['openai'] };
    const fromWorkspace = parseSettings(rawSettings((key) => (key === 'vaults.keyCommands' ? { workspaceValue: { corp }, workspaceFolderValue: { corp } } : undefined))).settings;
    assert.deepEqual(fromWorkspace.keyCommands, {});
    const fromUser = parseSettings(rawSettings((key) => (key === 'vaults.keyCommands' ? { globalValue: { corp }, workspaceValue: { evil: corp } } : undefined))).settings;
    assert.deepEqual(fromUser.keyCommands, { corp });
  });

  it('an unknown name runs nothing', async () => {
    assert.equal(await problemOf(vaults({}), '${command:corp}'), 'There is no key command corp in your user settings (aiConnections.vaults.keyCommands). Key commands are never read from workspace settings.');
  });

  it('what it prints on standard error is shown scrubbed: never a key-shaped token', async () => {
    const bin = binWith('leaky', `#!/bin/sh\necho "error: token sk-test-leaked-abcdefghijkl was refused" >&2\necho "sk-test-leaked-abcdefghijkl"\nexit 3\n`);
    const text = await problemOf(vaults({ PATH: process.env.PATH }, { keyCommands: () => ({ leaky: { command: join(bin, 'leaky'), args: [] } }) }), '${command:leaky}');
    assert.doesNotMatch(text, /abcdefghijkl/);
    assert.match(text, /^key command failed: token \[redacted\] was refused$/);
  });
});

describe('HashiCorp Vault and OpenBao: KV version 2 over HTTP', () => {
  const TOKEN = 'hvs.test-token-0f3a';
  let server: KvServer;
  before(async () => {
    server = await startKvServer(TOKEN, { '': { 'secret/team/openai': { api_key: 'sk-test-from-vault-91b2', org: 'org-1' } }, 'team-a': { 'secret/openai': { api_key: 'sk-test-from-namespace' } } });
  });
  after(() => server.close());

  it('reads a field with the token from VAULT_TOKEN', async () => {
    assert.deepEqual(await vaults({ VAULT_ADDR: server.origin, VAULT_TOKEN: TOKEN }).read(ref('${vault:secret/team/openai#api_key}')), { ok: true, value: 'sk-test-from-vault-91b2' });
    assert.deepEqual(server.requests.at(-1), { url: '/v1/secret/data/team/openai', token: TOKEN, namespace: undefined });
  });

  it('takes the token from ~/.vault-token, and a namespace from VAULT_NAMESPACE', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    writeFileSync(join(home, '.vault-token'), `${TOKEN}\n`);
    const v = vaults({ VAULT_ADDR: server.origin, VAULT_NAMESPACE: 'team-a' }, { homeFile: homeFileReader(home) });
    assert.deepEqual(await v.read(ref('${vault:secret/openai#api_key}')), { ok: true, value: 'sk-test-from-namespace' });
    assert.equal(server.requests.at(-1)?.namespace, 'team-a');
  });

  it('a wrong token (403), a missing path (404), a missing field and no address each say so', async () => {
    assert.equal(await problemOf(vaults({ VAULT_ADDR: server.origin, VAULT_TOKEN: 'hvs.wrong' }), '${vault:secret/team/openai#api_key}'), 'HashiCorp Vault refused to give secret/team/openai (HTTP 403): check your token and its access.');
    assert.equal(await problemOf(vaults({ VAULT_ADDR: server.origin, VAULT_TOKEN: TOKEN }), '${vault:secret/team/nope#api_key}'), 'HashiCorp Vault: secret/team/nope was not found.');
    assert.equal(await problemOf(vaults({ VAULT_ADDR: server.origin, VAULT_TOKEN: TOKEN }), '${vault:secret/team/openai#password}'), 'HashiCorp Vault: secret/team/openai has no field password.');
    assert.match(await problemOf(vaults({ VAULT_TOKEN: TOKEN }), '${vault:secret/team/openai#api_key}'), /VAULT_ADDR is not set/);
    assert.match(await problemOf(vaults({ VAULT_ADDR: server.origin }), '${vault:secret/team/openai#api_key}'), /no token/);
  });
});

describe('Azure Key Vault: its REST shape over HTTPS, with a Microsoft Entra ID token', () => {
  let server: KeyVaultServer;
  const scopes: string[] = [];
  before(async () => {
    server = await startKeyVaultServer('eyJ-test-entra', { 'team-vault': { 'openai-key': 'sk-test-from-keyvault-44aa' } }, ['locked-key']);
  });
  after(() => server.close());
  const keyVault = () => vaults({}, { get: (url, headers, o) => httpGet(url, headers, { ...o, fetch: server.fetch }), getEntraToken: async (scope) => (scopes.push(scope), 'eyJ-test-entra') }, { keyVault: { baseFor: (host) => server.baseFor(host) } });

  it("reads a secret with a token for the cloud's Key Vault scope", async () => {
    assert.deepEqual(await keyVault().read(ref('${azkv:team-vault/openai-key}')), { ok: true, value: 'sk-test-from-keyvault-44aa' });
    assert.equal(scopes.at(-1), 'https://vault.azure.net/.default');
    assert.equal(server.requests.at(-1)?.url, '/team-vault/secrets/openai-key?api-version=7.4');
    await keyVault().read(ref('${azkv:team-vault.vault.azure.cn/openai-key}'));
    assert.equal(scopes.at(-1), 'https://vault.azure.cn/.default');
  });

  it('no access (403) and a missing secret (404) say so', async () => {
    assert.equal(await problemOf(keyVault(), '${azkv:team-vault/locked-key}'), 'Azure Key Vault refused to give team-vault/locked-key (HTTP 403): check your token and its access.');
    assert.equal(await problemOf(keyVault(), '${azkv:team-vault/nope}'), 'Azure Key Vault: team-vault/nope was not found.');
  });

  it('a failed sign-in sends nothing', async () => {
    const before = server.requests.length;
    const v = vaults({}, { getEntraToken: async () => Promise.reject(new Error('User did not consent')) }, { keyVault: { baseFor: (host) => server.baseFor(host) } });
    assert.equal(await problemOf(v, '${azkv:team-vault/openai-key}'), 'Azure Key Vault: the Microsoft sign-in did not give a token (User did not consent).');
    assert.equal(server.requests.length, before);
  });
});

describe('the one vault reader', () => {
  it('in Restricted Mode runs nothing and fetches nothing', async () => {
    const runs: string[] = [];
    const v = vaults({}, { isTrusted: () => false, run: async (command) => (runs.push(command), { outcome: 'notFound' }) });
    assert.equal(await problemOf(v, '${pass:team/openai}'), 'pass is not read in Restricted Mode.');
    assert.equal(await problemOf(v, '${vault:secret/x#y}'), 'HashiCorp Vault is not read in Restricted Mode.');
    assert.deepEqual(runs, []);
  });

  it('a hundred reads of one item within the cache period run the vault once; Refresh Secrets reads it again', async () => {
    let runs = 0;
    const v = vaults({}, { run: async () => (runs++, { outcome: 'exited', code: 0, stdout: 'sk-test-cached\n', stderr: '' }) });
    const reads = await Promise.all(Array.from({ length: 100 }, () => v.read(ref('${pass:team/openai}'))));
    assert.ok(
      reads.every((r) => r.ok && r.value === 'sk-test-cached'),
      'every read has the value',
    );
    await v.read(ref('${pass:team/openai}'));
    assert.equal(runs, 1);
    v.forget();
    await v.read(ref('${pass:team/openai}'));
    assert.equal(runs, 2);
  });

  it('keeps a value only for its period, and not at all with 0 minutes', async () => {
    let now = 0;
    let runs = 0;
    const run = async () => (runs++, { outcome: 'exited' as const, code: 0, stdout: 'sk-test-cached\n', stderr: '' });
    const v = vaults({}, { run, now: () => now });
    await v.read(ref('${pass:a}'));
    now += 4 * 60_000;
    await v.read(ref('${pass:a}'));
    now += 2 * 60_000;
    await v.read(ref('${pass:a}'));
    assert.equal(runs, 2);
    const uncached = vaults({}, { run, settings: () => ({ timeoutSeconds: 5, cacheMinutes: 0 }) });
    await uncached.read(ref('${pass:a}'));
    await uncached.read(ref('${pass:a}'));
    assert.equal(runs, 4);
  });
});
