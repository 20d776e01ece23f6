/**
 * Sends a chat request to a connection's provider and streams the answer back as response parts.
 *
 * The request is prepared exactly as a connection test is (`prepareRequest`: base URL, auth and
 * provider headers, references resolved, Entra ID tokens only for https Azure hosts) and sent by
 * `httpPostStream`, which follows redirects only within the origin, so no key reaches another
 * host. Every failure, before or during the stream, is thrown as one `ChatError` whose message is
 * scrubbed of every secret and resolved value; parts already yielded stay delivered.
 */
import type { Connection, SecretBag } from '../connection';
import { findProvider } from '../providers/catalog';
import { isReference } from '../references';
import type { Message } from '../messages';
import { capMessage, ConfigError, explainFailure, explainStatus, fieldLabel, httpPostStream, HttpStreamError, prepareRequest, providerText, quoteProvider, requestHost, resolveValue, type ExplainContext, type PrepareDependencies, type Prepared } from '../requests';
import { ChatError, StreamProblem } from './errors';
import { anthropicBody, AnthropicStreamParser } from './formats/anthropic';
import { offeredToolCallsOnly, type StreamParser } from './formats/common';
import { geminiBody, GeminiStreamParser, UnknownToolCallError } from './formats/gemini';
import { openAIChatBody, OpenAIStreamParser } from './formats/openai';
import { AZURE_OPENAI_APIS, chatRoute, type ChatRoute, type WireFormatId } from './routes';
import { SseReader } from './sse';
import type { ChatRequest, ChatResponsePart } from './types';

export type ChatConnection = Pick<Connection, 'providerId' | 'settings'> & { isActive?: boolean; alias?: string };

/** What a server says when it refuses the tools of a request (vLLM, llama.cpp, LiteLLM, Ollama, OpenAI). */
const TOOLS_REFUSED = /\btools?\b|tool_choice|function[ _-]?call|auto tool choice/i;

export interface ChatDependencies extends PrepareDependencies {
  /** How long to wait for the provider to start answering (its status and headers). */
  timeoutMs: number;
  /**
   * How long the answer may pause between two pieces; `timeoutMs` when not given. Reasoning
   * models can think silently for minutes after the headers (OpenAI's o-series sends nothing
   * meanwhile; Anthropic sends pings), so give chat a generous limit here.
   */
  idleTimeoutMs?: number;
  /** Cancels the request at once, before or during the answer. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** The most a streamed answer may hold (default 64 MB). */
  maxBytes?: number;
  /** Told the name of each tool call the answer made to a tool the request did not offer; the call itself is dropped. */
  onUnofferedToolCall?: (name: string) => void;
}

/** A chat request ready to send: where, with which headers, and the JSON body. The headers hold the credentials: never log them. */
export interface PreparedChat {
  format: WireFormatId;
  prepared: Prepared;
  body: string;
}

function bodyFor(format: WireFormatId, request: ChatRequest, route: Pick<ChatRoute, 'modelInBody'>): Record<string, unknown> {
  switch (format) {
    case 'openai':
      return openAIChatBody(request, { includeModel: route.modelInBody });
    case 'anthropic':
      return anthropicBody(request);
    case 'gemini':
      return geminiBody(request);
  }
}

function parserFor(format: WireFormatId): StreamParser {
  switch (format) {
    case 'openai':
      return new OpenAIStreamParser();
    case 'anthropic':
      return new AnthropicStreamParser();
    case 'gemini':
      return new GeminiStreamParser();
  }
}

/**
 * The URL, headers and body of a chat request, without sending it. Throws ChatError (kind
 * `config`) when the connection can't be used: disabled, no chat API, a setting or key missing.
 */
export async function prepareChat(connection: ChatConnection, secrets: SecretBag, request: ChatRequest, deps: PrepareDependencies): Promise<PreparedChat & { route: ChatRoute }> {
  // Before resolving, the secrets are literal keys or references; a reference is named in messages.
  const sensitive = Object.values(secrets).filter((value) => !isReference(value));
  if (connection.isActive === false) throw new ChatError('disabled', { code: 'chat.disabled' }, sensitive);
  const provider = findProvider(connection.providerId);
  // Azure's API version picks the route (and is sent in the query): a reference in it is resolved first.
  const apiVersion = connection.settings.apiVersion;
  if (AZURE_OPENAI_APIS.has(connection.providerId) && typeof apiVersion === 'string' && (isReference(apiVersion) || apiVersion.startsWith('$$'))) {
    try {
      // Asked about (if it must be) naming the host it goes to, as every value is.
      const host = provider?.test ? await requestHost(provider, provider.test, connection, deps, sensitive) : undefined;
      const resolved = await resolveValue(apiVersion, provider ? fieldLabel(provider, 'apiVersion') : 'API Version', deps, sensitive, host);
      connection = { ...connection, settings: { ...connection.settings, apiVersion: resolved } };
    } catch (error) {
      if (error instanceof ConfigError) throw new ChatError('config', capMessage(error.detail), []);
      throw error;
    }
  }
  const route = chatRoute(connection, request.model);
  if (!provider?.test || !route) throw new ChatError('config', provider ? { code: 'chat.noChatApi', provider: provider.displayName } : { code: 'chat.noChatApiUnknown' }, sensitive);
  if (request.model.trim() === '') throw new ChatError('config', { code: 'chat.noModel' }, sensitive);
  let prepared: Prepared;
  try {
    prepared = await prepareRequest(provider, provider.test, connection, secrets, deps, route.target);
  } catch (error) {
    if (error instanceof ConfigError) throw new ChatError('config', capMessage(error.detail), []);
    throw error;
  }
  // Every value resolved here (the API version) is scrubbed from what is reported, as those prepareRequest resolved.
  for (const value of sensitive) if (!prepared.sensitive.includes(value)) prepared.sensitive.push(value);
  prepared.headers.Accept = 'text/event-stream';
  prepared.headers['Content-Type'] = 'application/json';
  let body: string;
  try {
    body = JSON.stringify(bodyFor(route.format, request, route));
  } catch (error) {
    if (error instanceof UnknownToolCallError) throw new ChatError('config', { code: 'chat.unknownToolCall', callId: error.callId }, prepared.sensitive);
    throw error;
  }
  return { format: route.format, prepared, body, route };
}

/** A failure explained for the user, before it is scrubbed into a ChatError. */
type ChatFailure = { kind: ChatError['kind']; message: Message; status?: number; retryAfterSeconds?: number };
type StreamOutcome = Awaited<ReturnType<typeof httpPostStream>>;

/** The transport options the caller's dependencies ask for. */
function streamOptions(deps: ChatDependencies, prepared: Prepared): Parameters<typeof httpPostStream>[3] {
  const chosen = prepared.fetch ?? deps.fetch;
  return {
    timeoutMs: deps.timeoutMs,
    ...(deps.idleTimeoutMs !== undefined ? { idleTimeoutMs: deps.idleTimeoutMs } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(chosen ? { fetch: chosen } : {}),
    ...(deps.maxBytes !== undefined ? { maxBytes: deps.maxBytes } : {}),
  };
}

/** Why an answer that came back whole, not as a stream, is refused: the tools turned down, the status, or no body. */
function explainWholeAnswer(outcome: Extract<StreamOutcome, { streaming: false }>, connection: ChatConnection, request: ChatRequest, ctx: ExplainContext): ChatFailure {
  const host = ctx.prepared.where;
  if (outcome.status === 400 && request.tools?.length && TOOLS_REFUSED.test(providerText(outcome.body, outcome.contentType) ?? '')) {
    const model = request.model;
    return { kind: 'badResponse', status: 400, message: { code: 'chat.toolsRefused', host, model, override: `${connection.alias ?? model}/${model}`, ...quoteProvider(providerText(outcome.body, outcome.contentType), ctx) } };
  }
  const refused = explainStatus(outcome, outcome.body, ctx);
  return refused ?? { kind: 'badResponse', message: { code: 'chat.noBody', host } };
}

/** Why a 2xx answer is not an event stream (an HTML page or a JSON document), or undefined when it may be one. */
async function explainNotAStream(outcome: Extract<StreamOutcome, { streaming: true }>, ctx: ExplainContext): Promise<ChatFailure | undefined> {
  const host = ctx.prepared.where;
  const contentType = outcome.contentType.toLowerCase();
  if (contentType.includes('event-stream') || !(contentType.includes('html') || contentType.includes('json'))) return undefined;
  let text = '';
  for await (const chunk of outcome.chunks) if ((text += chunk).length > 64 * 1024) break;
  return {
    kind: 'badResponse',
    message: contentType.includes('html') ? { code: 'chat.htmlNotStream', host } : { code: 'chat.jsonNotStream', host, ...quoteProvider(providerText(text, contentType), ctx) },
  };
}

/** Explains a failure during the stream, or undefined for an error that is not the stream's. */
function explainStreamFailure(error: unknown, ctx: ExplainContext, idleSeconds: number): ChatFailure | undefined {
  const host = ctx.prepared.where;
  if (error instanceof StreamProblem) {
    const advice = error.kind === 'rateLimited' || error.kind === 'server' ? 'retry' : error.kind === 'badResponse' && !error.said ? 'checkUrl' : undefined;
    return { kind: error.kind, message: { ...error.problem, provider: ctx.provider.displayName, host, ...(advice ? { advice } : {}), ...quoteProvider(error.said, ctx) } };
  }
  if (error instanceof HttpStreamError) {
    switch (error.kind) {
      case 'cancelled':
        return { kind: 'cancelled', message: { code: 'chat.cancelled' } };
      case 'timeout':
        return { kind: 'timeout', message: { code: 'chat.streamSilent', host, seconds: idleSeconds } };
      case 'unreachable':
        return { kind: 'unreachable', message: { code: 'chat.streamBroke', host, reason: error.reason ?? { code: 'testing.netOther', detail: 'network error' } } };
      case 'badResponse':
        return { kind: 'badResponse', message: { code: 'chat.streamTooLarge', host, size: error.size ?? '' } };
    }
  }
  return undefined;
}

/**
 * Streams a chat answer: text as it arrives, each tool call once its arguments are complete (a
 * call to a tool the request did not offer is dropped), and the provider's token usage at the end. Throws ChatError on any failure; an error the provider
 * reports mid-stream is thrown after the parts that came before it.
 */
export async function* streamChat(connection: ChatConnection, secrets: SecretBag, request: ChatRequest, deps: ChatDependencies): AsyncGenerator<ChatResponsePart, void, undefined> {
  const { format, prepared, body } = await prepareChat(connection, secrets, request, deps);
  const provider = findProvider(connection.providerId)!;
  const ctx: ExplainContext = { provider, spec: provider.test!, prepared, timeoutMs: deps.timeoutMs, chat: { azure: AZURE_OPENAI_APIS.has(connection.providerId) } };
  const fail = (explained: ChatFailure) =>
    new ChatError(explained.kind, explained.message, prepared.sensitive, {
      ...(explained.status !== undefined ? { status: explained.status } : {}),
      ...(explained.retryAfterSeconds !== undefined ? { retryAfterSeconds: explained.retryAfterSeconds } : {}),
    });

  const outcome = await httpPostStream(prepared.url, prepared.headers, body, streamOptions(deps, prepared));
  if (!outcome.ok) throw fail(explainFailure(outcome, ctx));
  if (!outcome.streaming) throw fail(explainWholeAnswer(outcome, connection, request, ctx));
  const notAStream = await explainNotAStream(outcome, ctx);
  if (notAStream) throw fail(notAStream);

  // A tool call reaches the caller only when the request offered that tool.
  const offered = new Set((request.tools ?? []).map((tool) => tool.name));
  const parser = offeredToolCallsOnly(parserFor(format), offered, (name) => deps.onUnofferedToolCall?.(name));
  const out: ChatResponsePart[] = [];
  const reader = new SseReader((event) => parser.event(event, out));
  const idleSeconds = Math.round((deps.idleTimeoutMs ?? deps.timeoutMs) / 1000);
  try {
    for await (const chunk of outcome.chunks) {
      reader.feed(chunk);
      if (out.length > 0) {
        for (const part of out) yield part;
        out.length = 0;
      }
    }
    reader.end();
    if (!reader.sawEvent) throw new StreamProblem('badResponse', { code: 'chat.noEvents' });
    parser.end(out);
  } catch (error) {
    // Parts that came before the failure are delivered first.
    const before = out.splice(0);
    for (const part of before) yield part;
    const explained = explainStreamFailure(error, ctx, idleSeconds);
    if (explained) throw fail(explained);
    throw error;
  }
  for (const part of out) yield part;
}
