/**
 * One GET request with a deadline, a cancel signal and a body size cap, its failures sorted into
 * the kinds the user can act on. Header values are never part of any message.
 *
 * Redirects are followed here, not by fetch: fetch drops only `Authorization` when a redirect
 * leaves the origin, so `api-key`, `x-api-key` or `x-goog-api-key` would reach the new host. A
 * redirect is followed only within the same origin (scheme, host and port), at most
 * `MAX_REDIRECTS` times; one to another origin ends the request unsent.
 */
export type HttpOutcome =
  | { ok: true; status: number; retryAfter: string | null; contentType: string; body: string }
  | { ok: false; kind: 'timeout' | 'unreachable' | 'cancelled' | 'badResponse'; detail: string }
  /** The server sent us elsewhere; `location` is where, without credentials or query. */
  | { ok: false; kind: 'redirect'; detail: string; location: string; crossOrigin: boolean };

export interface HttpOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  maxBytes?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate issuer unknown',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS handshake failed (is this an http:// server?)',
};

function networkDetail(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return NETWORK_CODES[code] ?? code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message.slice(0, 120) : 'network error';
}

/** Where a redirect pointed, for a message: origin and path, never credentials, query or fragment. */
export function describeLocation(url: URL): string {
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  return shown.length > 120 ? `${shown.slice(0, 119)}…` : shown;
}

export async function httpGet(url: URL, headers: Record<string, string>, options: HttpOptions): Promise<HttpOutcome> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const why = (): 'timeout' | 'cancelled' => (options.signal?.aborted ? 'cancelled' : 'timeout');
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  let current = url;
  for (let hop = 0; ; hop++) {
    try {
      response = await doFetch(current, { method: 'GET', headers, signal, redirect: 'manual' });
    } catch (error) {
      if (signal.aborted) return { ok: false, kind: why(), detail: why() };
      return { ok: false, kind: 'unreachable', detail: networkDetail(error) };
    }
    if (!REDIRECT_STATUSES.has(response.status)) break;
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    if (!location) return { ok: false, kind: 'badResponse', detail: `it redirected (${response.status}) without saying where` };
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return { ok: false, kind: 'badResponse', detail: `it redirected (${response.status}) to an invalid address` };
    }
    if (next.origin !== url.origin || next.username !== '' || next.password !== '') {
      return { ok: false, kind: 'redirect', crossOrigin: true, location: describeLocation(next), detail: `redirected (${response.status}) to another origin` };
    }
    if (hop + 1 > MAX_REDIRECTS) {
      return { ok: false, kind: 'redirect', crossOrigin: false, location: describeLocation(next), detail: `redirected more than ${MAX_REDIRECTS} times` };
    }
    current = next;
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
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
        return { ok: false, kind: 'badResponse', detail: `the response is larger than ${Math.round(maxBytes / 1024 / 1024)} MB` };
      }
      chunks.push(value);
    }
  } catch (error) {
    if (signal.aborted) return { ok: false, kind: why(), detail: why() };
    return { ok: false, kind: 'unreachable', detail: networkDetail(error) };
  }
  return {
    ok: true,
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    contentType: response.headers.get('content-type') ?? '',
    body: Buffer.concat(chunks).toString('utf8'),
  };
}
