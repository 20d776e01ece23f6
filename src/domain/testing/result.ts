import * as z from 'zod/mini';
import type { Message, TestingMessage } from '../messages';
import { ErrorKindSchema } from '../requests/messages';
import { RESOLUTION_CODES } from '../resolution/messages';
import { VAULT_CODES } from '../vaults/messages';
import type { TestingCode } from './messages';

/** Every code a test result's message may have (the compiler checks the list is complete). */
const RESULT_CODES = {
  'testing.netRefused': true,
  'testing.netNotFound': true,
  'testing.netLookupFailed': true,
  'testing.netReset': true,
  'testing.netHostUnreachable': true,
  'testing.netNetworkUnreachable': true,
  'testing.netClosed': true,
  'testing.netConnectTimeout': true,
  'testing.netCertExpired': true,
  'testing.netSelfSigned': true,
  'testing.netSelfSignedChain': true,
  'testing.netCertUnverified': true,
  'testing.netIssuerUnknown': true,
  'testing.netCertHost': true,
  'testing.netWrongTls': true,
  'testing.netClientCertRequired': true,
  'testing.netClientCertRejected': true,
  'testing.proxyUrl': true,
  'testing.tlsPath': true,
  'testing.tlsFile': true,
  'testing.tlsProblem': true,
  'testing.tlsClientIncomplete': true,
  'testing.untrusted': true,
  'testing.clientCertNeeded': true,
  'testing.clientCertRefused': true,
  'testing.proxyAuth': true,
  'testing.proxyRefused': true,
  'testing.proxyUnreachable': true,
  'testing.netOther': true,
  'testing.providerSaid': true,
  'testing.testSecret': true,
  'testing.fieldReference': true,
  'testing.headerField': true,
  'testing.headerName': true,
  'testing.headerReserved': true,
  'testing.headerControl': true,
  'testing.restricted': true,
  'testing.disabled': true,
  'testing.noTest': true,
  'testing.noTestUrl': true,
  'testing.connectionGone': true,
  'testing.reason': true,
  'testing.keyNeeded': true,
  'testing.keyHostChanged': true,
  'testing.notSet': true,
  'testing.envUnset': true,
  'testing.unresolvable': true,
  'testing.referenceProblem': true,
  'testing.invalidUrl': true,
  'testing.notHttp': true,
  'testing.urlCredentials': true,
  'testing.entraHost': true,
  'testing.hostNotApproved': true,
  'testing.entraUnavailable': true,
  'testing.entraFailed': true,
  'testing.crossOriginRedirect': true,
  'testing.redirectDropsRequest': true,
  'testing.tooManyRedirects': true,
  'testing.redirectNoLocation': true,
  'testing.redirectInvalid': true,
  'testing.tooLarge': true,
  'testing.timeout': true,
  'testing.cancelled': true,
  'testing.unreachable': true,
  'testing.keyRejected': true,
  'testing.entraRejected': true,
  'testing.keyDenied': true,
  'testing.entraDenied': true,
  'testing.notFound': true,
  'testing.notFoundAzure': true,
  'testing.rateLimited': true,
  'testing.rateLimitedFor': true,
  'testing.serverError': true,
  'testing.refused': true,
  'testing.htmlNotList': true,
  'testing.notJsonNotList': true,
  'testing.notList': true,
} as const satisfies Record<TestingCode, true>;

/**
 * A kept message: a known code, and parameters that are short texts, numbers, flags or messages
 * in turn (a cause, the provider's words, why a reference did not resolve, and where it was
 * looked for). What the domain made fits; anything else read back from storage is refused here,
 * so the text layer only ever renders a code it knows.
 */
const NESTED_CODES = [...Object.keys(RESULT_CODES), ...Object.keys(RESOLUTION_CODES), ...Object.keys(VAULT_CODES)] as [string, ...string[]];
const messageSchema = (codes: [string, ...string[]]): z.ZodMiniType<Message> =>
  z.lazy(() => z.catchall(z.object({ code: z.enum(codes) }), z.union([z.string().check(z.maxLength(600)), z.number(), z.boolean(), NestedMessageSchema, z.array(NestedMessageSchema).check(z.maxLength(20))]))) as unknown as z.ZodMiniType<Message>;
const NestedMessageSchema: z.ZodMiniType<Message> = messageSchema(NESTED_CODES);
const StoredMessageSchema = messageSchema(Object.keys(RESULT_CODES) as [TestingCode, ...TestingCode[]]) as unknown as z.ZodMiniType<TestingMessage>;

/**
 * The outcome of testing one connection. Holds no secret and no header value: it is shown,
 * logged and kept across reloads. `skipped` means there was nothing to test (neither pass nor fail).
 */
export const TestResultSchema = z.strictObject({
  success: z.boolean(),
  skipped: z.optional(z.boolean()),
  /** Why it failed or was skipped: a code and its parameters (server text already scrubbed). */
  message: z.optional(StoredMessageSchema),
  errorKind: z.optional(ErrorKindSchema),
  status: z.optional(z.number().check(z.int())),
  retryAfterSeconds: z.optional(z.number().check(z.nonnegative())),
  latencyMs: z.number().check(z.nonnegative()),
  modelCount: z.optional(z.number().check(z.int(), z.nonnegative())),
  models: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(2000))),
  testedAt: z.iso.datetime(),
});
export type TestResult = z.infer<typeof TestResultSchema>;

/** Short form for the log: `✓ 240 ms`, `✗ auth`, `– no test` (the tree's is src/ui/text/testing.ts). */
export function resultBadge(result: TestResult): string {
  if (result.skipped) return '– no test';
  if (result.success) return `✓ ${Math.round(result.latencyMs)} ms`;
  return `✗ ${result.errorKind ?? 'failed'}`;
}
