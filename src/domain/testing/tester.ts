/**
 * Tests a connection by calling its provider's documented model-list endpoint with the real
 * headers, and explains a failure in terms the user can act on.
 */
import type { Connection, SecretBag } from '../connection';
import { findProvider } from '../providers/catalog';
import type { ProviderDescriptor, TestSpec } from '../providers/descriptor';
import { isReference, parseReference, type ReferenceResolver } from '../references';
import { capText, plainText } from '../text/inert';
import { httpGet, type HttpOutcome } from './http';
import { FORMAT_DESCRIPTIONS, parseModelList } from './modelLists';
import type { ErrorKind, TestResult } from './result';
import { scrubSecrets } from './scrub';

export interface TestDependencies {
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** A Microsoft Entra ID access token for a scope (in VS Code: the built-in Microsoft sign-in). */
  getEntraToken?: (scope: string) => Promise<string>;
  /** Which URLs may receive an Entra ID token: by default https Azure hosts only (`isAzureHost`). */
  entraHostAllowed?: (url: URL) => boolean;
  resolveReference?: ReferenceResolver;
  maxBytes?: number;
  clock?: () => number;
}

export type TestableConnection = Pick<Connection, 'providerId' | 'settings' | 'isActive'>;

const MAX_MODELS = 2000;
const MAX_MODEL_ID = 200;
/** Every text placed in a result fits the result schema (`TestResultSchema`). */
export const MAX_RESULT_MESSAGE = 600;

/** Hosts of Azure OpenAI and Azure AI services resources: the only places an Entra ID token goes. */
const AZURE_HOST_SUFFIXES = ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'];

export function isAzureHost(url: URL): boolean {
  return url.protocol === 'https:' && AZURE_HOST_SUFFIXES.some((suffix) => url.hostname.endsWith(suffix));
}

/** A failure before any request is sent: the settings are incomplete (or there is nothing to test). */
class ConfigError extends Error {
  constructor(
    message: string,
    readonly skip = false,
  ) {
    super(message);
  }
}

interface Prepared {
  url: URL;
  headers: Record<string, string>;
  /** Values that must never appear in what we report: sent secrets, tokens and every resolved reference. */
  sensitive: string[];
  /** How messages name the server: its host, or the reference the URL came from (never its value). */
  where: string;
}

export async function testConnection(connection: TestableConnection, secrets: SecretBag, deps: TestDependencies): Promise<TestResult> {
  const clock = deps.clock ?? (() => performance.now());
  const testedAt = new Date().toISOString();
  const provider = findProvider(connection.providerId);
  const base = { latencyMs: 0, testedAt };
  if (!connection.isActive) {
    return { ...base, success: false, skipped: true, errorKind: 'disabled', errorMessage: 'The connection is disabled. Enable it to test it.' };
  }
  if (!provider?.test) return { ...base, success: false, skipped: true, errorMessage: 'No test defined for this connection.' };
  let prepared: Prepared | undefined;
  try {
    prepared = await prepare(provider, provider.test, connection, secrets, deps);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const errorMessage = capText(error.message, MAX_RESULT_MESSAGE);
    if (error.skip) return { ...base, success: false, skipped: true, errorMessage };
    return { ...base, success: false, errorKind: 'config', errorMessage };
  }
  const started = clock();
  const outcome = await httpGet(prepared.url, prepared.headers, {
    timeoutMs: deps.timeoutMs,
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.maxBytes ? { maxBytes: deps.maxBytes } : {}),
  });
  const latencyMs = Math.max(0, Math.round(clock() - started));
  return interpret(outcome, provider, provider.test, prepared, { latencyMs, testedAt }, deps.timeoutMs);
}

/**
 * Where a connection's test request goes, as configured (a URL, or a reference as typed): the base
 * URL setting or its default, or a custom connection's test_url.
 */
export function requestTarget(connection: Pick<Connection, 'providerId' | 'settings'>): string | undefined {
  const spec = findProvider(connection.providerId)?.test;
  if (!spec) return undefined;
  if (spec.auth.kind === 'fromConfigs') return ((connection.settings.configs ?? {}) as Record<string, string>).test_url;
  const value = spec.baseField ? connection.settings[spec.baseField] : undefined;
  return typeof value === 'string' && value !== '' ? value : spec.defaultBase;
}

/** Whether two targets are the same scheme, host and port (references: the same reference). */
export function sameOrigin(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || isReference(a) || isReference(b)) return false;
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** A setting's value with its reference resolved; the resolved value is sensitive from then on. */
async function resolveValue(value: string, label: string, deps: TestDependencies, sensitive: string[]): Promise<string> {
  const reference = parseReference(value);
  if (!reference) return value;
  const resolved = deps.resolveReference ? await deps.resolveReference.resolve(reference) : undefined;
  if (resolved !== undefined && resolved !== '') {
    sensitive.push(resolved);
    return resolved;
  }
  throw new ConfigError(
    reference.kind === 'env'
      ? `${label} refers to the environment variable ${reference.name}, which is not set for VS Code.`
      : `${label} refers to ${value}, which can't be resolved here. Use a literal value or an \${env:NAME} reference.`,
  );
}

function fieldLabel(provider: ProviderDescriptor, key: string): string {
  return provider.fields.find((f) => f.key === key)?.label ?? key;
}

function template(text: string, settings: Connection['settings']): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = settings[key];
    if (typeof value !== 'string' || value === '') throw new ConfigError(`${key} is not set.`);
    return encodeURIComponent(value);
  });
}

/**
 * The request URL from a base and a path. Messages name the base by its field label or the
 * reference it came from: a resolved value is never quoted.
 */
function requestUrl(baseText: string, path: string, label: string, reference: string | undefined): URL {
  const named = reference ? `${label} (${reference})` : label;
  let url: URL;
  try {
    url = new URL(baseText.replace(/\/+$/, '') + path);
  } catch {
    throw new ConfigError(`${named} is not a valid URL. Enter a full http:// or https:// URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${named} must be an http:// or https:// URL.`);
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(`${named} contains a user name or password. Remove them from the URL and put the key in the key field.`);
  }
  return url;
}

async function prepare(provider: ProviderDescriptor, spec: TestSpec, connection: TestableConnection, secrets: SecretBag, deps: TestDependencies): Promise<Prepared> {
  const settings = connection.settings;
  const sensitive: string[] = Object.values(secrets);
  const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
  const auth = spec.auth;
  const secret = async (key: string, label: string, optional = false): Promise<string | undefined> => {
    const raw = secrets[key];
    if (!raw) {
      if (optional) return undefined;
      throw new ConfigError(`${label} is not set.`);
    }
    return resolveValue(raw, label, deps, sensitive);
  };

  if (auth.kind === 'fromConfigs') {
    const configs = (settings.configs ?? {}) as Record<string, string>;
    if (!configs.test_url) throw new ConfigError('No test defined: add a test_url config to test this connection.', true);
    const reference = isReference(configs.test_url) ? configs.test_url : undefined;
    const url = requestUrl(await resolveValue(configs.test_url, 'test_url', deps, sensitive), '', 'test_url', reference);
    const secretName = configs.test_secret ?? Object.keys(secrets).find((k) => k.startsWith('secrets.'))?.slice('secrets.'.length);
    const value = await secret(`secrets.${secretName ?? ''}`, `The secret '${secretName ?? 'test_secret'}' named for the test`);
    const header = configs.test_header ?? 'Authorization';
    headers[header] = header.toLowerCase() === 'authorization' ? `Bearer ${value!}` : value!;
    return { url, headers, sensitive, where: reference ?? url.host };
  }

  const baseLabel = fieldLabel(provider, spec.baseField ?? 'baseUrl');
  const baseSetting = spec.baseField ? settings[spec.baseField] : undefined;
  const baseRaw = typeof baseSetting === 'string' && baseSetting !== '' ? baseSetting : spec.defaultBase;
  if (!baseRaw) throw new ConfigError(`${baseLabel} is not set.`);
  const reference = isReference(baseRaw) ? baseRaw : undefined;
  const url = requestUrl(await resolveValue(baseRaw, baseLabel, deps, sensitive), template(spec.path, settings), baseLabel, reference);
  for (const [key, value] of Object.entries(spec.query ?? {})) url.searchParams.set(key, decodeURIComponent(template(value, settings)));
  for (const [header, key] of Object.entries(spec.settingHeaders ?? {})) {
    const value = settings[key];
    if (typeof value === 'string' && value !== '') headers[header] = await resolveValue(value, fieldLabel(provider, key), deps, sensitive);
  }
  switch (auth.kind) {
    case 'none':
      break;
    case 'bearer': {
      const value = await secret(auth.secret, fieldLabel(provider, auth.secret), auth.optional);
      if (value) headers.Authorization = `Bearer ${value}`;
      break;
    }
    case 'header':
      headers[auth.header] = (await secret(auth.secret, fieldLabel(provider, auth.secret)))!;
      break;
    case 'keyOrEntra':
      if (settings[auth.modeField] === 'entra') {
        if (!(deps.entraHostAllowed ?? isAzureHost)(url)) {
          throw new ConfigError(
            `A Microsoft Entra ID token is sent only to https Azure hosts (${AZURE_HOST_SUFFIXES.map((s) => `*${s}`).join(', ')}). Check ${baseLabel}, or use an API key.`,
          );
        }
        if (!deps.getEntraToken) throw new ConfigError('Microsoft Entra ID sign-in is not available here.');
        let token: string;
        try {
          token = await deps.getEntraToken(auth.entraScope);
        } catch (error) {
          throw new ConfigError(`Microsoft Entra ID sign-in did not complete: ${plainText(error instanceof Error ? error.message : 'cancelled').slice(0, 120)}.`);
        }
        sensitive.push(token);
        headers.Authorization = `Bearer ${token}`;
      } else {
        headers[auth.header] = (await secret(auth.secret, fieldLabel(provider, auth.secret)))!;
      }
      break;
  }
  return { url, headers, sensitive, where: reference ?? url.host };
}

/** The provider's own words from an error body: `error.message`, `message`, `detail` or plain text. */
function providerText(body: string, contentType: string): string | undefined {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const error = json.error;
    const candidates = [
      typeof error === 'object' && error !== null ? (error as Record<string, unknown>).message : error,
      json.message,
      json.detail,
    ];
    const text = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
    if (text) return text;
  } catch {
    /* not JSON */
  }
  if (/html/i.test(contentType) || /^\s*</.test(body)) return undefined;
  return body.trim() === '' ? undefined : body;
}

function looksLikeKeyProblem(text: string | undefined): boolean {
  return text !== undefined && /api[ _-]?key|unauthori[sz]ed|invalid[ _-]?key|authentication/i.test(text);
}

function interpret(
  outcome: HttpOutcome,
  provider: ProviderDescriptor,
  spec: TestSpec,
  prepared: Prepared,
  base: { latencyMs: number; testedAt: string },
  timeoutMs: number,
): TestResult {
  const host = prepared.where;
  const fail = (errorKind: ErrorKind, errorMessage: string, extra: Partial<TestResult> = {}): TestResult => ({
    ...base,
    success: false,
    errorKind,
    errorMessage: scrubSecrets(errorMessage, prepared.sensitive, MAX_RESULT_MESSAGE),
    ...extra,
  });
  if (!outcome.ok) {
    switch (outcome.kind) {
      case 'redirect':
        return fail(
          'config',
          outcome.crossOrigin
            ? `The server redirected to ${outcome.location}; the key was not sent there. Change the base URL if that is right.`
            : `The server at ${host} ${outcome.detail} (last to ${outcome.location}). Check the base URL.`,
        );
      case 'timeout':
        return fail('timeout', `No answer from ${host} within ${Math.round(timeoutMs / 1000)} s. Check the URL, your network or proxy, or raise aiConnections.test.timeoutSeconds.`);
      case 'cancelled':
        return fail('cancelled', 'The test was cancelled.');
      case 'unreachable':
        return fail('unreachable', `Couldn't reach ${host}: ${outcome.detail}. Check the URL and that the server is running.`);
      case 'badResponse':
        return fail('badResponse', `${host} answered, but ${outcome.detail}. Check the URL.`);
    }
  }
  const { status, body, contentType } = outcome;
  const said = providerText(body, contentType);
  const quote = said ? ` ${provider.displayName} said: "${scrubSecrets(said, prepared.sensitive)}"` : '';
  const entra = spec.auth.kind === 'keyOrEntra' && prepared.headers.Authorization !== undefined;
  if (status === 401 || (status === 400 && looksLikeKeyProblem(said))) {
    return fail('auth', (entra ? `Your Microsoft Entra ID token was rejected (${status}). Check that your account has access to this resource.` : `The API key was rejected (${status}). Check the key or create a new one.`) + quote, { status });
  }
  if (status === 403) {
    return fail('auth', (entra ? 'Access denied (403). Your account needs the Cognitive Services OpenAI User role on this resource.' : 'Access denied (403). The key is valid but not allowed here: check its permissions, project or organization.') + quote, { status });
  }
  if (status === 404) {
    const what = spec.auth.kind === 'keyOrEntra' ? 'the endpoint and the API version' : 'the base URL';
    const path = prepared.where === prepared.url.host ? prepared.url.pathname : '';
    return fail('notFound', `Not found (404) at ${host}${path}. Check ${what}.` + quote, { status });
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(outcome.retryAfter);
    return fail('rateLimited', `Rate limited (429).${seconds !== undefined ? ` Try again in ${seconds} s.` : ' Try again later.'}` + quote, {
      status,
      ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
    });
  }
  if (status >= 500) return fail('server', `${provider.displayName} had a server error (${status}). Try again later.` + quote, { status });
  if (status < 200 || status >= 300) return fail('badResponse', `${host} refused the request (${status}).` + quote, { status });

  if (spec.response === 'any') return { ...base, success: true, status };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const kind = /html/i.test(contentType) || /^\s*</.test(body) ? 'an HTML page' : 'something that is not JSON';
    return fail('badResponse', `${host} answered with ${kind} instead of ${FORMAT_DESCRIPTIONS[spec.response]}. Check the URL: it should point at the API, not a website.`, { status });
  }
  const models = parseModelList(spec.response, json);
  if (!models) return fail('badResponse', `${host} answered, but not with ${FORMAT_DESCRIPTIONS[spec.response]}. Check the URL.`, { status });
  return { ...base, success: true, status, modelCount: models.length, models: models.slice(0, MAX_MODELS).map((m) => m.slice(0, MAX_MODEL_ID)) };
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
