/**
 * What connection tests and chat requests tell the user (see src/domain/messages.ts): the
 * explanations of failed requests, by kind. Server text (the provider's own words, where a
 * redirect pointed, a network error) is a parameter, scrubbed of every secret before it is set.
 *
 * A message that carries another one takes its type as `M`: `TestingMessage` in
 * src/domain/messages.ts gives it the `Message` union, which imports this file (never the reverse).
 */
import type { ModelListFormat } from './modelLists';

/** A field as a message names it: its catalog label, or a phrase. */
export type FieldName = string | { code: 'testing.testSecret'; name: string } | { code: 'testing.fieldReference'; label: string; reference: string };

/** Why a request got no answer at all. */
export type NetworkReason =
  | { code: 'testing.netRefused' }
  | { code: 'testing.netNotFound' }
  | { code: 'testing.netLookupFailed' }
  | { code: 'testing.netReset' }
  | { code: 'testing.netHostUnreachable' }
  | { code: 'testing.netNetworkUnreachable' }
  | { code: 'testing.netClosed' }
  | { code: 'testing.netConnectTimeout' }
  | { code: 'testing.netCertExpired' }
  | { code: 'testing.netSelfSigned' }
  | { code: 'testing.netSelfSignedChain' }
  | { code: 'testing.netCertUnverified' }
  | { code: 'testing.netIssuerUnknown' }
  | { code: 'testing.netCertHost' }
  | { code: 'testing.netWrongTls' }
  /** A code or library text we have no words for, shown as it is. */
  | { code: 'testing.netOther'; detail: string };

/** The provider's own words, quoted after a message. */
export type ProviderSaid = { code: 'testing.providerSaid'; provider: string; text: string };
type Quoted = { quote?: ProviderSaid };

/** A reference that does not resolve, with resolution's reason. */
export interface TestingReferenceProblem<M> {
  code: 'testing.referenceProblem';
  field: FieldName;
  problem: M;
}

/** The testing messages that carry no other message. */
export type TestingPlainMessage =
  | NetworkReason
  | ProviderSaid
  | Exclude<FieldName, string>
  | { code: 'testing.restricted' }
  | { code: 'testing.disabled' }
  | { code: 'testing.noTest' }
  | { code: 'testing.noTestUrl' }
  | { code: 'testing.connectionGone' }
  /** A lower layer's reason (secret storage, say), as it gave it. */
  | { code: 'testing.reason'; text: string }
  | { code: 'testing.notSet'; field: FieldName }
  | { code: 'testing.envUnset'; field: FieldName; name: string }
  | { code: 'testing.unresolvable'; field: FieldName; reference: string }
  | { code: 'testing.invalidUrl'; field: FieldName }
  | { code: 'testing.notHttp'; field: FieldName }
  | { code: 'testing.urlCredentials'; field: FieldName }
  | { code: 'testing.entraHost'; hosts: string; field: FieldName }
  /** The workspace's files named the host (`.env`'s OPENAI_BASE_URL) and the user did not approve sending their key there. */
  | { code: 'testing.hostNotApproved'; host: string; field: string; reference: string; file: string }
  | { code: 'testing.entraUnavailable' }
  | { code: 'testing.entraFailed'; reason: string }
  | { code: 'testing.crossOriginRedirect'; location: string }
  | { code: 'testing.redirectDropsRequest'; host: string; status: number; location: string }
  | { code: 'testing.tooManyRedirects'; host: string; max: number; location: string }
  | { code: 'testing.redirectNoLocation'; host: string; status: number }
  | { code: 'testing.redirectInvalid'; host: string; status: number }
  | { code: 'testing.tooLarge'; host: string; size: string }
  | { code: 'testing.timeout'; host: string; seconds: number }
  | { code: 'testing.cancelled' }
  | { code: 'testing.unreachable'; host: string; reason: NetworkReason }
  | ({ code: 'testing.keyRejected'; status: number } & Quoted)
  | ({ code: 'testing.entraRejected'; status: number } & Quoted)
  | ({ code: 'testing.keyDenied' } & Quoted)
  | ({ code: 'testing.entraDenied' } & Quoted)
  | ({ code: 'testing.notFound'; host: string; path: string } & Quoted)
  | ({ code: 'testing.notFoundAzure'; host: string; path: string } & Quoted)
  | ({ code: 'testing.rateLimited' } & Quoted)
  | ({ code: 'testing.rateLimitedFor'; seconds: number } & Quoted)
  | ({ code: 'testing.serverError'; provider: string; status: number } & Quoted)
  | ({ code: 'testing.refused'; host: string; status: number } & Quoted)
  | { code: 'testing.htmlNotList'; host: string; format: ModelListFormat }
  | { code: 'testing.notJsonNotList'; host: string; format: ModelListFormat }
  | { code: 'testing.notList'; host: string; format: ModelListFormat };

/** Codes a stored test result's message may have (older results held English text: see resultStore). */
export type TestingCode = TestingPlainMessage['code'] | TestingReferenceProblem<unknown>['code'];
