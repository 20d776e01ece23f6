/**
 * Real vaults for the tests, made by the tests:
 * - a password store of `pass` and Debian's `gopass`, encrypted to a throwaway GPG key
 *   (`gpg --batch --passphrase ''`), in its own GNUPGHOME;
 * - a stand-in for 1Password's `op` on PATH, with the CLI's documented exit code (1) and messages
 *   (1Password's service can't be reached offline);
 * - a server speaking HashiCorp Vault's KV version 2 HTTP API as documented (403 with
 *   `permission denied` for a wrong token, 404 for a missing path, namespaces by `X-Vault-Namespace`);
 * - an HTTPS server speaking Azure Key Vault's REST shape, with a certificate authority made by
 *   the test (openssl), reached through the test-only host override.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { listenLocally } from './localServer';

/** The environment the vault's programs run with: PATH, and the store's own folders. */
export type VaultEnv = Record<string, string>;

function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `ai-connections-${name}-`));
}

/** A `pass` store with the given entries (path → content; the first line is the secret), encrypted to a new GPG key. */
export function passStore(entries: Record<string, string>): VaultEnv {
  const home = tempDir('gpg');
  chmodSync(home, 0o700);
  const store = join(tempDir('pass'), 'store');
  const env: VaultEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GNUPGHOME: home, PASSWORD_STORE_DIR: store };
  const run = (command: string, args: string[], input?: string) => execFileSync(command, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'] });
  run('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'AI Connections Test <test@example.invalid>', 'default', 'default', 'never']);
  const fingerprint = /^fpr:+([0-9A-F]+):/m.exec(run('gpg', ['--list-keys', '--with-colons']).toString())![1]!;
  run('pass', ['init', fingerprint]);
  for (const [path, content] of Object.entries(entries)) run('pass', ['insert', '--multiline', path], content);
  // GnuPG starts an agent for the store's key: it goes when the tests do.
  process.once('exit', () => {
    try {
      execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env, stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  });
  return env;
}

/** A folder on PATH holding an executable script. */
export function binWith(name: string, script: string, dir = tempDir('bin')): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), script);
  chmodSync(join(dir, name), 0o755);
  return dir;
}

/**
 * 1Password's `op` as far as `op read` goes: items from `OP_TEST_ITEMS` (a JSON file of reference →
 * value); `OP_TEST_STATE=signedOut` answers as the CLI does without a session; `OP_TEST_STATE=slow`
 * writes its process id to `OP_TEST_PID` and never answers.
 */
export function opStandIn(): string {
  return binWith(
    'op',
    `#!${process.execPath}
const [command, ...rest] = process.argv.slice(2);
const stamp = '2026/12/06 12:00:00';
const fail = (text) => { process.stderr.write('[ERROR] ' + stamp + ' ' + text + '\\n'); process.exit(1); };
if (command !== 'read') fail('unknown command "' + command + '" for "op"');
const reference = rest.filter((a) => !a.startsWith('--'))[0];
const state = process.env.OP_TEST_STATE;
if (state === 'slow') { require('fs').writeFileSync(process.env.OP_TEST_PID, String(process.pid)); setInterval(() => {}, 1000); return; }
if (state === 'signedOut') fail('You are not currently signed in. Please run \`op signin --help\` for instructions');
const items = JSON.parse(require('fs').readFileSync(process.env.OP_TEST_ITEMS, 'utf8'));
if (!(reference in items)) {
  const [vault, item] = reference.slice(5).split('/');
  fail("could not read secret '" + reference + "': could not get item " + vault + '/' + item + ': "' + item + '" isn\\'t an item in the "' + vault + '" vault. Specify the item with its UUID, name, or domain.');
}
process.stdout.write(items[reference] + (rest.includes('--no-newline') ? '' : '\\n'));
`,
  );
}

/** The environment for the `op` stand-in: its folder first on PATH, and its items. */
export function opEnv(items: Record<string, string>, state?: 'signedOut' | 'slow'): VaultEnv & { pidFile: string } {
  const dir = tempDir('op-items');
  const file = join(dir, 'items.json');
  writeFileSync(file, JSON.stringify(items));
  const pidFile = join(dir, 'pid');
  return { PATH: `${opStandIn()}:${process.env.PATH ?? ''}`, OP_TEST_ITEMS: file, OP_TEST_PID: pidFile, ...(state ? { OP_TEST_STATE: state } : {}), pidFile };
}

export interface KvServer {
  origin: string;
  requests: { url: string; token: string | undefined; namespace: string | undefined }[];
  close(): Promise<void>;
}

/**
 * HashiCorp Vault's KV version 2 API: `GET /v1/{mount}/data/{path}` with `X-Vault-Token`. Secrets
 * by namespace ('' for the root): `{ '': { 'secret/team/openai': { api_key: '…' } } }`.
 */
export async function startKvServer(token: string, secrets: Record<string, Record<string, Record<string, unknown>>>): Promise<KvServer> {
  const requests: KvServer['requests'] = [];
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createHttpServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://vault');
    const given = req.headers['x-vault-token'] as string | undefined;
    const namespace = req.headers['x-vault-namespace'] as string | undefined;
    requests.push({ url: url.pathname, token: given, namespace });
    if (given !== token) return send(res, 403, { errors: ['permission denied'] });
    const match = /^\/v1\/([^/]+)\/data\/(.+)$/.exec(url.pathname);
    const data = match ? secrets[namespace ?? '']?.[`${match[1]}/${decodeURIComponent(match[2]!)}`] : undefined;
    if (req.method !== 'GET' || !data) return send(res, 404, { errors: [] });
    send(res, 200, {
      request_id: '4f6d8a55-3a1f-4c2b-9d0e-1a2b3c4d5e6f',
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: { data, metadata: { created_time: '2026-12-01T10:00:00.000000Z', custom_metadata: null, deletion_time: '', destroyed: false, version: 3 } },
      wrap_info: null,
      warnings: null,
      auth: null,
    });
  });
  const listening = await listenLocally(server);
  return { origin: listening.origin, requests, close: listening.close };
}

/** A certificate authority and a certificate for `localhost` it signed, made with openssl. */
export function localCertificate(): { ca: string; key: string; cert: string } {
  const dir = tempDir('tls');
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=AI Connections Test CA']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
}

export interface KeyVaultServer {
  /** The test-only base for a vault host: this server, with the vault's name as the first path segment. */
  baseFor(host: string): URL;
  /** `fetch` that trusts the test's certificate authority. */
  fetch: typeof fetch;
  requests: { url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/**
 * Azure Key Vault's REST shape: `GET /secrets/{name}[/{version}]?api-version=7.4` with a bearer token;
 * `{ value, id, attributes }`, 401 without the token, 403 `Forbidden`, 404 `SecretNotFound`.
 * Vaults by name: `{ 'team-vault': { 'openai-key': '…' } }`; `forbidden` lists secrets the token may not read.
 */
export async function startKeyVaultServer(token: string, vaults: Record<string, Record<string, string>>, forbidden: string[] = []): Promise<KeyVaultServer> {
  const { ca, key, cert } = localCertificate();
  const requests: KeyVaultServer['requests'] = [];
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const server = createHttpsServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    requests.push({ url: url.pathname + url.search, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
    const match = /^\/([^/]+)\/secrets\/([^/]+)(?:\/([0-9a-f]{32}))?$/.exec(url.pathname);
    if (!match || url.searchParams.get('api-version') !== '7.4') return send(res, 400, { error: { code: 'BadParameter', message: 'The request URI contains an invalid name' } });
    const [, vault, name] = match;
    if (forbidden.includes(name!)) return send(res, 403, { error: { code: 'Forbidden', message: 'The user, group or application does not have secrets get permission on key vault.' } });
    const value = vaults[vault!]?.[name!];
    if (value === undefined) return send(res, 404, { error: { code: 'SecretNotFound', message: `A secret with (name/id) ${name!} was not found in this key vault.` } });
    send(res, 200, { value, id: `https://${vault!}.vault.azure.net/secrets/${name!}/0123456789abcdef0123456789abcdef`, attributes: { enabled: true, created: 1764000000, updated: 1764000000, recoveryLevel: 'Recoverable+Purgeable' }, tags: {} });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const dispatcher = new Agent({ connect: { ca } });
  const trusting = ((url: string | URL | Request, init?: RequestInit) => undiciFetch(url as string, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as typeof fetch;
  return {
    baseFor: (host) => new URL(`https://localhost:${port}/${host.slice(0, host.indexOf('.'))}/`),
    fetch: trusting,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
