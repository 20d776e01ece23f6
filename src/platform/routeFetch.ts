/**
 * Sending over a route (src/domain/network/route.ts) with undici, the HTTP client Node's own fetch
 * is built on: a proxy through an HTTP CONNECT tunnel (or SOCKS5) with its credentials sent to the
 * proxy only, and TLS with the usual certificate authorities plus the operating system's (when
 * `http.systemCertificates` is on), the connection's extra ones, and its client certificate.
 * Verification is never turned off. One dispatcher per distinct route, so requests of a
 * connection share their connections. Loaded only when a request needs a route.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Agent, fetch as undiciFetch, ProxyAgent, type Dispatcher } from 'undici';
import { ProxyFailure, type NetworkRoute, type PeerCertificate } from '../domain/network/route';
import { alertingFetch } from './tlsAlerts';

/** Where Linux distributions keep the system's certificate authorities, in one file. */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/ssl/cert.pem'];

let systemCertificates: readonly string[] | undefined;

/** The operating system's certificate authorities: Node's own reader where it has one, else the distribution's bundle. */
function systemCas(): readonly string[] {
  if (systemCertificates) return systemCertificates;
  const fromNode = (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  if (fromNode) {
    try {
      return (systemCertificates = fromNode('system'));
    } catch {
      /* fall back to the bundle files */
    }
  }
  for (const path of SYSTEM_BUNDLES) {
    try {
      return (systemCertificates = [readFileSync(path, 'utf8')]);
    } catch {
      /* the next place */
    }
  }
  return (systemCertificates = []);
}

/** The TLS options of a route: with extra CAs, Node's own and (with `http.systemCertificates`) the system's stay trusted too. */
export function tlsOptions(route: NetworkRoute): tls.ConnectionOptions | undefined {
  const settings = route.tls;
  if (!settings) return undefined;
  const ca = settings.ca.length > 0 || settings.systemCertificates ? [...tls.rootCertificates, ...(settings.systemCertificates ? systemCas() : []), ...settings.ca] : undefined;
  const client = settings.client;
  return {
    ...(ca ? { ca } : {}),
    ...(client ? { cert: client.certificate, key: client.key, ...(client.passphrase !== undefined ? { passphrase: client.passphrase } : {}) } : {}),
  };
}

function dispatcherFor(route: NetworkRoute): Dispatcher {
  const requestTls = tlsOptions(route);
  if (!route.proxy) return new Agent(requestTls ? { connect: requestTls } : {});
  return new ProxyAgent({
    uri: route.proxy.url,
    ...(route.proxy.authorization ? { token: route.proxy.authorization } : {}),
    ...(requestTls ? { requestTls } : {}),
    // An https proxy of the company is trusted with the same authorities.
    ...(requestTls?.ca ? { proxyTls: { ca: requestTls.ca } } : {}),
  });
}

/** Network errors before the tunnel is up: they are the proxy's. */
const PROXY_SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The error with the proxy's part named: a refused tunnel (407: credentials wanted), or a proxy not reached. */
function proxyError(error: unknown, proxy: string): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const status = /^Proxy response \((\d{3})\)/.exec(current instanceof Error ? current.message : '')?.[1];
    if (status) return new ProxyFailure(status === '407' || status === '401' ? 'auth' : 'refused', proxy, Number(status));
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && PROXY_SOCKET_CODES.has(code)) return new ProxyFailure('unreachable', proxy, undefined, current);
    current = (current as { cause?: unknown }).cause;
  }
  return error;
}

const MAX_DISPATCHERS = 16;

/** A fetch per route, over dispatchers kept for the routes in use. */
export function createRouteFetch(): { fetchFor(route: NetworkRoute): typeof fetch; dispose(): Promise<void> } {
  const dispatchers = new Map<string, Dispatcher>();
  const dispatcher = (route: NetworkRoute): Dispatcher => {
    const key = JSON.stringify(route);
    const kept = dispatchers.get(key);
    if (kept) return kept;
    const made = dispatcherFor(route);
    dispatchers.set(key, made);
    if (dispatchers.size > MAX_DISPATCHERS) {
      const [oldestKey, oldest] = dispatchers.entries().next().value as [string, Dispatcher];
      dispatchers.delete(oldestKey);
      void oldest.close().catch(() => undefined);
    }
    return made;
  };
  return {
    fetchFor(route) {
      const proxy = route.proxy ? new URL(route.proxy.url).host : undefined;
      const send = alertingFetch(() => ((input: Parameters<typeof fetch>[0], init?: RequestInit) => undiciFetch(input as string, { ...(init as object), dispatcher: dispatcher(route) } as Parameters<typeof undiciFetch>[1])) as unknown as typeof fetch);
      return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        try {
          return await send(input, init);
        } catch (error) {
          // A server's TLS alert is the server's, not the proxy's: proxyError leaves it as it is.
          throw proxy ? proxyError(error, proxy) : error;
        }
      }) as typeof fetch;
    },
    async dispose() {
      await Promise.all([...dispatchers.values()].map((d) => d.close().catch(() => undefined)));
      dispatchers.clear();
    },
  };
}

/** A tunnel to the server through the route's http proxy (CONNECT), with the proxy's credentials. */
function tunnel(url: URL, proxy: NonNullable<NetworkRoute['proxy']>, timeoutMs: number): Promise<net.Socket> {
  const proxyUrl = new URL(proxy.url);
  if (proxyUrl.protocol !== 'http:') return Promise.reject(new Error(`Reading a certificate through a ${proxyUrl.protocol} proxy is not supported`));
  const target = `${url.hostname}:${url.port || '443'}`;
  return new Promise((resolve, reject) => {
    const connecting = httpRequest({ host: proxyUrl.hostname, port: proxyUrl.port || 80, method: 'CONNECT', path: target, headers: { host: target, ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}) }, timeout: timeoutMs });
    connecting.once('connect', (response, socket) => {
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      const status = response.statusCode ?? 0;
      reject(new ProxyFailure(status === 407 || status === 401 ? 'auth' : 'refused', proxyUrl.host, status));
    });
    connecting.once('timeout', () => connecting.destroy(new Error('timeout')));
    connecting.once('error', (error) => reject(new ProxyFailure('unreachable', proxyUrl.host, undefined, error)));
    connecting.end();
  });
}

/** The PEM text of a DER certificate. */
function pemOf(raw: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${raw
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/**
 * The certificate a server presents, read without verifying it (nothing is sent over the
 * connection), with the verification's outcome against the route's certificate authorities.
 */
export async function peerCertificate(url: URL, route: NetworkRoute | undefined, timeoutMs = 10_000): Promise<PeerCertificate> {
  const socket = route?.proxy ? await tunnel(url, route.proxy, timeoutMs) : undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const ca = route ? tlsOptions(route)?.ca : undefined;
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ ...(socket ? { socket } : { host, port: Number(url.port || 443) }), ...(net.isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}), rejectUnauthorized: false, timeout: timeoutMs });
    secure.once('secureConnect', () => {
      const certificate = secure.getPeerCertificate(true);
      const problem = secure.authorized ? undefined : String(secure.authorizationError ?? 'UNKNOWN');
      secure.destroy();
      if (!certificate?.raw) return reject(new Error('The server presented no certificate'));
      resolve({
        pem: pemOf(certificate.raw),
        subject: certificate.subject?.CN ? String(certificate.subject.CN) : '',
        issuer: certificate.issuer?.CN ? String(certificate.issuer.CN) : '',
        validTo: certificate.valid_to,
        fingerprint: certificate.fingerprint256,
        ...(problem ? { problem } : {}),
      });
    });
    secure.once('timeout', () => secure.destroy(new Error('timeout')));
    secure.once('error', reject);
  });
}
