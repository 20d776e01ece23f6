/**
 * Tests a connection by calling its provider's documented model-list endpoint with the real
 * headers, and explains a failure in terms the user can act on.
 */
import type { Connection, SecretBag } from '../connection';
import { findProvider } from '../providers/catalog';
import type { ProviderDescriptor, TestSpec } from '../providers/descriptor';
import { capMessage, ConfigError, explainFailure, explainStatus, httpGet, prepareRequest, scrubMessage, type ErrorKind, type ExplainContext, type Explained, type HttpOutcome, type PrepareDependencies, type Prepared, type SameOriginGet } from '../requests';
import type { TestingMessage } from '../messages';
import { parseModelList } from './modelLists';
import type { TestResult } from './result';

export interface TestDependencies extends PrepareDependencies {
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  maxBytes?: number;
  clock?: () => number;
  /**
   * Receives a successful test's model list as the provider sent it (for chat model limits), and a
   * GET to the same origin with the same headers, for what the server says of its models
   * elsewhere; the test's result waits for it.
   */
  onModelList?: (body: unknown, sameOrigin: SameOriginGet) => void | Promise<void>;
}

/** The most a same-origin details answer may hold, and the longest it is waited for. */
const DETAILS_MAX_BYTES = 4 * 1024 * 1024;
const DETAILS_TIMEOUT_MS = 5_000;

export type TestableConnection = Pick<Connection, 'providerId' | 'settings' | 'isActive'>;

const MAX_MODELS = 2000;
const MAX_MODEL_ID = 200;

export async function testConnection(connection: TestableConnection, secrets: SecretBag, deps: TestDependencies): Promise<TestResult> {
  const clock = deps.clock ?? (() => performance.now());
  const testedAt = new Date().toISOString();
  const provider = findProvider(connection.providerId);
  const base = { latencyMs: 0, testedAt };
  if (!connection.isActive) {
    return { ...base, success: false, skipped: true, errorKind: 'disabled', message: { code: 'testing.disabled' } };
  }
  if (!provider?.test || provider.test.noTest) return { ...base, success: false, skipped: true, message: { code: 'testing.noTest' } };
  let prepared: Prepared | undefined;
  try {
    prepared = await prepareRequest(provider, provider.test, connection, secrets, deps);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const message = capMessage(error.detail);
    if (error.skip) return { ...base, success: false, skipped: true, message };
    return { ...base, success: false, errorKind: 'config', message };
  }
  const started = clock();
  const outcome = await httpGet(prepared.url, prepared.headers, {
    timeoutMs: deps.timeoutMs,
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...fetchOption(prepared, deps),
    ...(deps.maxBytes ? { maxBytes: deps.maxBytes } : {}),
  });
  const latencyMs = Math.max(0, Math.round(clock() - started));
  let listed: unknown;
  const result = interpret(outcome, provider, provider.test, prepared, { latencyMs, testedAt }, deps.timeoutMs, (body) => (listed = body));
  if (listed !== undefined) await deps.onModelList?.(listed, sameOrigin(prepared, deps));
  return result;
}

/** The request's route's fetch (a proxy, extra CAs, a client certificate), else the caller's. */
function fetchOption(prepared: Prepared, deps: TestDependencies): { fetch?: typeof fetch } {
  const chosen = prepared.fetch ?? deps.fetch;
  return chosen ? { fetch: chosen } : {};
}

/**
 * GETs to paths on the origin of a prepared request, with its headers (its key included): the
 * URL is built on that origin alone, and redirects are followed only within it (httpGet).
 */
function sameOrigin(prepared: Prepared, deps: TestDependencies): SameOriginGet {
  const origin = prepared.url.origin;
  return {
    origin,
    get: async (path) => {
      if (!path.startsWith('/') || path.startsWith('//')) return undefined;
      const url = new URL(path, origin);
      if (url.origin !== origin) return undefined;
      const outcome = await httpGet(url, prepared.headers, {
        timeoutMs: Math.min(deps.timeoutMs, DETAILS_TIMEOUT_MS),
        maxBytes: DETAILS_MAX_BYTES,
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...fetchOption(prepared, deps),
      });
      if (!outcome.ok) return outcome.kind === 'unreachable' || outcome.kind === 'cancelled' ? undefined : { unusable: true };
      let body: unknown;
      try {
        body = JSON.parse(outcome.body);
      } catch {
        body = undefined;
      }
      return { status: outcome.status, body };
    },
  };
}

function interpret(outcome: HttpOutcome, provider: ProviderDescriptor, spec: TestSpec, prepared: Prepared, base: { latencyMs: number; testedAt: string }, timeoutMs: number, onModelList?: (body: unknown) => void): TestResult {
  const host = prepared.where;
  const ctx: ExplainContext = { provider, spec, prepared, timeoutMs };
  const fail = (errorKind: ErrorKind, message: TestingMessage, extra: Partial<TestResult> = {}): TestResult => ({
    ...base,
    success: false,
    errorKind,
    message: scrubMessage(message, prepared.sensitive),
    ...extra,
  });
  const failed = (explained: Explained): TestResult => ({
    ...base,
    success: false,
    errorKind: explained.kind,
    message: explained.message as TestingMessage,
    ...(explained.status !== undefined ? { status: explained.status } : {}),
    ...(explained.retryAfterSeconds !== undefined ? { retryAfterSeconds: explained.retryAfterSeconds } : {}),
  });
  if (!outcome.ok) return failed(explainFailure(outcome, ctx));
  const refused = explainStatus(outcome, outcome.body, ctx);
  if (refused) return failed(refused);
  const { status, body, contentType } = outcome;
  if (spec.response === 'any') return { ...base, success: true, status };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const html = /html/i.test(contentType) || /^\s*</.test(body);
    return fail('badResponse', { code: html ? 'testing.htmlNotList' : 'testing.notJsonNotList', host, format: spec.response }, { status });
  }
  const models = parseModelList(spec.response, json);
  if (!models) return fail('badResponse', { code: 'testing.notList', host, format: spec.response }, { status });
  onModelList?.(json);
  return { ...base, success: true, status, modelCount: models.length, models: models.slice(0, MAX_MODELS).map((m) => m.slice(0, MAX_MODEL_ID)) };
}
