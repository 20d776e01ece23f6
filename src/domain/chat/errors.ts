/**
 * The one error a chat request fails with. Its kinds and explanations are the connection test's
 * (auth, notFound, rateLimited, server, unreachable, timeout, badResponse, config, cancelled);
 * its `detail` (a message: a code and its parameters) has every text parameter scrubbed of every
 * key, token and resolved reference value and capped, whatever the provider said, so it can be
 * shown as it is. `Error.message` is the code, for logs.
 */
import type { Message } from '../messages';
import { scrubMessage, type ErrorKind } from '../requests';
import type { StreamProblemDetail } from './messages';

export type ChatErrorKind = ErrorKind;

export class ChatError extends Error {
  readonly kind: ChatErrorKind;
  /** The HTTP status, when the provider answered with one. */
  readonly status?: number;
  /** From Retry-After on a 429. */
  readonly retryAfterSeconds?: number;

  /** What to tell the user. */
  readonly detail: Message;

  /** `detail`'s texts are scrubbed of `sensitive` (and of anything key-shaped) and capped before it is kept. */
  constructor(kind: ChatErrorKind, detail: Message, sensitive: readonly string[], extra: { status?: number; retryAfterSeconds?: number } = {}) {
    super(detail.code);
    this.detail = scrubMessage(detail, sensitive);
    this.name = 'ChatError';
    this.kind = kind;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

/**
 * A problem found in the stream: an error event from the provider, or data that is not the
 * documented shape. The request turns it into a ChatError naming the provider and the host.
 */
export class StreamProblem extends Error {
  constructor(
    readonly kind: ChatErrorKind,
    /** What went wrong (the message names the provider and the host). */
    readonly problem: StreamProblemDetail,
    /** The provider's own words, quoted (after scrubbing) in the message. */
    readonly said?: string,
  ) {
    super(problem.code);
    this.name = 'StreamProblem';
  }
}

/**
 * The kind of a provider's error type or code, as the error events and bodies of the three
 * formats name them (OpenAI `error.type`/`error.code`, Anthropic `error.type`, Gemini
 * `error.status` or `error.code`).
 */
export function providerErrorKind(...names: unknown[]): ChatErrorKind {
  for (const name of names) {
    if (typeof name === 'number') {
      if (name === 401 || name === 403) return 'auth';
      if (name === 404) return 'notFound';
      if (name === 429) return 'rateLimited';
      if (name >= 500) return 'server';
      if (name >= 400) return 'badResponse';
      continue;
    }
    if (typeof name !== 'string' || name === '') continue;
    const n = name.toLowerCase();
    if (/rate_limit|resource_exhausted|insufficient_quota|too_many|quota/.test(n)) return 'rateLimited';
    if (/overloaded|server_error|api_error|internal|unavailable|deadline_exceeded|timeout/.test(n)) return 'server';
    if (/authentication|permission|unauthenticated|invalid_api_key|permission_denied|forbidden/.test(n)) return 'auth';
    if (/not_found/.test(n)) return 'notFound';
    if (/invalid|too_large|context_length|failed_precondition|bad_request/.test(n)) return 'badResponse';
  }
  return 'server';
}
