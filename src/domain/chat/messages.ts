/**
 * What chat requests tell the user (see src/domain/messages.ts). A failed request's explanation
 * is the request's (src/domain/requests/messages.ts: `testing.*`, and `chat.*` where chat words it
 * differently); these are what only chat says, and what only a streamed answer can go wrong with.
 * Server text is a parameter, scrubbed before it is set.
 */
import type { NetworkReason, ProviderSaid, RequestChatMessage } from '../requests/messages';

type Quoted = { quote?: ProviderSaid };

/** What went wrong in a stream, as the provider did it (the message names the provider and host). */
export type StreamProblemDetail =
  | { code: 'chat.toolArgsNotToolBlock' }
  | { code: 'chat.stoppedWithError' }
  | { code: 'chat.endedEarly' }
  | { code: 'chat.toolArgsNotJson'; tool: string }
  | { code: 'chat.toolArgsNotObject'; tool: string }
  | { code: 'chat.eventNotObject' }
  | { code: 'chat.blocked'; reason: string }
  | { code: 'chat.functionCallNoName' }
  | { code: 'chat.toolCallNoName' }
  | { code: 'chat.eventTooLong'; size: string }
  | { code: 'chat.noEvents' };

/** Where a stream problem happened, and what to do: try again later, or check the URL. */
export type StreamAt = { provider: string; host: string; advice?: 'retry' | 'checkUrl' } & Quoted;

export type ChatMessage =
  | RequestChatMessage
  | (StreamProblemDetail & StreamAt)
  | { code: 'chat.disabled' }
  | { code: 'chat.noChatApi'; provider: string }
  | { code: 'chat.noChatApiUnknown' }
  | { code: 'chat.noModel' }
  | { code: 'chat.unknownToolCall'; callId: string }
  | { code: 'chat.noBody'; host: string }
  | { code: 'chat.htmlNotStream'; host: string }
  | ({ code: 'chat.jsonNotStream'; host: string } & Quoted)
  | ({ code: 'chat.toolsRefused'; host: string; model: string; override: string } & Quoted)
  | { code: 'chat.streamSilent'; host: string; seconds: number }
  | { code: 'chat.streamBroke'; host: string; reason: NetworkReason }
  | { code: 'chat.streamTooLarge'; host: string; size: string }
  /** A model in VS Code's model picker: its connection and scope. */
  | { code: 'chat.modelDetail'; connection: string; scope: 'global' | 'workspace' }
  | { code: 'chat.modelTooltip'; model: string; connection: string; alias: string; scope: 'global' | 'workspace'; source: 'provider' | 'table' | 'default'; overridden?: boolean }
  /** A model setting as typed (see overrides.ts): a token limit that is not one, and changes that can't be written. */
  | TokenCountProblem
  | { code: 'chat.overrideInvalid' }
  | { code: 'chat.overridesNotObject' }
  | { code: 'chat.settingsWriteFailed'; reason: string };

/** A token limit as typed that is not one (the model settings' token fields). */
export type TokenCountProblem = { code: 'chat.tokensNotNumber'; text: string } | { code: 'chat.tokensTooSmall' } | { code: 'chat.tokensTooLarge'; max: number };
