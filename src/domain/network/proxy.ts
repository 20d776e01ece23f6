/**
 * Which proxy a request goes through. By default the machine's: VS Code's `http.proxy` (with
 * `http.proxyAuthorization`), else the `HTTPS_PROXY`/`HTTP_PROXY` environment (`ALL_PROXY` last),
 * except for hosts on `http.noProxy` or `NO_PROXY`. A connection may say "no proxy" or name its
 * own proxy, which then carries every one of its requests. Matching follows curl's rules for
 * `NO_PROXY`: `*`, a name (which covers its subdomains, with or without a leading `.` or `*.`),
 * a name or address with `:port`, and an IPv4 range in CIDR form.
 */

/** What the machine says about proxies: VS Code's `http.*` settings and the process environment. */
export interface MachineNetwork {
  /** `http.proxy` (may hold `user:password@`, as VS Code allows). */
  proxy: string;
  /** `http.noProxy`. */
  noProxy: readonly string[];
  /** `http.proxyAuthorization`: the `Proxy-Authorization` value for `http.proxy`. */
  proxyAuthorization?: string;
  /** `http.systemCertificates`: the operating system's certificate authorities are trusted too. */
  systemCertificates: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** Where a proxy came from, for messages. */
export type ProxySource = 'connection' | 'http.proxy' | 'environment';

export interface ProxyChoice {
  /** The proxy's URL, without credentials. */
  url: URL;
  /** Basic credentials from the URL, or `http.proxyAuthorization`. */
  authorization?: string;
  source: ProxySource;
}

const PROXY_SCHEMES = ['http:', 'https:', 'socks5:', 'socks:'];

function envValue(env: MachineNetwork['env'], ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name] ?? env[name.toLowerCase()];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** A proxy URL as given (`proxy.corp:3128` means http), or undefined when it is not one. */
export function parseProxyUrl(text: string): URL | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  try {
    const url = new URL(withScheme);
    return PROXY_SCHEMES.includes(url.protocol) && url.hostname !== '' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The URL without its credentials, and the credentials as a Basic `Proxy-Authorization` value. */
function splitCredentials(url: URL): { url: URL; authorization?: string } {
  if (url.username === '' && url.password === '') return { url };
  const plain = new URL(url.href);
  const authorization = basicAuthorization(decodeURIComponent(url.username), decodeURIComponent(url.password));
  plain.username = '';
  plain.password = '';
  return { url: plain, authorization };
}

function hostOf(target: URL): string {
  return target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

function defaultPort(target: URL): string {
  return target.port || (target.protocol === 'https:' ? '443' : '80');
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Whether one `NO_PROXY` entry covers the target. */
function entryMatches(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true;
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(entry);
  if (cidr) {
    const [base, address, bits] = [ipv4(cidr[1]!), ipv4(host), Number(cidr[2])];
    if (base === undefined || address === undefined || bits > 32) return false;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (base & mask) >>> 0 === (address & mask) >>> 0;
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  // An IPv6 address without brackets has no port part.
  const portMatch = bracketed || entry.split(':').length > 2 ? undefined : /^(.*?):(\d+)$/.exec(entry);
  const name = (bracketed ? bracketed[1]! : portMatch ? portMatch[1]! : entry).replace(/^\*?\./, '');
  const wantedPort = bracketed ? bracketed[2] : portMatch?.[2];
  if (wantedPort !== undefined && wantedPort !== port) return false;
  if (name === '') return false;
  return host === name || host.endsWith(`.${name}`);
}

/** Whether the no-proxy lists cover the target. */
export function bypassesProxy(target: URL, lists: readonly string[]): boolean {
  const host = hostOf(target);
  const port = defaultPort(target);
  return lists
    .flatMap((list) => list.split(/[\s,]+/))
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .some((entry) => entryMatches(entry, host, port));
}

/**
 * The machine's proxy for a target: `http.proxy` first, then the environment, each unless the
 * no-proxy lists cover the target. Undefined: the request goes direct. A value that is not a
 * proxy URL is `invalid`, with where it came from.
 */
export function machineProxy(target: URL, machine: MachineNetwork): ProxyChoice | { invalid: ProxySource } | undefined {
  if (bypassesProxy(target, [...machine.noProxy, envValue(machine.env, 'NO_PROXY') ?? ''])) return undefined;
  const configured = machine.proxy.trim();
  const [text, source]: [string | undefined, ProxySource] = configured !== '' ? [configured, 'http.proxy'] : [target.protocol === 'https:' ? envValue(machine.env, 'HTTPS_PROXY', 'ALL_PROXY') : envValue(machine.env, 'HTTP_PROXY', 'ALL_PROXY'), 'environment'];
  if (text === undefined) return undefined;
  const url = parseProxyUrl(text);
  if (!url) return { invalid: source };
  const split = splitCredentials(url);
  const authorization = source === 'http.proxy' && machine.proxyAuthorization ? machine.proxyAuthorization : split.authorization;
  return { url: split.url, ...(authorization ? { authorization } : {}), source };
}

/** A Basic `Proxy-Authorization` value for a connection's own proxy user and password. */
export function basicAuthorization(user: string, password: string): string {
  // UTF-8, as proxies read non-ASCII credentials; btoa exists in Node and in the form's webview alike.
  return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;
}
