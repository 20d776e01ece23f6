/**
 * Requests to a connection's provider, as connection tests and chat requests send them: the trust
 * gate asked first (trust.ts), the request put together from the connection's settings, secrets and
 * references (prepare.ts), sent by a client that follows redirects only within the origin
 * (http.ts), and a failure explained in a message scrubbed of every secret (explain.ts, scrub.ts).
 *
 * This file is the way in: code outside src/domain/requests imports `../requests`, never a file
 * of it (ESLint refuses it). The one exception is messages.ts, the request's message types, read
 * by the message union and the texts that render it.
 */
export { capMessage, explainFailure, explainStatus, providerText, quoteProvider, scrubMessage, type ExplainContext, type Explained } from './explain';
export { httpGet, httpPostStream, HttpStreamError, MAX_REDIRECTS, type HttpOutcome } from './http';
export { jsonBody } from './jsonBody';
export { ErrorKindSchema, type ErrorKind, type RequestRefusal } from './messages';
export { ConfigError, fieldLabel, prepareRequest, requestHost, resolveValue, type PrepareDependencies, type Prepared, type RequestTarget } from './prepare';
export type { SameOriginGet } from './sameOrigin';
export { scrubSecrets } from './scrub';
export { assertTrusted, RestrictedModeError } from './trust';
