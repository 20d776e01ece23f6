/**
 * The trust gate: the one check every path that sends a request makes first (a stored test, Test
 * All, a form test, a chat request, and anything later built on them). In Restricted Mode it
 * refuses before anything is read from secret storage, any reference is resolved, any token is
 * fetched or anything is sent.
 */
import type { RequestRefusal } from './messages';

/** Refused because the workspace is not trusted: nothing was read, resolved or sent. */
export class RestrictedModeError extends Error {
  readonly detail: RequestRefusal = { code: 'testing.restricted' };
  constructor() {
    super('Restricted Mode: nothing is sent until the workspace is trusted.');
    this.name = 'RestrictedModeError';
  }
}

/** Throws RestrictedModeError unless the workspace is trusted. */
export function assertTrusted(isTrusted: () => boolean): void {
  if (!isTrusted()) throw new RestrictedModeError();
}
