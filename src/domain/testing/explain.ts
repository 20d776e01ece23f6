/**
 * What a failed request means for the user: its kind (the same kinds for connection tests and
 * chat requests) and a message that says what to check. Messages name the server by its host or
 * by the reference its URL came from, quote the provider's own words only once scrubbed, and are
 * scrubbed again whole and capped, so no key, token or resolved value can be in them.
 */
import type { ProviderDescriptor, TestSpec } from '../providers/descriptor';
import type { HttpFailure, HttpHead } from './http';
import type { Prepared } from './prepare';
import type { ErrorKind } from './result';
import { scrubSecrets } from './scrub';

/** Every explanation fits the test result schema (`TestResultSchema`). */
export const MAX_ERROR_MESSAGE = 600;

export interface Explained {
  kind: ErrorKind;
  message: string;
  status?: number;
  retryAfterSeconds?: number;
}

export interface ExplainContext {
  provider: ProviderDescriptor;
  spec: TestSpec;
  prepared: Prepared;
  timeoutMs: number;
  /** What to say where a test and a chat request differ. */
  wording?: {
    /** For a cancelled request; default "The test was cancelled." */
    cancelled?: string;
    /** After "No answer from host within N s."; default: check the URL, network, or raise the test timeout. */
    timeoutAdvice?: string;
    /** What a 404 asks to check; default the base URL (Azure: the endpoint and the API version). */
    notFoundAdvice?: string;
    /**
     * Whether messages show the request's path and where a redirect pointed below its origin
     * (default true). Long paths read as key-shaped to the scrubber and would show as [redacted].
     */
    quotePaths?: boolean;
  };
}

const finish = (ctx: ExplainContext, explained: Explained): Explained => ({
  ...explained,
  message: scrubSecrets(explained.message, ctx.prepared.sensitive, MAX_ERROR_MESSAGE),
});

/** A request that got no usable answer: redirected elsewhere, timed out, cancelled, unreachable. */
export function explainFailure(outcome: HttpFailure, ctx: ExplainContext): Explained {
  const host = ctx.prepared.where;
  switch (outcome.kind) {
    case 'redirect': {
      const location = ctx.wording?.quotePaths === false ? originOf(outcome.location) : outcome.location;
      return finish(ctx, {
        kind: 'config',
        message: outcome.crossOrigin
          ? `The server redirected to ${location}; the key was not sent there. Change the base URL if that is right.`
          : `The server at ${host} ${outcome.detail} (last to ${location}). Check the base URL.`,
      });
    }
    case 'timeout':
      return finish(ctx, {
        kind: 'timeout',
        message: `No answer from ${host} within ${Math.round(ctx.timeoutMs / 1000)} s. ${ctx.wording?.timeoutAdvice ?? 'Check the URL, your network or proxy, or raise aiConnections.test.timeoutSeconds.'}`,
      });
    case 'cancelled':
      return finish(ctx, { kind: 'cancelled', message: ctx.wording?.cancelled ?? 'The test was cancelled.' });
    case 'unreachable':
      return finish(ctx, { kind: 'unreachable', message: `Couldn't reach ${host}: ${outcome.detail}. Check the URL and that the server is running.` });
    case 'badResponse':
      return finish(ctx, { kind: 'badResponse', message: `${host} answered, but ${outcome.detail}. Check the URL.` });
  }
}

/** `scheme://host[:port]` of a location as describeLocation shows it. */
function originOf(location: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(location);
  return match ? match[0] : location;
}

/** The provider's own words from an error body: `error.message`, `message`, `detail` or plain text. */
export function providerText(body: string, contentType: string): string | undefined {
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

/** The provider's words as a sentence to append, scrubbed; empty when it said nothing usable. */
export function quoteProvider(said: string | undefined, ctx: ExplainContext): string {
  return said ? ` ${ctx.provider.displayName} said: "${scrubSecrets(said, ctx.prepared.sensitive)}"` : '';
}

/** An answer with a status outside 2xx; undefined for a 2xx status. */
export function explainStatus(head: HttpHead, body: string, ctx: ExplainContext): Explained | undefined {
  const { status } = head;
  if (status >= 200 && status < 300) return undefined;
  const { spec, prepared } = ctx;
  const host = prepared.where;
  const said = providerText(body, head.contentType);
  const quote = quoteProvider(said, ctx);
  const entra = spec.auth.kind === 'keyOrEntra' && prepared.headers.Authorization !== undefined;
  if (status === 401 || (status === 400 && looksLikeKeyProblem(said))) {
    return finish(ctx, {
      kind: 'auth',
      status,
      message: (entra ? `Your Microsoft Entra ID token was rejected (${status}). Check that your account has access to this resource.` : `The API key was rejected (${status}). Check the key or create a new one.`) + quote,
    });
  }
  if (status === 403) {
    return finish(ctx, {
      kind: 'auth',
      status,
      message: (entra ? 'Access denied (403). Your account needs the Cognitive Services OpenAI User role on this resource.' : 'Access denied (403). The key is valid but not allowed here: check its permissions, project or organization.') + quote,
    });
  }
  if (status === 404) {
    const what = ctx.wording?.notFoundAdvice ?? (spec.auth.kind === 'keyOrEntra' ? 'the endpoint and the API version' : 'the base URL');
    const path = prepared.where === prepared.url.host && ctx.wording?.quotePaths !== false ? prepared.url.pathname : '';
    return finish(ctx, { kind: 'notFound', status, message: `Not found (404) at ${host}${path}. Check ${what}.` + quote });
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(head.retryAfter);
    return finish(ctx, {
      kind: 'rateLimited',
      status,
      message: `Rate limited (429).${seconds !== undefined ? ` Try again in ${seconds} s.` : ' Try again later.'}` + quote,
      ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
    });
  }
  if (status >= 500) return finish(ctx, { kind: 'server', status, message: `${ctx.provider.displayName} had a server error (${status}). Try again later.` + quote });
  return finish(ctx, { kind: 'badResponse', status, message: `${host} refused the request (${status}).` + quote });
}

/** Retry-After as whole seconds: a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
