/**
 * What a failed request means for the user: its kind (the same kinds for connection tests and
 * chat requests) and a message (a code and its parameters) that says what to check. Messages name
 * the server by its host or by the reference its URL came from, quote the provider's own words
 * only once scrubbed, and every text parameter is scrubbed again and capped, so no key, token or
 * resolved value can be in them.
 */
import type { ProviderDescriptor, TestSpec } from '../providers/descriptor';
import { capText } from '../text/inert';
import { isMessage, type Message } from '../messages';
import { MAX_REDIRECTS, type HttpFailure, type HttpHead } from './http';
import type { ErrorKind, NetworkReason, ProviderSaid } from './messages';
import type { Prepared } from './prepare';
import { scrubSecrets } from './scrub';

/** The most of one server or user text a message quotes (each parameter is scrubbed and capped). */
const MAX_ERROR_MESSAGE = 600;
const MAX_PARAM = 300;

export interface Explained {
  kind: ErrorKind;
  message: Message;
  status?: number;
  retryAfterSeconds?: number;
}

export interface ExplainContext {
  provider: ProviderDescriptor;
  spec: TestSpec;
  prepared: Prepared;
  timeoutMs: number;
  /**
   * A chat request rather than a test: cancelled "request", no advice to raise the test timeout,
   * a 404 asks to check the model (Azure: the deployment), and messages name hosts only, never
   * paths (long chat paths read as key-shaped to the scrubber and would show as [redacted]).
   */
  chat?: { azure: boolean };
}

/**
 * A message with every text parameter (and those of nested messages) scrubbed of `sensitive` and
 * of anything key-shaped, and capped: what the domain hands on can be shown and logged as it is.
 */
export function scrubMessage<M extends Message>(message: M, sensitive: readonly string[]): M {
  return mapTexts(message, (text) => scrubSecrets(text, sensitive, MAX_PARAM));
}

/** A message with every text parameter capped (for texts of our own making: labels, references as typed). */
export function capMessage<M extends Message>(message: M): M {
  return mapTexts(message, (text) => capText(text, MAX_ERROR_MESSAGE));
}

function mapTexts<M extends Message>(message: M, map: (text: string) => string): M {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    if (key === 'code') out[key] = value;
    else if (typeof value === 'string') out[key] = map(value);
    else if (isMessage(value)) out[key] = mapTexts(value, map);
    else out[key] = value;
  }
  return out as M;
}

const finish = (ctx: ExplainContext, explained: Explained): Explained => ({
  ...explained,
  message: scrubMessage(explained.message, ctx.prepared.sensitive),
});

/** The certificate problems that say the server is not trusted; the self-signed ones can be accepted by name. */
const UNTRUSTED: ReadonlySet<NetworkReason['code']> = new Set(['testing.netSelfSigned', 'testing.netSelfSignedChain', 'testing.netCertUnverified', 'testing.netIssuerUnknown', 'testing.netCertExpired', 'testing.netCertHost']);

/** No answer: a certificate not trusted, a client certificate wanted or refused (setting problems), or the network. */
function unreachable(host: string, reason: NetworkReason): Explained {
  if (reason.code === 'testing.netClientCertRequired') return { kind: 'config', message: { code: 'testing.clientCertNeeded', host } };
  if (reason.code === 'testing.netClientCertRejected') return { kind: 'config', message: { code: 'testing.clientCertRefused', host } };
  if (UNTRUSTED.has(reason.code)) return { kind: 'unreachable', message: { code: 'testing.untrusted', host, reason, selfSigned: reason.code === 'testing.netSelfSigned' } };
  return { kind: 'unreachable', message: { code: 'testing.unreachable', host, reason } };
}

/** A request that got no usable answer: redirected elsewhere, timed out, cancelled, unreachable. */
export function explainFailure(outcome: HttpFailure, ctx: ExplainContext): Explained {
  const host = ctx.prepared.where;
  switch (outcome.kind) {
    case 'redirect': {
      const location = ctx.chat ? originOf(outcome.location) : outcome.location;
      const { status } = outcome;
      return finish(ctx, {
        kind: 'config',
        message:
          outcome.problem === 'otherOrigin'
            ? { code: 'testing.crossOriginRedirect', location }
            : outcome.problem === 'dropsRequest'
              ? { code: 'testing.redirectDropsRequest', host, status, location }
              : { code: 'testing.tooManyRedirects', host, max: MAX_REDIRECTS, location },
      });
    }
    case 'timeout': {
      const seconds = Math.round(ctx.timeoutMs / 1000);
      return finish(ctx, { kind: 'timeout', message: ctx.chat ? { code: 'chat.noAnswer', host, seconds } : { code: 'testing.timeout', host, seconds } });
    }
    case 'cancelled':
      return finish(ctx, { kind: 'cancelled', message: ctx.chat ? { code: 'chat.cancelled' } : { code: 'testing.cancelled' } });
    case 'unreachable':
      return finish(ctx, unreachable(host, outcome.reason));
    case 'proxy':
      return finish(
        ctx,
        outcome.problem === 'auth'
          ? { kind: 'config', message: { code: 'testing.proxyAuth', proxy: outcome.proxy } }
          : outcome.problem === 'refused'
            ? { kind: 'unreachable', message: { code: 'testing.proxyRefused', proxy: outcome.proxy, host, status: outcome.status ?? 0 } }
            : { kind: 'unreachable', message: { code: 'testing.proxyUnreachable', proxy: outcome.proxy, reason: outcome.reason ?? { code: 'testing.netOther', detail: 'network error' } } },
      );
    case 'badResponse':
      return finish(ctx, {
        kind: 'badResponse',
        message:
          outcome.problem === 'tooLarge'
            ? { code: 'testing.tooLarge', host, size: outcome.size }
            : outcome.problem === 'noLocation'
              ? { code: 'testing.redirectNoLocation', host, status: outcome.status }
              : { code: 'testing.redirectInvalid', host, status: outcome.status },
      });
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
    const candidates = [typeof error === 'object' && error !== null ? (error as Record<string, unknown>).message : error, json.message, json.detail];
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

/** The provider's words as a message to append, scrubbed; none when it said nothing usable. */
export function quoteProvider(said: string | undefined, ctx: Pick<ExplainContext, 'provider' | 'prepared'>): { quote?: ProviderSaid } {
  return said ? { quote: { code: 'testing.providerSaid', provider: ctx.provider.displayName, text: scrubSecrets(said, ctx.prepared.sensitive) } } : {};
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
    return finish(ctx, { kind: 'auth', status, message: entra ? { code: 'testing.entraRejected', status, ...quote } : { code: 'testing.keyRejected', status, ...(prepared.keyHeader ? { header: prepared.keyHeader } : {}), ...quote } });
  }
  if (status === 403) {
    return finish(ctx, { kind: 'auth', status, message: { code: entra ? 'testing.entraDenied' : 'testing.keyDenied', ...quote } });
  }
  if (status === 404) {
    if (ctx.chat) return finish(ctx, { kind: 'notFound', status, message: { code: ctx.chat.azure ? 'chat.notFoundDeployment' : 'chat.notFoundModel', host, ...quote } });
    const path = prepared.where === prepared.url.host ? prepared.url.pathname : '';
    return finish(ctx, { kind: 'notFound', status, message: { code: spec.auth.kind === 'keyOrEntra' ? 'testing.notFoundAzure' : 'testing.notFound', host, path, ...quote } });
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(head.retryAfter);
    return finish(ctx, {
      kind: 'rateLimited',
      status,
      message: seconds !== undefined ? { code: 'testing.rateLimitedFor', seconds, ...quote } : { code: 'testing.rateLimited', ...quote },
      ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
    });
  }
  if (status >= 500) return finish(ctx, { kind: 'server', status, message: { code: 'testing.serverError', provider: ctx.provider.displayName, status, ...quote } });
  return finish(ctx, { kind: 'badResponse', status, message: { code: 'testing.refused', host, status, ...quote } });
}

/** Retry-After as whole seconds: a number of seconds or an HTTP date. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
