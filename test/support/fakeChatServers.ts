/**
 * Local servers that speak each provider's streaming chat API: the real paths, the exact auth
 * headers (checked as the model-list fakes check them), the documented request shape (read back
 * with chatWire.ts; anything else is refused with a 400 in the provider's error format), and
 * transcripts shaped like the providers' documented streams.
 *
 * Usage as these servers count it: input tokens are OpenAI's o200k tokens of all the text the
 * request's messages carry (system, user and assistant text and tool results, joined by line
 * breaks; no per-message overhead, tools and images not counted); output tokens are o200k tokens
 * of the reply text plus the JSON arguments of its tool calls.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocally } from './localServer';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { anthropicRequestToChat, geminiRequestToChat, openAIRequestToChat, requestText, ShapeError, type WireRequest } from './chatWire';
import { refuse, type FakeProviderOptions } from './fakeProviders';

export type ChatKind = 'openai' | 'azure' | 'anthropic' | 'gemini' | 'mistral' | 'ollama';

/**
 * What the server does with the next requests:
 * - `ok`: streams the reply, then usage and the end of the stream;
 * - `midError`: streams the first `errorAfter` text chunks, then the provider's error event;
 * - `429`: Too Many Requests with `Retry-After: 7`; `500`: a server error; `html`: a web page;
 * - `stallBeforeHeaders`: never answers; `stall`: streams the first text chunk, then nothing;
 * - `drip`: one text chunk every `dripMs` forever (for cancelling mid-stream);
 * - `cut`: streams the first text chunk, then ends the response without finishing the answer.
 */
/** `refuseTools`: a request with tools gets vLLM's 400 for a server started without tool calling. */
export type ChatBehaviour = 'ok' | 'midError' | '429' | '500' | 'html' | 'stallBeforeHeaders' | 'stall' | 'drip' | 'cut' | 'refuseTools';

export interface ToolCallScript {
  id: string;
  name: string;
  /** The JSON arguments in the pieces they are streamed in (Gemini sends them whole). */
  argPieces: string[];
}

export interface ReplyScript {
  text: string[];
  toolCalls?: ToolCallScript[];
}

export interface RecordedChat {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The body as sent. */
  raw: string;
  body: Record<string, unknown>;
  /** The body read back into chat types (undefined when the shape was refused). */
  parsed?: WireRequest;
}

export interface FakeChatServer {
  kind: ChatKind;
  origin: string;
  /** The base URL to put in the connection (OpenAI's includes /v1, as its real base does). */
  baseUrl: string;
  behaviour: ChatBehaviour;
  reply: ReplyScript;
  errorAfter: number;
  dripMs: number;
  requests: RecordedChat[];
  /** When each response's connection closed (performance.now()), in request order. */
  closedAt: number[];
  /** Usage reported for the last answered request. */
  lastUsage: { input: number; output: number } | undefined;
  close(): Promise<void>;
}

export interface FakeChatOptions extends FakeProviderOptions {
  /** Models (Azure: deployments) that exist; others get the provider's 404. */
  models?: string[];
}

const DEFAULT_MODELS: Record<ChatKind, string[]> = {
  openai: ['gpt-4o', 'gpt-4o-mini'],
  azure: ['gpt-4o'],
  anthropic: ['claude-sonnet-4-20250514'],
  gemini: ['gemini-2.0-flash'],
  mistral: ['mistral-large-latest'],
  ollama: ['llama3.2:latest'],
};

export const DEFAULT_REPLY: ReplyScript = { text: ['Hel', 'lo', ', wor', 'ld!'] };

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** The provider's error body for a status, in its own format. */
function errorBody(kind: ChatKind, status: number, message: string): unknown {
  switch (kind) {
    case 'anthropic': {
      const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error';
      return { type: 'error', error: { type, message } };
    }
    case 'gemini': {
      const s = status === 400 ? 'INVALID_ARGUMENT' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL';
      return { error: { code: status, message, status: s } };
    }
    default: {
      const type = status === 400 || status === 404 ? 'invalid_request_error' : status === 429 ? 'requests' : 'server_error';
      return { error: { message, type, param: null, code: status === 404 ? 'model_not_found' : status === 429 ? 'rate_limit_exceeded' : null } };
    }
  }
}

interface Route {
  format: 'openai' | 'anthropic' | 'gemini';
  model: string | undefined;
}

/** The request's route, or a refusal (status and message). */
function route(kind: ChatKind, url: URL, options: FakeChatOptions): Route | { status: number; message: string } {
  const path = url.pathname;
  switch (kind) {
    case 'openai':
    case 'mistral':
    case 'ollama':
      return path === '/v1/chat/completions' ? { format: 'openai', model: undefined } : { status: 404, message: `Unknown path ${path}` };
    case 'azure': {
      const version = url.searchParams.get('api-version');
      if (path === '/openai/v1/chat/completions') {
        if (version !== null && version !== 'preview') return { status: 400, message: `API version ${version} is not supported on the v1 API` };
        return { format: 'openai', model: undefined };
      }
      const match = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
      if (!match) return { status: 404, message: 'Resource not found' };
      if (version !== (options.apiVersion ?? '2024-10-21')) return { status: 404, message: 'Resource not found' };
      return { format: 'openai', model: decodeURIComponent(match[1]!) };
    }
    case 'anthropic':
      return path === '/v1/messages' ? { format: 'anthropic', model: undefined } : { status: 404, message: `Unknown path ${path}` };
    case 'gemini': {
      const match = /^\/v1beta\/models\/([^/:]+):streamGenerateContent$/.exec(path);
      if (!match) return { status: 404, message: `Unknown path ${path}` };
      if (url.searchParams.get('alt') !== 'sse') return { status: 400, message: 'This test server only streams with alt=sse' };
      return { format: 'gemini', model: decodeURIComponent(match[1]!) };
    }
  }
}

// ---- transcripts ---------------------------------------------------------------------------

type Event = string;
const sse = (data: unknown, event?: string, eol = '\n') => `${event ? `event: ${event}${eol}` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}${eol}${eol}`;

interface Transcript {
  /** Events up to and including the last text chunk. */
  text: Event[];
  /** Tool calls, usage and the end of the stream. */
  rest: Event[];
  error: Event;
}

function openAITranscript(model: string, reply: ReplyScript, usage: { input: number; output: number }): Transcript {
  const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1731024000, model, system_fingerprint: 'fp_test' };
  const chunk = (delta: unknown, finish: string | null = null) => sse({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const text = [chunk({ role: 'assistant', content: '', refusal: null }), ...reply.text.map((t) => chunk({ content: t }))];
  const rest: Event[] = [];
  (reply.toolCalls ?? []).forEach((call, index) => {
    rest.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of call.argPieces) rest.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  rest.push(chunk({}, reply.toolCalls?.length ? 'tool_calls' : 'stop'));
  rest.push(sse({ ...base, choices: [], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } }));
  rest.push(sse('[DONE]'));
  const error = sse({ error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } });
  return { text, rest, error };
}

function anthropicTranscript(model: string, reply: ReplyScript, usage: { input: number; output: number }): Transcript {
  const text = [
    sse({ type: 'message_start', message: { id: 'msg_test', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 1 } } }, 'message_start'),
    sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
    sse({ type: 'ping' }, 'ping'),
    ...reply.text.map((t) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } }, 'content_block_delta')),
  ];
  const rest: Event[] = [sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop')];
  (reply.toolCalls ?? []).forEach((call, i) => {
    const index = i + 1;
    rest.push(sse({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }, 'content_block_start'));
    rest.push(sse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }, 'content_block_delta'));
    for (const piece of call.argPieces) rest.push(sse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }, 'content_block_delta'));
    rest.push(sse({ type: 'content_block_stop', index }, 'content_block_stop'));
  });
  rest.push(sse({ type: 'message_delta', delta: { stop_reason: reply.toolCalls?.length ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output } }, 'message_delta'));
  rest.push(sse({ type: 'message_stop' }, 'message_stop'));
  const error = sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error');
  return { text, rest, error };
}

function geminiTranscript(model: string, reply: ReplyScript, usage: { input: number; output: number }): Transcript {
  // Gemini ends its events with CRLF pairs.
  const event = (parts: unknown[], extra: Record<string, unknown> = {}) => sse({ candidates: [{ content: { parts, role: 'model' }, index: 0, ...extra }], modelVersion: model, responseId: 'resp-test' }, undefined, '\r\n');
  const text = reply.text.map((t) => event([{ text: t }]));
  const calls = (reply.toolCalls ?? []).map((c) => ({ functionCall: { name: c.name, args: JSON.parse(c.argPieces.join('')) } }));
  const rest = [
    sse(
      {
        candidates: [{ content: { parts: calls.length > 0 ? calls : [{ text: '' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: usage.input, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.output },
        modelVersion: model,
        responseId: 'resp-test',
      },
      undefined,
      '\r\n',
    ),
  ];
  const error = sse({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } }, undefined, '\r\n');
  return { text, rest, error };
}

// ---- the server ----------------------------------------------------------------------------

type Usage = { input: number; output: number };
type Format = Route['format'];

const READERS: Record<Format, (body: unknown) => WireRequest> = { openai: openAIRequestToChat, anthropic: anthropicRequestToChat, gemini: geminiRequestToChat };
const TRANSCRIPTS: Record<Format, (model: string, reply: ReplyScript, usage: Usage) => Transcript> = { openai: openAITranscript, anthropic: anthropicTranscript, gemini: geminiTranscript };
/** Where a one-chunk transcript has its text chunk. */
const TEXT_CHUNK_AT: Record<Format, number> = { openai: 1, anthropic: 3, gemini: 0 };

/** A response that is not a stream: status, body and headers. */
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const answer = (res: ServerResponse, a: Answer) => sendJson(res, a.status, a.body, a.headers);

function parseBody(raw: string): Record<string, unknown> {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {}; // refused when its shape is read
  }
}

/** The request's route, or its refusal: the method, the path, the auth and the content type. */
function admit(kind: ChatKind, req: IncomingMessage, url: URL, options: FakeChatOptions): Route | Answer {
  if (req.method !== 'POST') return { status: 405, body: errorBody(kind, 405, 'Method not allowed') };
  const where = route(kind, url, options);
  if ('status' in where) return { status: where.status, body: errorBody(kind, where.status, where.message) };
  // Auth exactly as the model-list fakes check it (Azure's API version is checked above).
  const authUrl = new URL(url);
  if (kind === 'azure') authUrl.searchParams.set('api-version', options.apiVersion ?? '2024-10-21');
  const refusal = refuse(kind === 'ollama' ? 'ollama' : kind, req, authUrl, options);
  if (refusal) return refusal;
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return { status: 400, body: errorBody(kind, 400, 'Content-Type must be application/json') };
  return where;
}

/** The body read back in its format, or the 400 for a shape the provider refuses. */
function readRequest(kind: ChatKind, format: Format, body: unknown): WireRequest | Answer {
  try {
    return READERS[format](body);
  } catch (error) {
    if (error instanceof ShapeError || error instanceof SyntaxError) return { status: 400, body: errorBody(kind, 400, `Invalid request: ${error.message}`) };
    throw error;
  }
}

function modelNotFoundMessage(kind: ChatKind, model: string): string {
  switch (kind) {
    case 'azure':
      return 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';
    case 'anthropic':
      return `model: ${model}`;
    case 'gemini':
      return `models/${model} is not found for API version v1beta, or is not supported for generateContent.`;
    default:
      return `The model \`${model}\` does not exist or you do not have access to it.`;
  }
}

/** Answers the behaviours that don't stream; false when the request is to be streamed. */
function answeredWithoutStream(kind: ChatKind, behaviour: ChatBehaviour, body: Record<string, unknown>, res: ServerResponse): boolean {
  switch (behaviour) {
    case '429':
      sendJson(res, 429, errorBody(kind, 429, 'Rate limit reached for requests. Please try again in 7s.'), { 'retry-after': '7' });
      return true;
    case '500':
      sendJson(res, 500, errorBody(kind, 500, 'The server had an error while processing your request.'));
      return true;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>');
      return true;
    case 'refuseTools':
      if (!Array.isArray(body.tools) || body.tools.length === 0) return false;
      // vLLM's error shape: the message at the top level.
      sendJson(res, 400, { object: 'error', message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', type: 'BadRequestError', param: null, code: 400 });
      return true;
    default:
      return false;
  }
}

interface Stream {
  behaviour: ChatBehaviour;
  transcript: Transcript;
  reply: ReplyScript;
  errorAfter: number;
  dripMs: number;
  /** The event for one more text chunk (for `drip`). */
  textEvent: (text: string) => Event;
}

/** Writes the transcript as the behaviour says, after the headers. */
function stream(res: ServerResponse, s: Stream): void {
  const textEvents = s.transcript.text;
  // The events before the first text chunk.
  const beforeText = textEvents.length - s.reply.text.length;
  switch (s.behaviour) {
    case 'ok':
    case 'refuseTools':
      for (const event of [...textEvents, ...s.transcript.rest]) res.write(event);
      res.end();
      return;
    case 'midError': {
      // the text before the error: all events before the (errorAfter)th text chunk's end
      for (const event of textEvents.slice(0, beforeText + s.errorAfter)) res.write(event);
      res.write(s.transcript.error);
      res.end();
      return;
    }
    case 'stall':
      for (const event of textEvents.slice(0, beforeText + 1)) res.write(event);
      return; // never another byte
    case 'cut':
      for (const event of textEvents.slice(0, beforeText + 1)) res.write(event);
      res.end();
      return;
    case 'drip': {
      for (const event of textEvents.slice(0, beforeText)) res.write(event);
      let i = 0;
      const timer = setInterval(() => res.write(s.textEvent(`tick ${i++} `)), s.dripMs);
      res.on('close', () => clearInterval(timer));
      return;
    }
    default:
      return;
  }
}

export async function startFakeChat(kind: ChatKind, options: FakeChatOptions = {}): Promise<FakeChatServer> {
  const models = options.models ?? DEFAULT_MODELS[kind];
  const state = {
    behaviour: 'ok' as ChatBehaviour,
    reply: DEFAULT_REPLY,
    errorAfter: 2,
    dripMs: 20,
    requests: [] as RecordedChat[],
    closedAt: [] as number[],
    lastUsage: undefined as Usage | undefined,
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = parseBody(raw);
    const recorded: RecordedChat = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body };
    state.requests.push(recorded);
    const closedIndex = state.requests.length - 1;
    res.on('close', () => (state.closedAt[closedIndex] = performance.now()));
    if (state.behaviour === 'stallBeforeHeaders') return;
    const where = admit(kind, req, url, options);
    if ('status' in where) return answer(res, where);
    const parsed = readRequest(kind, where.format, body);
    if ('status' in parsed) return answer(res, parsed);
    recorded.parsed = parsed;
    const model = where.model ?? parsed.model;
    if (model === undefined) return sendJson(res, 400, errorBody(kind, 400, 'model is required'));
    if (!models.includes(model)) return sendJson(res, 404, errorBody(kind, 404, modelNotFoundMessage(kind, model)));
    if (answeredWithoutStream(kind, state.behaviour, body, res)) return;
    const reply = state.reply;
    const output = countTokens(reply.text.join('') + (reply.toolCalls ?? []).map((c) => c.argPieces.join('')).join(''));
    const usage = { input: countTokens(requestText(parsed.messages)), output };
    state.lastUsage = usage;
    const transcriptOf = TRANSCRIPTS[where.format];
    const transcript = transcriptOf(model, reply, usage);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    stream(res, {
      behaviour: state.behaviour,
      transcript,
      reply,
      errorAfter: state.errorAfter,
      dripMs: state.dripMs,
      textEvent: (t) => transcriptOf(model, { text: [t] }, usage).text[TEXT_CHUNK_AT[where.format]]!,
    });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  const listening = await listenLocally(server);
  const origin = listening.origin;
  return {
    kind,
    origin,
    baseUrl: kind === 'openai' ? `${origin}/v1` : origin,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value: ChatBehaviour) {
      state.behaviour = value;
    },
    get reply() {
      return state.reply;
    },
    set reply(value: ReplyScript) {
      state.reply = value;
    },
    get errorAfter() {
      return state.errorAfter;
    },
    set errorAfter(value: number) {
      state.errorAfter = value;
    },
    get dripMs() {
      return state.dripMs;
    },
    set dripMs(value: number) {
      state.dripMs = value;
    },
    requests: state.requests,
    closedAt: state.closedAt,
    get lastUsage() {
      return state.lastUsage;
    },
    close: listening.close,
  };
}

/** The settings of a connection that points at a fake (Azure: the classic deployments API). */
export function chatSettings(server: FakeChatServer, extra: Record<string, unknown> = {}): Record<string, unknown> {
  switch (server.kind) {
    case 'azure':
      return { endpoint: server.origin, apiVersion: '2024-10-21', authMode: 'key', ...extra };
    default:
      return { baseUrl: server.baseUrl, ...extra };
  }
}

export const PROVIDER_OF: Record<ChatKind, string> = {
  openai: 'openai',
  azure: 'azure-openai',
  anthropic: 'anthropic',
  gemini: 'google-gemini',
  mistral: 'mistral',
  ollama: 'ollama',
};
