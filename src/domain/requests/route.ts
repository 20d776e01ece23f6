/**
 * A request's route from the connection's Network section and the machine's settings: its proxy
 * (the connection's own, none, or the machine's unless its no-proxy lists cover the host) and its
 * TLS material (extra certificate authorities, a certificate the person accepted for this host, a
 * client certificate). Everything is read and checked before anything is sent; a problem is a
 * ConfigError naming the field, never a value. The proxy password and the key's passphrase are
 * secrets: sensitive, and never part of a message.
 */
import type { Connection } from '../connection';
import { basicAuthorization, machineProxy, parseProxyUrl, type ProxyChoice } from '../network/proxy';
import type { NetworkPort, NetworkRoute } from '../network/route';
import { filePath, isPemText } from '../network/pemText';
import { certificateMatchesKey, certificatesIn, openClientKey } from '../network/tlsMaterial';
import { CA_FIELD, CLIENT_CERT_FIELD, CLIENT_KEY_FIELD, PASSPHRASE_FIELD, PROXY_FIELD, PROXY_PASSWORD_FIELD, PROXY_URL_FIELD, PROXY_USER_FIELD } from '../providers/network';
import { ConfigError } from './configError';
import type { FieldName } from './messages';

/** What the route needs of the request being put together. */
export interface RouteRequest {
  network: NetworkPort;
  settings: Connection['settings'];
  url: URL;
  /** A secret of the connection resolved (asking as a key is asked about), for the host it goes to. */
  secret(key: string, label: FieldName, host: string): Promise<string | undefined>;
  /** A field's label as the form shows it. */
  label(key: string): string;
}

function text(settings: Connection['settings'], key: string): string {
  const value = settings[key];
  return typeof value === 'string' ? value.trim() : '';
}

/** The proxy a request goes through: none (`null`, even where the host's fetch would use one), the machine's, or the connection's own. */
async function proxyFor(request: RouteRequest): Promise<ProxyChoice | null | undefined> {
  const { settings, network } = request;
  const mode = text(settings, PROXY_FIELD);
  if (mode === 'none') return null;
  if (mode === 'custom') {
    const url = parseProxyUrl(text(settings, PROXY_URL_FIELD));
    if (!url || url.username !== '' || url.password !== '') throw new ConfigError({ code: 'testing.proxyUrl', source: 'connection' });
    const user = text(settings, PROXY_USER_FIELD);
    const password = await request.secret(PROXY_PASSWORD_FIELD, request.label(PROXY_PASSWORD_FIELD), url.host);
    const authorization = user !== '' || password ? basicAuthorization(user, password ?? '') : undefined;
    return { url, ...(authorization ? { authorization } : {}), source: 'connection' };
  }
  const machine = machineProxy(request.url, network.machine());
  if (machine && 'invalid' in machine) throw new ConfigError({ code: 'testing.proxyUrl', source: machine.invalid });
  return machine;
}

/** A certificate field's certificates: pasted PEM, or the file it names. */
async function certificates(request: RouteRequest, key: string): Promise<string[] | undefined> {
  const value = text(request.settings, key);
  if (value === '') return undefined;
  const field = request.label(key);
  const found = certificatesIn(isPemText(value) ? value : await readTlsFile(request, key, value));
  if (found === 'notCertificate') throw new ConfigError({ code: 'testing.tlsProblem', field, problem: 'notCertificate' });
  return found;
}

async function readTlsFile(request: RouteRequest, key: string, value: string): Promise<string> {
  const field = request.label(key);
  const path = filePath(value, request.network.home());
  if (!path) throw new ConfigError({ code: 'testing.tlsPath', field });
  try {
    return await request.network.readFile(path);
  } catch {
    throw new ConfigError({ code: 'testing.tlsFile', field, path: value });
  }
}

/** The client certificate with its key opened (the passphrase checked) and matched, or undefined when neither is set. */
async function clientPair(request: RouteRequest, host: string, sensitive: string[]): Promise<{ certificate: string; key: string; passphrase?: string } | undefined> {
  const certificate = await certificates(request, CLIENT_CERT_FIELD);
  const keyPath = text(request.settings, CLIENT_KEY_FIELD);
  if (!certificate && keyPath === '') return undefined;
  if (!certificate) throw new ConfigError({ code: 'testing.tlsClientIncomplete', missing: request.label(CLIENT_CERT_FIELD) });
  if (keyPath === '') throw new ConfigError({ code: 'testing.tlsClientIncomplete', missing: request.label(CLIENT_KEY_FIELD) });
  const keyField = request.label(CLIENT_KEY_FIELD);
  if (isPemText(keyPath)) throw new ConfigError({ code: 'testing.tlsPath', field: keyField });
  const key = await readTlsFile(request, CLIENT_KEY_FIELD, keyPath);
  sensitive.push(key);
  const passphrase = await request.secret(PASSPHRASE_FIELD, request.label(PASSPHRASE_FIELD), host);
  const opened = openClientKey(key, passphrase);
  if (typeof opened === 'string') throw new ConfigError({ code: 'testing.tlsProblem', field: opened.startsWith('passphrase') ? request.label(PASSPHRASE_FIELD) : keyField, problem: opened });
  if (!certificateMatchesKey(certificate[0]!, opened)) throw new ConfigError({ code: 'testing.tlsProblem', field: keyField, problem: 'keyMismatch' });
  return { certificate: certificate.join('\n'), key, ...(passphrase !== undefined ? { passphrase } : {}) };
}

/**
 * The request's route, or undefined when it needs nothing the host's fetch does not do: no proxy
 * chosen by the connection or the machine, and no TLS material.
 */
export async function networkRoute(request: RouteRequest, sensitive: string[]): Promise<NetworkRoute | undefined> {
  const proxy = await proxyFor(request);
  const host = request.url.host;
  const ca = [...((await certificates(request, CA_FIELD)) ?? []), ...(request.network.accepted(host) ?? [])];
  const client = request.url.protocol === 'https:' ? await clientPair(request, host, sensitive) : undefined;
  if (proxy === undefined && ca.length === 0 && !client) return undefined;
  if (proxy?.authorization) sensitive.push(proxy.authorization);
  // Through a proxy too, the server is verified with what VS Code's own fetch trusts: the system's authorities while http.systemCertificates is on.
  return {
    ...(proxy ? { proxy: { url: proxy.url.href, ...(proxy.authorization ? { authorization: proxy.authorization } : {}) } } : {}),
    tls: { ca, systemCertificates: request.network.machine().systemCertificates, ...(client ? { client } : {}) },
  };
}
