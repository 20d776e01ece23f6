/**
 * What requests tell the user (see src/domain/messages.ts): why a request was refused or not put
 * together, and why one that was sent failed, with the kind of each failure. Server text (the
 * provider's own words, where a redirect pointed, a network error) is a parameter, scrubbed of
 * every secret before it is set. Connection tests and chat requests share these; their codes are
 * the test's (`testing.*`), or chat's (`chat.*`) where a chat request words it differently.
 *
 * A message that carries another one takes its type as `M`: src/domain/messages.ts gives it the
 * `Message` union, which imports this file (never the reverse). This file imports no request code:
 * the message union, the other areas' messages and the texts that render them (which the form
 * webview type-checks without Node) read it directly; everything else goes through index.ts.
 */
import * as z from 'zod/mini';

/** The kinds of a failed request (the same for connection tests and chat requests). */
export const ErrorKindSchema = z.enum(['auth', 'notFound', 'rateLimited', 'server', 'unreachable', 'timeout', 'badResponse', 'config', 'disabled', 'cancelled']);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

/** A field as a message names it: its catalog label, or a phrase. */
export type FieldName = string | { code: 'testing.testSecret'; name: string } | { code: 'testing.fieldReference'; label: string; reference: string } | { code: 'testing.headerField'; header: string };

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
  /** The server asks for a client certificate (mutual TLS), or refused the one sent. */
  | { code: 'testing.netClientCertRequired' }
  | { code: 'testing.netClientCertRejected' }
  /** A code or library text we have no words for, shown as it is. */
  | { code: 'testing.netOther'; detail: string };

/** The provider's own words, quoted after a message. */
export type ProviderSaid = { code: 'testing.providerSaid'; provider: string; text: string };
type Quoted = { quote?: ProviderSaid };

/** A reference that does not resolve, with resolution's reason. */
export interface ReferenceProblem<M> {
  code: 'testing.referenceProblem';
  field: FieldName;
  problem: M;
}

/** Refused before anything was read, resolved or sent: Restricted Mode, or a connection gone or disabled. */
export type RequestRefusal = { code: 'testing.restricted' } | { code: 'testing.connectionGone' } | { code: 'chat.connectionGone' } | { code: 'chat.connectionDisabled'; name: string };

/** Why a request was not put together: a setting is missing or unusable, and nothing was sent. */
type NotSent =
  | { code: 'testing.noTestUrl' }
  | { code: 'testing.notSet'; field: FieldName }
  | { code: 'testing.envUnset'; field: FieldName; name: string }
  | { code: 'testing.unresolvable'; field: FieldName; reference: string }
  | { code: 'testing.invalidUrl'; field: FieldName }
  | { code: 'testing.notHttp'; field: FieldName }
  | { code: 'testing.urlCredentials'; field: FieldName }
  | { code: 'testing.entraHost'; hosts: string; field: FieldName }
  /** The workspace's files named the host (`.env`'s OPENAI_BASE_URL) and the user did not approve sending their key there. */
  | { code: 'testing.hostNotApproved'; host: string; field: string; reference: string; file: string }
  /** A header of the connection's Network section (never its value): not a valid name, one the product sets itself, or a value with a control character. */
  | { code: 'testing.headerName'; header: string }
  | { code: 'testing.headerReserved'; header: string }
  | { code: 'testing.headerControl'; header: string }
  | { code: 'testing.entraUnavailable' }
  | { code: 'testing.entraFailed'; reason: string }
  /** A proxy setting that is not a proxy URL: the connection's, `http.proxy` or the environment's. */
  | { code: 'testing.proxyUrl'; source: 'connection' | 'http.proxy' | 'environment' }
  /** A TLS file of the Network section (extra CAs, client certificate or key): not an absolute path or PEM, or not readable. */
  | { code: 'testing.tlsPath'; field: FieldName }
  | { code: 'testing.tlsFile'; field: FieldName; path: string }
  /** What is wrong with a certificate or key, naming the field it is in (never its content). */
  | { code: 'testing.tlsProblem'; field: FieldName; problem: 'notCertificate' | 'notKey' | 'passphraseNeeded' | 'passphraseWrong' | 'keyMismatch' }
  /** A client certificate without its key, or the reverse. */
  | { code: 'testing.tlsClientIncomplete'; missing: FieldName };

/** Why a request was not put together, a reference's problem (of type `M`) included. */
export type PrepareProblem<M> = NotSent | ReferenceProblem<M>;

/** Why a request that was sent got no usable answer. */
type Failed =
  | { code: 'testing.crossOriginRedirect'; location: string }
  | { code: 'testing.redirectDropsRequest'; host: string; status: number; location: string }
  | { code: 'testing.tooManyRedirects'; host: string; max: number; location: string }
  | { code: 'testing.redirectNoLocation'; host: string; status: number }
  | { code: 'testing.redirectInvalid'; host: string; status: number }
  | { code: 'testing.tooLarge'; host: string; size: string }
  | { code: 'testing.timeout'; host: string; seconds: number }
  | { code: 'testing.cancelled' }
  | { code: 'testing.unreachable'; host: string; reason: NetworkReason }
  /** The server's certificate is not trusted (`selfSigned`: it signed it itself, so it can be accepted by name). */
  | { code: 'testing.untrusted'; host: string; reason: NetworkReason; selfSigned: boolean }
  /** Mutual TLS: the server wants a client certificate and none was set, or refused the one sent. */
  | { code: 'testing.clientCertNeeded'; host: string }
  | { code: 'testing.clientCertRefused'; host: string }
  /** The proxy asked for credentials (407), refused the tunnel to the server, or was not reached. */
  | { code: 'testing.proxyAuth'; proxy: string }
  | { code: 'testing.proxyRefused'; proxy: string; host: string; status: number }
  | { code: 'testing.proxyUnreachable'; proxy: string; reason: NetworkReason }
  /** `header`: the key went in the Network section's key header (a gateway may not pass it on). */
  | ({ code: 'testing.keyRejected'; status: number; header?: string } & Quoted)
  | ({ code: 'testing.entraRejected'; status: number } & Quoted)
  | ({ code: 'testing.keyDenied' } & Quoted)
  | ({ code: 'testing.entraDenied' } & Quoted)
  | ({ code: 'testing.notFound'; host: string; path: string } & Quoted)
  | ({ code: 'testing.notFoundAzure'; host: string; path: string } & Quoted)
  | ({ code: 'testing.rateLimited' } & Quoted)
  | ({ code: 'testing.rateLimitedFor'; seconds: number } & Quoted)
  | ({ code: 'testing.serverError'; provider: string; status: number } & Quoted)
  | ({ code: 'testing.refused'; host: string; status: number } & Quoted);

/** The same, where a chat request words it differently. */
type ChatFailed = { code: 'chat.noAnswer'; host: string; seconds: number } | { code: 'chat.cancelled' } | ({ code: 'chat.notFoundModel'; host: string } & Quoted) | ({ code: 'chat.notFoundDeployment'; host: string } & Quoted);

/** The request messages with a testing code that carry no other message (testing's messages include them). */
export type RequestTestingMessage = NetworkReason | ProviderSaid | Exclude<FieldName, string> | Extract<RequestRefusal, { code: `testing.${string}` }> | NotSent | Failed;

/** The request messages with a chat code (chat's messages include them). */
export type RequestChatMessage = Extract<RequestRefusal, { code: `chat.${string}` }> | ChatFailed;
