/**
 * HTTP requests with a deadline, a cancel signal and a body size cap, their failures sorted into
 * the kinds the user can act on (with what the message needs: the network reason, the status, where
 * a redirect pointed). Header values are never part of any message. A GET reads its
 * whole (capped) body; a streaming POST hands back the body as decoded text chunks as they arrive.
 *
 * Redirects are followed here, not by fetch: fetch drops only `Authorization` when a redirect
 * leaves the origin, so `api-key`, `x-api-key` or `x-goog-api-key` would reach the new host. A
 * redirect is followed only within the same origin (scheme, host and port), at most
 * `MAX_REDIRECTS` times; one to another origin ends the request unsent. A POST follows only 307
 * and 308 (which re-send the same method and body); 301, 302 and 303 would turn it into a GET
 * without its body, so they end it.
 */
import { asProxyFailure } from '../network/route';
import type { NetworkReason } from './messages';

export type HttpFailure =
  | { ok: false; kind: 'timeout' | 'cancelled' }
  | { ok: false; kind: 'unreachable'; reason: NetworkReason }
  /** The connection's or the machine's proxy asked for credentials, refused the tunnel, or was not reached. */
  | { ok: false; kind: 'proxy'; problem: 'auth' | 'refused' | 'unreachable'; proxy: string; status?: number; reason?: NetworkReason }
  /** The body went over the cap (`size`, as `2 MB`), or a redirect said no usable place. */
  | { ok: false; kind: 'badResponse'; problem: 'tooLarge'; size: string }
  | { ok: false; kind: 'badResponse'; problem: 'noLocation' | 'invalidLocation'; status: number }
  /**
   * The server sent us elsewhere; `location` is where, without credentials or query: to another
   * origin, in a way that drops a POST's body, or too many times.
   */
  | { ok: false; kind: 'redirect'; problem: 'otherOrigin' | 'dropsRequest' | 'tooMany'; status: number; location: string; crossOrigin: boolean };

export interface HttpHead {
  status: number;
  retryAfter: string | null;
  contentType: string;
  /** All response headers (rate-limit and request-id headers, for instance). */
  headers: Headers;
}

export type HttpOutcome = ({ ok: true; body: string } & HttpHead) | HttpFailure;

/**
 * A streaming POST's outcome: for a 2xx answer the body as text chunks (decoded as UTF-8, a
 * character split between two network chunks kept whole), for any other status the body read
 * whole up to `errorMaxBytes`.
 */
export type StreamOutcome = ({ ok: true; streaming: true; chunks: AsyncIterable<string> } & HttpHead) | ({ ok: true; streaming: false; body: string } & HttpHead) | HttpFailure;

export type StreamFailureKind = 'timeout' | 'unreachable' | 'cancelled' | 'badResponse';

/**
 * Thrown by a stream's chunks when the stream fails after its first byte: with the network reason
 * (unreachable) or the size cap passed (badResponse).
 */
export class HttpStreamError extends Error {
  constructor(
    readonly kind: StreamFailureKind,
    readonly reason?: NetworkReason,
    readonly size?: string,
  ) {
    super(kind);
    this.name = 'HttpStreamError';
  }
}

export interface HttpOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  maxBytes?: number;
  fetch?: typeof fetch;
}

export interface StreamOptions {
  /** How long to wait for the answer's status and headers (and, on an error status, its body). */
  timeoutMs: number;
  /** How long the stream may stay silent between two chunks; `timeoutMs` when not given. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** The most a streamed body may hold in all. */
  maxBytes?: number;
  /** The most of an error body read. */
  errorMaxBytes?: number;
  fetch?: typeof fetch;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const DEFAULT_STREAM_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_ERROR_MAX_BYTES = 64 * 1024;
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** The redirects that keep the method and body. */
const BODY_PRESERVING_REDIRECTS = new Set([307, 308]);

const NETWORK_CODES: Record<string, Exclude<NetworkReason, { code: 'testing.netOther' }>['code']> = {
  ECONNREFUSED: 'testing.netRefused',
  ENOTFOUND: 'testing.netNotFound',
  EAI_AGAIN: 'testing.netLookupFailed',
  ECONNRESET: 'testing.netReset',
  EHOSTUNREACH: 'testing.netHostUnreachable',
  ENETUNREACH: 'testing.netNetworkUnreachable',
  EPIPE: 'testing.netClosed',
  UND_ERR_SOCKET: 'testing.netClosed',
  UND_ERR_CONNECT_TIMEOUT: 'testing.netConnectTimeout',
  CERT_HAS_EXPIRED: 'testing.netCertExpired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'testing.netSelfSigned',
  SELF_SIGNED_CERT_IN_CHAIN: 'testing.netSelfSignedChain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'testing.netCertUnverified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'testing.netIssuerUnknown',
  ERR_TLS_CERT_ALTNAME_INVALID: 'testing.netCertHost',
  ERR_SSL_WRONG_VERSION_NUMBER: 'testing.netWrongTls',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'testing.netClientCertRequired',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'testing.netClientCertRequired',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'testing.netClientCertRejected',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'testing.netClientCertRejected',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'testing.netClientCertRejected',
};

/** Why a request failed before an answer: a known network error code, else the code or error text as it is. */
function networkReason(error: unknown): NetworkReason {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      const known = Object.hasOwn(NETWORK_CODES, code) ? NETWORK_CODES[code] : undefined;
      return known ? { code: known } : { code: 'testing.netOther', detail: code };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return { code: 'testing.netOther', detail: error instanceof Error ? error.message.slice(0, 120) : 'network error' };
}

/** Why a request was not answered: its proxy's failure, or the network's. */
function failedToSend(error: unknown): HttpFailure {
  const proxied = asProxyFailure(error);
  if (!proxied) return { ok: false, kind: 'unreachable', reason: networkReason(error) };
  return { ok: false, kind: 'proxy', problem: proxied.problem, proxy: proxied.proxy, ...(proxied.status !== undefined ? { status: proxied.status } : {}), ...(proxied.problem === 'unreachable' ? { reason: networkReason(proxied.cause) } : {}) };
}

/** Where a redirect pointed, for a message: origin and path, never credentials, query or fragment. */
function describeLocation(url: URL): string {
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  return shown.length > 120 ? `${shown.slice(0, 119)}…` : shown;
}

/**
 * One request's abort controller: aborted by the caller's signal (cancelled) or by a timer
 * (timeout). The timer is armed only while we wait for the server, so a slow reader of a stream
 * is not mistaken for a silent server.
 */
class RequestControl {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly signal = this.controller.signal;
  private readonly onCancel = () => this.controller.abort();

  constructor(private readonly cancel: AbortSignal | undefined) {
    if (cancel?.aborted) this.controller.abort();
    else cancel?.addEventListener('abort', this.onCancel, { once: true });
  }

  arm(ms: number): void {
    this.disarm();
    this.timer = setTimeout(() => this.controller.abort(), ms);
    this.timer.unref?.();
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  why(): 'timeout' | 'cancelled' {
    return this.cancel?.aborted ? 'cancelled' : 'timeout';
  }

  /** Ends the request (a no-op once the body was read to its end). */
  abort(): void {
    this.controller.abort();
  }

  dispose(): void {
    this.disarm();
    this.cancel?.removeEventListener('abort', this.onCancel);
  }
}

/** Sends the request, following redirects within the origin; the response's body is not read yet. */
async function send(method: 'GET' | 'POST', url: URL, headers: Record<string, string>, body: string | undefined, control: RequestControl, doFetch: typeof fetch): Promise<{ ok: true; response: Response } | HttpFailure> {
  let current = url;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await doFetch(current, { method, headers, body, signal: control.signal, redirect: 'manual' });
    } catch (error) {
      if (control.aborted) return { ok: false, kind: control.why() };
      return failedToSend(error);
    }
    if (!REDIRECT_STATUSES.has(response.status)) return { ok: true, response };
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    if (!location) return { ok: false, kind: 'badResponse', problem: 'noLocation', status: response.status };
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return { ok: false, kind: 'badResponse', problem: 'invalidLocation', status: response.status };
    }
    if (next.origin !== url.origin || next.username !== '' || next.password !== '') {
      return { ok: false, kind: 'redirect', problem: 'otherOrigin', status: response.status, crossOrigin: true, location: describeLocation(next) };
    }
    if (body !== undefined && !BODY_PRESERVING_REDIRECTS.has(response.status)) {
      return { ok: false, kind: 'redirect', problem: 'dropsRequest', status: response.status, crossOrigin: false, location: describeLocation(next) };
    }
    if (hop + 1 > MAX_REDIRECTS) {
      return { ok: false, kind: 'redirect', problem: 'tooMany', status: response.status, crossOrigin: false, location: describeLocation(next) };
    }
    current = next;
  }
}

/** The whole body, up to `maxBytes`, while the control's timer runs. */
async function readCapped(response: Response, maxBytes: number, control: RequestControl): Promise<{ ok: true; body: string } | HttpFailure> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = response.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, kind: 'badResponse', problem: 'tooLarge', size: sizeText(maxBytes) };
      }
      chunks.push(value);
    }
  } catch (error) {
    if (control.aborted) return { ok: false, kind: control.why() };
    return { ok: false, kind: 'unreachable', reason: networkReason(error) };
  }
  return { ok: true, body: Buffer.concat(chunks).toString('utf8') };
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function head(response: Response): HttpHead {
  return { status: response.status, retryAfter: response.headers.get('retry-after'), contentType: response.headers.get('content-type') ?? '', headers: response.headers };
}

/** A GET whose whole answer, body included, must arrive within `timeoutMs`. */
export async function httpGet(url: URL, headers: Record<string, string>, options: HttpOptions): Promise<HttpOutcome> {
  const control = new RequestControl(options.signal);
  control.arm(options.timeoutMs);
  try {
    const sent = await send('GET', url, headers, undefined, control, options.fetch ?? fetch);
    if (!sent.ok) return sent;
    const read = await readCapped(sent.response, options.maxBytes ?? DEFAULT_MAX_BYTES, control);
    return read.ok ? { ok: true, ...head(sent.response), body: read.body } : read;
  } finally {
    control.dispose();
  }
}

/**
 * A POST whose answer streams. The status and headers must arrive within `timeoutMs`; after that
 * the stream may go on for as long as it likes, but never stay silent longer than `idleTimeoutMs`.
 * Cancelling the signal aborts the request at once, at any point. Stopping the iteration of
 * `chunks` early aborts it too.
 */
export async function httpPostStream(url: URL, headers: Record<string, string>, body: string, options: StreamOptions): Promise<StreamOutcome> {
  const control = new RequestControl(options.signal);
  control.arm(options.timeoutMs);
  let handedOver = false;
  try {
    const sent = await send('POST', url, headers, body, control, options.fetch ?? fetch);
    if (!sent.ok) return sent;
    const response = sent.response;
    if (response.status < 200 || response.status >= 300 || !response.body) {
      const read = await readCapped(response, options.errorMaxBytes ?? DEFAULT_ERROR_MAX_BYTES, control);
      return read.ok ? { ok: true, streaming: false, ...head(response), body: read.body } : read;
    }
    control.disarm();
    handedOver = true;
    return {
      ok: true,
      streaming: true,
      ...head(response),
      chunks: decodeChunks(response.body, control, options.idleTimeoutMs ?? options.timeoutMs, options.maxBytes ?? DEFAULT_STREAM_MAX_BYTES),
    };
  } finally {
    if (!handedOver) control.dispose();
  }
}

async function* decodeChunks(body: ReadableStream<Uint8Array>, control: RequestControl, idleMs: number, maxBytes: number): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let finished = false;
  let size = 0;
  try {
    for (;;) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      control.arm(idleMs);
      try {
        result = await reader.read();
      } catch (error) {
        if (control.aborted) {
          const why = control.why();
          throw new HttpStreamError(why);
        }
        throw new HttpStreamError('unreachable', networkReason(error));
      } finally {
        control.disarm();
      }
      if (result.done) break;
      size += result.value.byteLength;
      if (size > maxBytes) throw new HttpStreamError('badResponse', undefined, sizeText(maxBytes));
      const text = decoder.decode(result.value, { stream: true });
      if (text !== '') yield text;
    }
    finished = true;
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } finally {
    if (!finished) control.abort();
    try {
      reader.releaseLock();
    } catch {
      /* a read still pending after the abort */
    }
    control.dispose();
  }
}
