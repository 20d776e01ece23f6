/**
 * Anthropic Messages, streamed (`POST {base}/v1/messages` with `stream: true`).
 *
 * Request: system messages joined into the top-level `system`; `max_tokens` (required) from the
 * model options, else the request's `maxOutputTokens`, else 4,096; tool calls as `tool_use`
 * blocks and tool results as `tool_result` blocks (placed first in their user message, as the API
 * asks); images as base64 `image` blocks; tools with `input_schema`; `tool_choice` `{ type: 'auto' }`
 * or `{ type: 'any' }`; `stop` becomes `stop_sequences`, other model options pass through.
 * Stream: message_start (input tokens), content_block_start / content_block_delta (`text_delta`,
 * `input_json_delta` pieces) / content_block_stop, message_delta (stop reason, output tokens),
 * message_stop, ping, and `error` events, which may come after text was already sent.
 */
import { StreamProblem, providerErrorKind } from '../errors';
import type { ChatMessage, ChatRequest, ChatResponsePart } from '../types';
import { base64, count, dataKind, parseEventJson, parseToolInput, plainTextOf, record, splitSystem, translateOptions, utf8, type SseEvent, type StreamParser } from './common';

const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: { type: 'text'; text: string }[] };

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

export function toAnthropicMessages(messages: readonly ChatMessage[]): { system: string | undefined; messages: AnthropicMessage[] } {
  const { system, turns } = splitSystem(messages);
  const out: AnthropicMessage[] = [];
  for (const message of turns) {
    const parts = message.parts;
    const results: AnthropicBlock[] = [];
    const blocks: AnthropicBlock[] = [];
    for (const part of parts) {
      switch (part.type) {
        case 'text':
          blocks.push({ type: 'text', text: part.text });
          break;
        case 'data':
          blocks.push(dataKind(part) === 'image' ? { type: 'image', source: { type: 'base64', media_type: part.mimeType, data: base64(part.bytes) } } : { type: 'text', text: utf8(part.bytes) });
          break;
        case 'toolCall':
          blocks.push({ type: 'tool_use', id: part.callId, name: part.name, input: part.input });
          break;
        case 'toolResult': {
          const text = plainTextOf(part.content);
          results.push({ type: 'tool_result', tool_use_id: part.callId, content: text === '' ? [] : [{ type: 'text', text }] });
          break;
        }
      }
    }
    const content = [...results, ...blocks];
    if (content.length > 0) out.push({ role: message.role, content });
  }
  return { system, messages: out };
}

export function anthropicBody(request: ChatRequest): Record<string, unknown> {
  const body = translateOptions(request.modelOptions, { stop: 'stop_sequences' }, true);
  const { system, messages } = toAnthropicMessages(request.messages);
  body.model = request.model;
  body.max_tokens = count(body.max_tokens) ?? request.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  if (system !== undefined) body.system = system;
  else delete body.system;
  body.messages = messages;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema ?? { type: 'object', properties: {} } }));
    body.tool_choice = { type: request.toolMode === 'required' ? 'any' : 'auto' };
  } else {
    delete body.tools;
    delete body.tool_choice;
  }
  body.stream = true;
  return body;
}

interface Block {
  kind: 'text' | 'tool' | 'other';
  id: string;
  name: string;
  json: string[];
}

export class AnthropicStreamParser implements StreamParser {
  private readonly blocks = new Map<number, Block>();
  private inputTokens: number | undefined;
  private outputTokens: number | undefined;
  private stopped = false;

  event(event: SseEvent, out: ChatResponsePart[]): void {
    const data = parseEventJson(event.data);
    const type = typeof data.type === 'string' ? data.type : event.event;
    switch (type) {
      case 'message_start':
        return this.messageStart(data);
      case 'content_block_start':
        return this.blockStart(data, out);
      case 'content_block_delta':
        return this.blockDelta(data, out);
      case 'content_block_stop':
        return this.blockStop(data, out);
      case 'message_delta':
        return this.messageDelta(data);
      case 'message_stop':
        return this.messageStop(out);
      case 'error':
        return this.streamError(data);
      default:
        // ping, and event types added later
        return;
    }
  }

  /** Token counts the message starts with. */
  private messageStart(data: Record<string, unknown>): void {
    const usage = record(record(data.message)?.usage);
    this.inputTokens = count(usage?.input_tokens) ?? this.inputTokens;
    this.outputTokens = count(usage?.output_tokens) ?? this.outputTokens;
  }

  /** Opens a content block; a text block may already carry text. */
  private blockStart(data: Record<string, unknown>, out: ChatResponsePart[]): void {
    const block = record(data.content_block);
    const index = typeof data.index === 'number' ? data.index : this.blocks.size;
    if (block?.type === 'tool_use') {
      this.blocks.set(index, { kind: 'tool', id: String(block.id ?? ''), name: String(block.name ?? ''), json: [] });
    } else {
      this.blocks.set(index, { kind: block?.type === 'text' ? 'text' : 'other', id: '', name: '', json: [] });
      if (block?.type === 'text' && typeof block.text === 'string' && block.text !== '') out.push({ type: 'text', text: block.text });
    }
  }

  /** A piece of text, or a piece of a tool call's arguments. */
  private blockDelta(data: Record<string, unknown>, out: ChatResponsePart[]): void {
    const delta = record(data.delta);
    if (delta?.type === 'text_delta' && typeof delta.text === 'string') {
      if (delta.text !== '') out.push({ type: 'text', text: delta.text });
    } else if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
      const block = this.blocks.get(typeof data.index === 'number' ? data.index : -1);
      if (!block || block.kind !== 'tool') throw new StreamProblem('badResponse', { code: 'chat.toolArgsNotToolBlock' });
      block.json.push(delta.partial_json);
    }
  }

  /** Closes a content block; a finished tool block becomes a tool call. */
  private blockStop(data: Record<string, unknown>, out: ChatResponsePart[]): void {
    const index = typeof data.index === 'number' ? data.index : -1;
    const block = this.blocks.get(index);
    this.blocks.delete(index);
    if (block?.kind === 'tool') out.push({ type: 'toolCall', callId: block.id, name: block.name, input: parseToolInput(block.json.join(''), block.name) });
  }

  /** Token counts updated near the end of the message. */
  private messageDelta(data: Record<string, unknown>): void {
    const usage = record(data.usage);
    this.outputTokens = count(usage?.output_tokens) ?? this.outputTokens;
    this.inputTokens = count(usage?.input_tokens) ?? this.inputTokens;
  }

  /** The message is complete: report the token counts seen. */
  private messageStop(out: ChatResponsePart[]): void {
    this.stopped = true;
    out.push({
      type: 'usage',
      ...(this.inputTokens !== undefined ? { inputTokens: this.inputTokens } : {}),
      ...(this.outputTokens !== undefined ? { outputTokens: this.outputTokens } : {}),
    });
  }

  /** The server stopped the stream with an error. */
  private streamError(data: Record<string, unknown>): never {
    const error = record(data.error);
    throw new StreamProblem(providerErrorKind(error?.type), { code: 'chat.stoppedWithError' }, typeof error?.message === 'string' ? error.message : undefined);
  }

  end(): void {
    if (!this.stopped) throw new StreamProblem('badResponse', { code: 'chat.endedEarly' });
  }
}
