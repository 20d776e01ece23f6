/**
 * Real parts for the network tests: certificates made by openssl (a private certificate authority,
 * a server certificate it signed, a client certificate and its passphrase-protected key, a
 * self-signed server), HTTPS servers speaking OpenAI's model list and chat stream (one of them
 * asking for a client certificate), and Debian's tinyproxy as a CONNECT proxy, with or without
 * basic authentication.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, connect, type AddressInfo, type Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { NetworkPort } from '../../src/domain/network/route';
import type { MachineNetwork } from '../../src/domain/network/proxy';
import { readTlsFile } from '../../src/platform/homeFiles';
import { createRouteFetch, peerCertificate } from '../../src/platform/routeFetch';

export interface Pki {
  dir: string;
  /** Paths. */
  caPath: string;
  serverCertPath: string;
  serverKeyPath: string;
  clientCertPath: string;
  /** The client key, encrypted with `passphrase`. */
  clientKeyPath: string;
  /** Another key, not the client certificate's. */
  otherKeyPath: string;
  passphrase: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  selfSignedCert: string;
  selfSignedKey: string;
}

export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `aic-${name}-`));
}

/** A private certificate authority with a server and a client certificate it signed, and a self-signed server, made by openssl. */
export function makePki(): Pki {
  const dir = tempDir('pki');
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  run(['req', '-x509', ...ec, '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Example Corp Test Root CA']);
  writeFileSync(join(dir, 'server.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(['req', ...ec, '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.cnf']);
  writeFileSync(join(dir, 'client.cnf'), 'extendedKeyUsage=clientAuth\n');
  run(['req', ...ec, '-nodes', '-keyout', 'client-plain.key', '-out', 'client.csr', '-subj', '/CN=ai-connections-test-client']);
  run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '2', '-extfile', 'client.cnf']);
  const passphrase = 'test-passphrase-Tq7';
  run(['pkey', '-in', 'client-plain.key', '-aes256', '-passout', `pass:${passphrase}`, '-out', 'client.key']);
  run(['genpkey', '-algorithm', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'other.key']);
  run(['req', '-x509', ...ec, '-nodes', '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    dir,
    caPath: join(dir, 'ca.pem'),
    serverCertPath: join(dir, 'server.pem'),
    serverKeyPath: join(dir, 'server.key'),
    clientCertPath: join(dir, 'client.pem'),
    clientKeyPath: join(dir, 'client.key'),
    otherKeyPath: join(dir, 'other.key'),
    passphrase,
    ca: read('ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    selfSignedCert: read('self.pem'),
    selfSignedKey: read('self.key'),
  };
}

export interface TlsModelServer {
  origin: string;
  /** What each request carried: its path, headers, and the client certificate's subject when one was sent. */
  requests: { url: string; headers: IncomingMessage['headers']; clientCert?: string }[];
  close(): Promise<void>;
}

/** OpenAI's model list and a short streamed chat answer, for requests with `Bearer <key>`. */
function openAiLike(key: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${key}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Incorrect API key provided.' } }));
      return;
    }
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }));
      return;
    }
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        res.end(chunk({ role: 'assistant', content: 'Hello through ' }) + chunk({ content: 'the company network.' }) + chunk({}, 'stop') + 'data: [DONE]\n\n');
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Unknown path ${req.url}` } }));
  };
}

/** An HTTPS OpenAI-like server with the given certificate; with `clientCa`, it asks for a client certificate signed by it and refuses a connection without one. */
export async function startTlsServer(options: { cert: string; key: string; apiKey: string; clientCa?: string }): Promise<TlsModelServer> {
  const requests: TlsModelServer['requests'] = [];
  const handler = openAiLike(options.apiKey);
  const server = createHttpsServer({ cert: options.cert, key: options.key, ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true } : {}) }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate?.();
    requests.push({ url: req.url ?? '', headers: req.headers, ...(peer && peer.subject ? { clientCert: String(peer.subject.CN) } : {}) });
    handler(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts connections on the port (tinyproxy has started), or rejects when the process ends first. */
async function accepting(port: number, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited) throw new Error('tinyproxy ended before it listened');
    const connected = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (connected) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('tinyproxy did not listen');
}

export interface Tinyproxy {
  url: string;
  port: number;
  /** The lines tinyproxy logged (CONNECT requests among them). */
  log(): string;
  close(): Promise<void>;
}

/**
 * Debian's tinyproxy on a free loopback port, in the foreground: with `auth`, it asks for basic
 * credentials; with `connectPorts`, it tunnels only to those ports and refuses the rest (403).
 */
export async function startTinyproxy(options: { auth?: [string, string]; connectPorts?: number[] } = {}): Promise<Tinyproxy> {
  const dir = tempDir('tinyproxy');
  const port = await freePort();
  const logFile = join(dir, 'tinyproxy.log');
  const lines = [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 30', 'MaxClients 100', 'Allow 127.0.0.1', 'DisableViaHeader Yes', 'LogLevel Connect', `LogFile "${logFile}"`];
  if (options.auth) lines.push(`BasicAuth ${options.auth[0]} ${options.auth[1]}`);
  for (const allowed of options.connectPorts ?? []) lines.push(`ConnectPort ${allowed}`);
  const config = join(dir, 'tinyproxy.conf');
  writeFileSync(config, `${lines.join('\n')}\n`);
  const child = spawn('tinyproxy', ['-d', '-c', config], { stdio: 'ignore', detached: false });
  await accepting(port, child);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The network port as the extension builds it, over the given machine settings (default: no proxy, system certificates on). */
export function networkPort(machine: Partial<MachineNetwork> = {}): Omit<NetworkPort, 'accepted'> & { dispose(): Promise<void> } {
  const routes = createRouteFetch();
  return {
    machine: () => ({ proxy: '', noProxy: [], systemCertificates: true, env: {}, ...machine }),
    home: () => homedir(),
    readFile: readTlsFile,
    fetchFor: (route) => routes.fetchFor(route),
    peerCertificate: (url, route) => peerCertificate(url, route),
    dispose: () => routes.dispose(),
  };
}
