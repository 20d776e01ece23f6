/**
 * What connection tests tell the user (see src/domain/messages.ts): the request's messages
 * (src/domain/requests/messages.ts: why it was not sent, why it failed), and what only a test
 * says: nothing to test, a connection turned off, an answer that is not a model list.
 */
import type { ReferenceProblem, RequestTestingMessage } from '../requests/messages';
import type { ModelListFormat } from './modelLists';

/** The testing messages that carry no other message. */
export type TestingPlainMessage =
  | RequestTestingMessage
  | { code: 'testing.disabled' }
  | { code: 'testing.noTest' }
  /** A lower layer's reason (secret storage, say), as it gave it. */
  | { code: 'testing.reason'; text: string }
  /** A shared connection whose key each person binds: none is bound on this machine (`synced`: its definition came with Settings Sync). */
  | { code: 'testing.keyNeeded'; name: string; synced?: boolean }
  /** A shared connection's file now sends its requests elsewhere than the host its key was bound for; the person did not agree to send it there. */
  | { code: 'testing.keyHostChanged'; name: string; from: string; to: string }
  | { code: 'testing.htmlNotList'; host: string; format: ModelListFormat }
  | { code: 'testing.notJsonNotList'; host: string; format: ModelListFormat }
  | { code: 'testing.notList'; host: string; format: ModelListFormat };

/** Codes a stored test result's message may have (older results held English text: see resultStore). */
export type TestingCode = TestingPlainMessage['code'] | ReferenceProblem<unknown>['code'];
