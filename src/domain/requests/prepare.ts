/**
 * How a request to a connection's provider is put together: its base URL (a setting, its
 * default, or a reference resolved at run time), the provider's auth header and extra headers.
 * Shared by connection tests and chat requests, so both send credentials the same way and only
 * where they belong. Every resolved value and every secret sent is listed as sensitive: whatever
 * is reported afterwards is scrubbed of them.
 */
import type { Connection, SecretBag } from '../connection';
import type { ProviderDescriptor, TestSpec } from '../providers/descriptor';
import { urlHost } from '../destination';
import { extraHeaderProblem, HEADER_VALUE_CONTROL, HEADERS_FIELD, keyHeaderProblem, keyOverride } from '../providers/network';
import { isReference, parseReference, unescapeLiteral, type ReferenceResolver } from '../references';
import { plainText } from '../text/inert';
import type { NetworkPort, NetworkRoute } from '../network/route';
import { ConfigError } from './configError';
import type { FieldName } from './messages';
import { networkRoute } from './route';

export { ConfigError };

export interface PrepareDependencies {
  /** A Microsoft Entra ID access token for a scope (in VS Code: the built-in Microsoft sign-in). */
  getEntraToken?: (scope: string) => Promise<string>;
  /** Which URLs may receive an Entra ID token: by default https Azure hosts only (`isAzureHost`). */
  entraHostAllowed?: (url: URL) => boolean;
  resolveReference?: ReferenceResolver;
  /** Cancels the request: a vault's program still running for it is killed. */
  signal?: AbortSignal;
  /** Proxies and TLS: the machine's settings, and a fetch for a request that needs a route. Without it, requests use the host's fetch. */
  network?: NetworkPort;
}

/** Hosts of Azure OpenAI and Azure AI services resources: the only places an Entra ID token goes. */
const AZURE_HOST_SUFFIXES = ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'];

function isAzureHost(url: URL): boolean {
  return url.protocol === 'https:' && AZURE_HOST_SUFFIXES.some((suffix) => url.hostname.endsWith(suffix));
}

export interface Prepared {
  url: URL;
  headers: Record<string, string>;
  /** Values that must never appear in what we report: sent secrets, tokens and every resolved reference. */
  sensitive: string[];
  /** How messages name the server: its host, or the reference the URL came from (never its value). */
  where: string;
  /** The fetch that sends over the request's route (a proxy, extra CAs, a client certificate); undefined: the caller's. */
  fetch?: typeof fetch;
  /** The route itself, when there is one. */
  route?: NetworkRoute;
  /** The header the key went in instead of the provider's own (the Network section's key header). */
  keyHeader?: string;
}

/**
 * Where the request goes below the base URL. `path` is taken as it is (already encoded) and
 * `query` values are set as they are; without a target, the test spec's own path and query are
 * used, with `{field}` replaced by that setting.
 */
export interface RequestTarget {
  path: string;
  query?: Record<string, string>;
}

export type PreparableConnection = Pick<Connection, 'providerId' | 'settings'>;

/**
 * A setting's value with its reference resolved; the resolved value is sensitive from then on.
 * `$$…` stands for the literal with one `$` less. An unresolved reference fails as a ConfigError
 * naming the reference and where it looked, never a value: nothing is sent then.
 */
export async function resolveValue(value: string, label: FieldName, deps: PrepareDependencies, sensitive: string[], host?: string): Promise<string> {
  return (await resolveSetting(value, label, deps, sensitive, host ? { host } : {})).value;
}

/**
 * A resolved setting, and the workspace file it came from when it was read from one, or the host
 * the person already agreed to send it to (a vault's value: the question named the item and host).
 */
interface ResolvedSetting {
  value: string;
  workspaceFile?: string;
  approvedFor?: string;
}

async function resolveSetting(value: string, label: FieldName, deps: PrepareDependencies, sensitive: string[], use: { host?: string; destination?: boolean }): Promise<ResolvedSetting> {
  if (value.startsWith('$$')) {
    const literal = unescapeLiteral(value);
    sensitive.push(literal);
    return { value: literal };
  }
  const reference = parseReference(value);
  if (!reference) return { value };
  const resolved = deps.resolveReference ? await deps.resolveReference.resolve(reference, { label: labelText(label), ...use, ...(deps.signal ? { signal: deps.signal } : {}) }) : undefined;
  const found = typeof resolved === 'object' && 'value' in resolved ? resolved : typeof resolved === 'string' ? { value: resolved } : undefined;
  if (found && found.value !== '') {
    sensitive.push(found.value);
    return found;
  }
  if (typeof resolved === 'object' && 'problem' in resolved) throw new ConfigError({ code: 'testing.referenceProblem', field: label, problem: resolved.problem });
  throw new ConfigError(reference.kind === 'env' ? { code: 'testing.envUnset', field: label, name: reference.name } : { code: 'testing.unresolvable', field: label, reference: value });
}

/** Where the request goes when a workspace file named it: the field, the reference and the file. */
interface NamedByWorkspace {
  field: string;
  reference: string;
  file: string;
}

function namedBy(field: string, raw: string, resolved: ResolvedSetting): NamedByWorkspace | undefined {
  return resolved.workspaceFile !== undefined ? { field, reference: raw, file: resolved.workspaceFile } : undefined;
}

/**
 * The user's own key (from secret storage, the environment or a sign-in) goes to a host the
 * workspace's files named only when the user approved that host; the workspace's own keys may.
 */
async function approveHost(deps: PrepareDependencies, host: string, named: NamedByWorkspace | undefined, keyField: string, keyReference?: string): Promise<void> {
  if (!named) return;
  const request = { host, field: named.field, reference: named.reference, file: named.file, keyField, ...(keyReference ? { keyReference } : {}) };
  const approved = (await deps.resolveReference?.approveDestination?.(request).catch(() => false)) ?? false;
  if (!approved) throw new ConfigError({ code: 'testing.hostNotApproved', host, field: named.field, reference: named.reference, file: named.file });
}

/** How the resolver names a field when it asks (as before; the resolution area words its prompts). */
function labelText(label: FieldName): string {
  if (typeof label === 'string') return label;
  if (label.code === 'testing.headerField') return `The header ${label.header}`;
  return label.code === 'testing.testSecret' ? `The secret '${label.name}' named for the test` : label.label;
}

export function fieldLabel(provider: ProviderDescriptor, key: string): string {
  return provider.fields.find((f) => f.key === key)?.label ?? key;
}

function template(text: string, settings: Connection['settings']): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = settings[key];
    if (typeof value !== 'string' || value === '') throw new ConfigError({ code: 'testing.notSet', field: key });
    return encodeURIComponent(value);
  });
}

/**
 * The request URL from a base and a path. Messages name the base by its field label or the
 * reference it came from: a resolved value is never quoted.
 */
function requestUrl(baseText: string, path: string, label: string, reference: string | undefined): URL {
  const named: FieldName = reference ? { code: 'testing.fieldReference', label, reference } : label;
  let url: URL;
  try {
    url = new URL(baseText.replace(/\/+$/, '') + path);
  } catch {
    throw new ConfigError({ code: 'testing.invalidUrl', field: named });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError({ code: 'testing.notHttp', field: named });
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError({ code: 'testing.urlCredentials', field: named });
  }
  return url;
}

/**
 * The host a connection's requests go to, its base URL resolved (asking as a request would): for
 * values resolved before the request is put together, so that every question names the host.
 */
export async function requestHost(provider: ProviderDescriptor, spec: TestSpec, connection: PreparableConnection, deps: PrepareDependencies, sensitive: string[]): Promise<string | undefined> {
  const setting = spec.baseField ? connection.settings[spec.baseField] : undefined;
  const raw = typeof setting === 'string' && setting !== '' ? setting : spec.defaultBase;
  if (!raw) return undefined;
  return urlHost((await resolveSetting(raw, fieldLabel(provider, spec.baseField ?? 'baseUrl'), deps, sensitive, { destination: true })).value);
}

/**
 * A request being put together: its secrets and headers, every value to scrub from what is
 * reported, and where it goes once the URL is known (a variable outside the allow-list names that
 * host when asking), with whether the workspace's files named it (then the user's own keys go there
 * only if approved).
 */
interface Assembly {
  secrets: SecretBag;
  deps: PrepareDependencies;
  sensitive: string[];
  headers: Record<string, string>;
  host: string;
  named: NamedByWorkspace | undefined;
  /** The header the key goes in instead of the provider's own (the connection's Network section). */
  keyHeader?: { header: string; bearer: boolean };
}

/** A secret's value, its reference resolved, once the request's host is known. */
async function secretValue(request: Assembly, key: string, label: FieldName, optional = false): Promise<string | undefined> {
  const { secrets, deps, sensitive, host, named } = request;
  const raw = secrets[key];
  if (!raw) {
    if (optional) return undefined;
    throw new ConfigError({ code: 'testing.notSet', field: label });
  }
  const resolved = await resolveSetting(raw, label, deps, sensitive, { host });
  if (resolved.workspaceFile === undefined && resolved.approvedFor !== host) await approveHost(deps, host, named, labelText(label), isReference(raw) ? raw : undefined);
  return resolved.value;
}

/**
 * The URL, headers and sensitive values of a request to the provider: the base URL and
 * credentials as the provider's test spec describes them, and the path of `target` (or the
 * spec's own). Throws ConfigError when a setting is missing or unusable; nothing is sent then.
 */
export async function prepareRequest(provider: ProviderDescriptor, spec: TestSpec, connection: PreparableConnection, secrets: SecretBag, deps: PrepareDependencies, target?: RequestTarget): Promise<Prepared> {
  const settings = connection.settings;
  const request: Assembly = {
    secrets,
    deps,
    // A reference is not secret (messages name it); the value it resolves to is added when resolved.
    sensitive: Object.values(secrets).filter((value) => !isReference(value)),
    headers: { Accept: 'application/json', ...spec.headers },
    host: '',
    named: undefined,
  };
  const auth = spec.auth;
  if (auth.kind === 'fromConfigs') return prepareFromConfigs(settings, request);
  const { sensitive, headers } = request;

  const baseLabel = fieldLabel(provider, spec.baseField ?? 'baseUrl');
  const baseSetting = spec.baseField ? settings[spec.baseField] : undefined;
  const fromSetting = typeof baseSetting === 'string' && baseSetting !== '';
  const baseRaw = fromSetting ? baseSetting : spec.defaultBase;
  if (!baseRaw) throw new ConfigError({ code: 'testing.notSet', field: baseLabel });
  const reference = isReference(baseRaw) ? baseRaw : undefined;
  // The base first: every other value is resolved (and asked about) knowing the host it goes to.
  const base = await resolveSetting(baseRaw, baseLabel, deps, sensitive, { destination: true });
  // Settings named in the path or query (`{apiVersion}`), or in the default base (`{accountId}`), may hold references too.
  const templates = [...(target ? [] : [spec.path, ...Object.values(spec.query ?? {})]), ...(fromSetting ? [] : [baseRaw])];
  const templated = await resolveTemplated(provider, templates, settings, request, urlHost(base.value));
  const path = target ? target.path : template(spec.path, templated);
  const url = requestUrl(fromSetting ? base.value : template(base.value, templated), path, baseLabel, reference);
  request.host = url.host;
  request.named = namedBy(baseLabel, baseRaw, base);
  if (target) {
    for (const [key, value] of Object.entries(target.query ?? {})) url.searchParams.set(key, value);
  } else {
    for (const [key, value] of Object.entries(spec.query ?? {})) url.searchParams.set(key, decodeURIComponent(template(value, templated)));
  }
  for (const [header, key] of Object.entries(spec.settingHeaders ?? {})) {
    const value = settings[key];
    if (typeof value === 'string' && value !== '') headers[header] = await resolveValue(value, fieldLabel(provider, key), deps, sensitive, request.host);
  }
  const names = networkHeaders(provider, spec, settings, request);
  await addSecretHeaders(provider, spec, request);
  await authenticate(provider, auth, settings, url, baseLabel, request);
  await addNetworkHeaders(names, request);
  const route = await requestRoute(provider, settings, url, request);
  return {
    url,
    headers,
    sensitive,
    where: reference ?? url.host,
    ...(route ? { route, fetch: request.deps.network!.fetchFor(route) } : {}),
    ...(request.keyHeader ? { keyHeader: request.keyHeader.header } : {}),
  };
}

/** The request's route, when its connection or the machine asks for a proxy or TLS material. */
async function requestRoute(provider: ProviderDescriptor, settings: Connection['settings'], url: URL, request: Assembly): Promise<NetworkRoute | undefined> {
  const network = request.deps.network;
  if (!network) return undefined;
  const secret = async (key: string, label: FieldName, host: string) => {
    const raw = request.secrets[key];
    return raw ? (await resolveSetting(raw, label, request.deps, request.sensitive, { host })).value : undefined;
  };
  return networkRoute({ network, settings, url, secret, label: (key) => fieldLabel(provider, key) }, request.sensitive);
}

/** A custom connection's request: `configs.test_url`, with the secret `test_secret` in the header `test_header`. */
async function prepareFromConfigs(settings: Connection['settings'], request: Assembly): Promise<Prepared> {
  const { secrets, deps, sensitive, headers } = request;
  const configs = (settings.configs ?? {}) as Record<string, string>;
  if (!configs.test_url) throw new ConfigError({ code: 'testing.noTestUrl' }, true);
  const reference = isReference(configs.test_url) ? configs.test_url : undefined;
  const base = await resolveSetting(configs.test_url, 'test_url', deps, sensitive, { destination: true });
  const url = requestUrl(base.value, '', 'test_url', reference);
  request.host = url.host;
  request.named = namedBy('test_url', configs.test_url, base);
  const secretName =
    configs.test_secret ??
    Object.keys(secrets)
      .find((k) => k.startsWith('secrets.'))
      ?.slice('secrets.'.length);
  const value = await secretValue(request, `secrets.${secretName ?? ''}`, { code: 'testing.testSecret', name: secretName ?? 'test_secret' });
  const header = configs.test_header ?? 'Authorization';
  headers[header] = header.toLowerCase() === 'authorization' ? `Bearer ${value!}` : value!;
  return { url, headers, sensitive, where: reference ?? url.host };
}

/** The settings with those named in the templates (the spec's path, query or default base) resolved, for the host of the base URL. */
async function resolveTemplated(provider: ProviderDescriptor, templates: readonly string[], settings: Connection['settings'], request: Assembly, baseHost: string | undefined): Promise<Connection['settings']> {
  const templated: Connection['settings'] = { ...settings };
  for (const [, key] of templates.join(' ').matchAll(/\{(\w+)\}/g)) {
    const value = settings[key!];
    if (typeof value === 'string' && value !== '') templated[key!] = await resolveValue(value, fieldLabel(provider, key!), request.deps, request.sensitive, baseHost);
  }
  return templated;
}

/**
 * The provider's headers whose values are secrets of the connection (a gateway's own token), each
 * sent only when set, resolved like the key (asking, naming the host) and scrubbed from what is
 * reported; a value with a control character is refused, naming the header.
 */
async function addSecretHeaders(provider: ProviderDescriptor, spec: TestSpec, request: Assembly): Promise<void> {
  for (const [header, { secret, scheme }] of Object.entries(spec.secretHeaders ?? {})) {
    const value = await secretValue(request, secret, fieldLabel(provider, secret), true);
    if (value === undefined) continue;
    if (HEADER_VALUE_CONTROL.test(value)) throw new ConfigError({ code: 'testing.headerControl', header });
    request.headers[header] = scheme === 'bearer' ? `Bearer ${value}` : value;
  }
}

/** The provider's credentials in the request's headers: a key, or a Microsoft Entra ID token (for Azure hosts only). */
async function authenticate(provider: ProviderDescriptor, auth: Exclude<TestSpec['auth'], { kind: 'fromConfigs' }>, settings: Connection['settings'], url: URL, baseLabel: string, request: Assembly): Promise<void> {
  const { deps, sensitive, headers, host, named } = request;
  switch (auth.kind) {
    case 'none':
      break;
    case 'bearer': {
      const value = await secretValue(request, auth.secret, fieldLabel(provider, auth.secret), auth.optional);
      if (value) putKey(request, 'Authorization', `Bearer ${value}`, value);
      break;
    }
    case 'header': {
      const value = (await secretValue(request, auth.secret, fieldLabel(provider, auth.secret)))!;
      putKey(request, auth.header, value, value);
      break;
    }
    case 'keyOrEntra':
      if (settings[auth.modeField] === 'entra') {
        if (!(deps.entraHostAllowed ?? isAzureHost)(url)) {
          throw new ConfigError({ code: 'testing.entraHost', hosts: AZURE_HOST_SUFFIXES.map((s) => `*${s}`).join(', '), field: baseLabel });
        }
        if (!deps.getEntraToken) throw new ConfigError({ code: 'testing.entraUnavailable' });
        await approveHost(deps, host, named, fieldLabel(provider, auth.modeField));
        let token: string;
        try {
          token = await deps.getEntraToken(auth.entraScope);
        } catch (error) {
          throw new ConfigError({ code: 'testing.entraFailed', reason: plainText(error instanceof Error ? error.message : 'cancelled').slice(0, 120) });
        }
        sensitive.push(token);
        headers.Authorization = `Bearer ${token}`;
      } else {
        const value = (await secretValue(request, auth.secret, fieldLabel(provider, auth.secret)))!;
        putKey(request, auth.header, value, value);
      }
      break;
  }
}

/** The key in the provider's own header (`text`), or in the key header the connection names instead, for a gateway. */
function putKey(request: Assembly, own: string, text: string, key: string): void {
  const override = request.keyHeader;
  if (override) request.headers[override.header] = override.bearer ? `Bearer ${key}` : key;
  else request.headers[own] = text;
}

/**
 * The connection's Network section checked before anything is resolved: the key header (kept on
 * the request) and the names of the extra headers. A name that is not a token, or one the product
 * sets itself, refuses the request, naming the header.
 */
function networkHeaders(provider: ProviderDescriptor, spec: TestSpec, settings: Connection['settings'], request: Assembly): string[] {
  if (!provider.fields.some((f) => f.key === HEADERS_FIELD)) return [];
  const override = keyOverride(settings);
  if (override) {
    const problem = keyHeaderProblem(spec, override.header);
    if (problem) throw new ConfigError({ code: problem === 'name' ? 'testing.headerName' : 'testing.headerReserved', header: plainText(override.header).slice(0, 64) });
    request.keyHeader = override;
  }
  const prefix = `${HEADERS_FIELD}.`;
  const names = Object.keys(request.secrets)
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
  for (const name of names) {
    const problem = extraHeaderProblem(spec, settings, name);
    if (problem) throw new ConfigError({ code: problem === 'name' ? 'testing.headerName' : 'testing.headerReserved', header: plainText(name).slice(0, 64) });
  }
  return names;
}

/** The extra headers, each value resolved (asking, naming the host) and sensitive; a value with a control character is refused, naming the header. */
async function addNetworkHeaders(names: readonly string[], request: Assembly): Promise<void> {
  for (const name of names) {
    const value = (await secretValue(request, `${HEADERS_FIELD}.${name}`, { code: 'testing.headerField', header: name }))!;
    if (HEADER_VALUE_CONTROL.test(value)) throw new ConfigError({ code: 'testing.headerControl', header: name });
    request.headers[name] = value;
  }
}
