/**
 * The Network section's cost, on real parts: an HTTPS OpenAI-like server whose certificate a
 * private CA made by openssl signed, and Debian's tinyproxy as the CONNECT proxy. What a proxy adds
 * to a warm model-list GET (direct with the CA against through tinyproxy with the same CA, and the
 * same over plain http), what putting a request together costs with the network port present but
 * unused (and that such a request keeps the host's fetch), what reading and checking TLS material
 * adds to it when it is used, and the production bundles' sizes (the route code is its own bundle,
 * loaded on the first request that needs a route). `node --import tsx bench/network.ts` prints the
 * figures alone.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import type { Connection } from '../src/domain/connection';
import type { NetworkPort } from '../src/domain/network/route';
import { findProvider } from '../src/domain/providers/catalog';
import { httpGet, prepareRequest, type Prepared } from '../src/domain/requests';
import { makePki, networkPort, startTinyproxy, startTlsServer, type Tinyproxy } from '../test/support/networkWorld';

const KEY = 'sk-bench-network-7Qw2Zp';

export interface GetPair {
  /** Median per-request time of a warm GET of `/v1/models`, direct and through tinyproxy. */
  directMs: number;
  proxiedMs: number;
  addedMs: number;
  /** CONNECT tunnels tinyproxy opened to the server during the warm-up GETs, and during the timed ones (0: the warm tunnels were kept). */
  warmupTunnels: number;
  tunnels: number;
}

export interface NetworkBenchResult {
  gets: number;
  https: GetPair;
  /** Plain http: `directMs` is the host's own fetch (no route), `routeDirectMs` undici's Agent with no proxy (a connection set to No proxy while the machine has one). */
  http: GetPair & { routeDirectMs: number; warmupConnections: number; serverConnections: number };
  prepareRuns: number;
  /** Putting an OpenAI request together with no Network settings: deps.network absent, and present. */
  withoutPortMs: number;
  withPortMs: number;
  portAddedMs: number;
  /** Whether the request with the port present kept the host's fetch (prepared.fetch undefined). */
  hostFetch: boolean;
  tlsRuns: number;
  /** Same connection to the HTTPS server, with the port: no TLS settings; an extra CA from a file; the CA and a client certificate with its passphrase-protected key. */
  plainMs: number;
  caFileMs: number;
  clientCertMs: number;
  sizes: Record<string, number>;
  /** Median time to load dist/network.js in a fresh Node process (what the first request needing a route pays once). */
  loadRuns: number;
  networkLoadMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** CONNECT lines tinyproxy logged for a port. */
function tunnels(proxy: Tinyproxy, port: string): number {
  return proxy
    .log()
    .split('\n')
    .filter((line) => line.includes('CONNECT') && line.includes(`:${port}`)).length;
}

/** OpenAI's model list over plain http, counting the TCP connections it accepted. */
async function startHttpServer(): Promise<{ origin: string; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const ok = req.headers.authorization === `Bearer ${KEY}` && req.url === '/v1/models';
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] } : { error: { message: 'Incorrect API key provided.' } }));
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Warm GETs of the prepared requests, taking turns (which goes first alternates), each request's time kept per variant; `warmed` is called between the warm-up and the timed GETs. */
async function alternate(requests: Prepared[], runs: number, warmed: () => void, warmup = 20): Promise<number[]> {
  const get = async (prepared: Prepared) => {
    const outcome = await httpGet(prepared.url, prepared.headers, { timeoutMs: 10_000, ...(prepared.fetch ? { fetch: prepared.fetch } : {}) });
    if (!outcome.ok || outcome.status !== 200) throw new Error(`GET ${prepared.url.href} failed: ${JSON.stringify(outcome)}`);
  };
  for (let i = 0; i < warmup; i++) for (const prepared of requests) await get(prepared);
  warmed();
  const times = requests.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? requests.map((_, n) => n) : requests.map((_, n) => requests.length - 1 - n);
    for (const n of order) {
      const start = performance.now();
      await get(requests[n]!);
      times[n]!.push(performance.now() - start);
    }
  }
  return times.map(median);
}

/** The production bundles (the build `npm run package` makes before packing the .vsix) and their sizes. */
function networkBundleSizes(root = join(__dirname, '..')): Record<string, number> {
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'ignore' });
  const sizes: Record<string, number> = {};
  for (const file of ['dist/extension.js', 'dist/network.js']) sizes[file] = statSync(join(root, file)).size;
  return sizes;
}

/** Median time to require dist/network.js in a fresh Node process. */
function networkLoad(root: string, runs: number): number {
  const script = `const t = performance.now(); require(${JSON.stringify(join(root, 'dist', 'network.js'))}); process.stdout.write(String(performance.now() - t));`;
  return median(Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))));
}

export async function benchNetwork(gets = 300, prepareRuns = 3001, tlsRuns = 1001, loadRuns = 11): Promise<NetworkBenchResult> {
  const pki = makePki();
  const server = await startTlsServer({ cert: pki.serverCert, key: pki.serverKey, apiKey: KEY });
  const plain = await startHttpServer();
  const proxy = await startTinyproxy();
  const port = networkPort();
  const network: NetworkPort = { ...port, accepted: () => undefined };
  // A machine with a proxy (VS Code's http.proxy), for the plain-http connection set to No proxy.
  const machineProxied = networkPort({ proxy: proxy.url });
  const networkProxied: NetworkPort = { ...machineProxied, accepted: () => undefined };
  const provider = findProvider('openai')!;
  const prepare = (settings: Connection['settings'], deps: { network?: NetworkPort }, secrets: Record<string, string> = {}) => prepareRequest(provider, provider.test!, { providerId: 'openai', settings }, { apiKey: KEY, ...secrets }, deps);
  try {
    // 1. What the proxy adds to a warm GET: HTTPS with the private CA, then plain http.
    const httpsBase = `${server.origin}/v1`;
    const httpsDirect = await prepare({ baseUrl: httpsBase, caCertificates: pki.caPath }, { network });
    const httpsProxied = await prepare({ baseUrl: httpsBase, caCertificates: pki.caPath, proxy: 'custom', proxyUrl: proxy.url }, { network });
    if (!httpsDirect.fetch || !httpsProxied.fetch) throw new Error('the HTTPS requests were expected to have routes');
    const httpsPort = new URL(server.origin).port;
    let httpsWarm = 0;
    const [httpsDirectMs, httpsProxiedMs] = await alternate([httpsDirect, httpsProxied], gets, () => (httpsWarm = tunnels(proxy, httpsPort)));
    const httpsTunnels = tunnels(proxy, httpsPort) - httpsWarm;

    const httpBase = `${plain.origin}/v1`;
    const hostFetch = await prepare({ baseUrl: httpBase }, { network });
    const routeDirect = await prepare({ baseUrl: httpBase, proxy: 'none' }, { network: networkProxied });
    const httpProxied = await prepare({ baseUrl: httpBase, proxy: 'custom', proxyUrl: proxy.url }, { network });
    if (hostFetch.fetch || !routeDirect.fetch || !httpProxied.fetch) throw new Error('the plain-http requests were expected to be: no route, a direct route, a proxy route');
    const httpPort = new URL(plain.origin).port;
    let httpWarm = 0;
    let connectionsWarm = 0;
    const [httpDirectMs, routeDirectMs, httpProxiedMs] = await alternate([hostFetch, routeDirect, httpProxied], gets, () => {
      httpWarm = tunnels(proxy, httpPort);
      connectionsWarm = plain.connections();
    });
    const httpTunnels = tunnels(proxy, httpPort) - httpWarm;
    const serverConnections = plain.connections() - connectionsWarm;

    // 2. Putting a request together with no Network settings: the port absent or present, taking turns.
    const openai = { baseUrl: 'https://api.openai.com/v1' };
    const unused = await prepare(openai, { network });
    const without: number[] = [];
    const withPort: number[] = [];
    for (let i = 0; i < 50; i++) await Promise.all([prepare(openai, {}), prepare(openai, { network })]);
    for (let i = 0; i < prepareRuns; i++) {
      const cases = [
        [without, {}],
        [withPort, { network }],
      ] as const;
      for (const [times, deps] of i % 2 === 0 ? cases : [...cases].reverse()) {
        const start = performance.now();
        await prepare(openai, deps);
        times.push(performance.now() - start);
      }
    }

    // TLS material when used: read from its files and checked on every request put together.
    const tlsCases: [Connection['settings'], Record<string, string>][] = [
      [{ baseUrl: httpsBase }, {}],
      [{ baseUrl: httpsBase, caCertificates: pki.caPath }, {}],
      [{ baseUrl: httpsBase, caCertificates: pki.caPath, clientCertificate: pki.clientCertPath, clientKey: pki.clientKeyPath }, { clientKeyPassphrase: pki.passphrase }],
    ];
    const clientPrepared = await prepare(tlsCases[2]![0], { network }, tlsCases[2]![1]);
    if (!clientPrepared.fetch) throw new Error('the client-certificate request was expected to have a route');
    const tlsTimes = tlsCases.map(() => [] as number[]);
    for (let i = 0; i < 20; i++) for (const [settings, secrets] of tlsCases) await prepare(settings, { network }, secrets);
    for (let i = 0; i < tlsRuns; i++) {
      const order = i % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
      for (const n of order) {
        const [settings, secrets] = tlsCases[n]!;
        const start = performance.now();
        await prepare(settings, { network }, secrets);
        tlsTimes[n]!.push(performance.now() - start);
      }
    }
    const [plainMs, caFileMs, clientCertMs] = tlsTimes.map(median) as [number, number, number];

    // 3. The production bundles, and what loading the route code costs the first request that needs it.
    const root = join(__dirname, '..');
    const sizes = networkBundleSizes(root);
    const networkLoadMs = networkLoad(root, loadRuns);

    const withoutPortMs = median(without);
    const withPortMs = median(withPort);
    return {
      gets,
      https: { directMs: httpsDirectMs!, proxiedMs: httpsProxiedMs!, addedMs: httpsProxiedMs! - httpsDirectMs!, warmupTunnels: httpsWarm, tunnels: httpsTunnels },
      http: { directMs: httpDirectMs!, routeDirectMs: routeDirectMs!, proxiedMs: httpProxiedMs!, addedMs: httpProxiedMs! - routeDirectMs!, warmupTunnels: httpWarm, tunnels: httpTunnels, warmupConnections: connectionsWarm, serverConnections },
      prepareRuns,
      withoutPortMs,
      withPortMs,
      portAddedMs: withPortMs - withoutPortMs,
      hostFetch: unused.fetch === undefined,
      tlsRuns,
      plainMs,
      caFileMs,
      clientCertMs,
      sizes,
      loadRuns,
      networkLoadMs,
    };
  } finally {
    await Promise.all([server.close(), plain.close(), proxy.close(), port.dispose(), machineProxied.dispose()]);
  }
}

if (require.main === module) {
  void benchNetwork().then((r) => {
    const ms = (value: number) => `${value.toFixed(3)} ms`;
    const signed = (value: number) => `${value >= 0 ? '+' : ''}${ms(value)}`;
    const kept = (pair: GetPair) => `tinyproxy CONNECTs: ${pair.warmupTunnels} in the warm-up, ${pair.tunnels} during the timed GETs${pair.tunnels === 0 ? ' (tunnels kept)' : ''}`;
    console.log(`HTTPS GET /v1/models (private CA), median of ${r.gets}: direct ${ms(r.https.directMs)}, through tinyproxy ${ms(r.https.proxiedMs)} (${signed(r.https.addedMs)}); ${kept(r.https)}`);
    console.log(
      `http GET /v1/models, median of ${r.gets}: host fetch ${ms(r.http.directMs)}, undici direct ${ms(r.http.routeDirectMs)}, through tinyproxy ${ms(r.http.proxiedMs)} (${signed(r.http.addedMs)} over undici direct); ${kept(r.http)}; server connections: ${r.http.warmupConnections} in the warm-up, ${r.http.serverConnections} during the timed GETs`,
    );
    console.log(`prepareRequest, OpenAI, no Network settings, median of ${r.prepareRuns}: without port ${ms(r.withoutPortMs)}, with port ${ms(r.withPortMs)} (${signed(r.portAddedMs)}); host fetch kept: ${r.hostFetch ? 'yes (prepared.fetch undefined)' : 'NO'}`);
    console.log(
      `prepareRequest with TLS material (files read and checked each time), median of ${r.tlsRuns}: none ${ms(r.plainMs)}, CA file ${ms(r.caFileMs)} (${signed(r.caFileMs - r.plainMs)}), CA + client certificate and encrypted key ${ms(r.clientCertMs)} (${signed(r.clientCertMs - r.plainMs)})`,
    );
    for (const [file, size] of Object.entries(r.sizes)) console.log(`${file}: ${size.toLocaleString('en-US')} bytes (${(size / 1024).toFixed(1)} KiB)`);
    console.log(`loading dist/network.js in a fresh Node, median of ${r.loadRuns}: ${ms(r.networkLoadMs)}`);
  });
}
