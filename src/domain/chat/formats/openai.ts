/**
 * OpenAI Chat Completions, streamed (`POST …/chat/completions` with `stream: true`): OpenAI,
 * Azure OpenAI, Mistral, Ollama's `/v1` API and OpenAI-compatible servers.
 *
 * Request: system messages as `role: 'system'`; tool results as `role: 'tool'` messages with
 * `tool_call_id`, placed before the rest of their user message; images as `image_url` data URLs;
 * tools as `{ type: 'function', function: { name, description, parameters } }` with `tool_choice`
 * 'auto' or 'required'; model options passed through as they are.
 * Stream: `data:` chunks with `choices[0].delta` (`content`, `refusal`, `tool_calls` whose
 * `function.arguments` arrive in pieces, keyed by `index`), `finish_reason`, a last chunk with
 * `usage` (asked for with `stream_options.include_usage`), an `error` object, and `[DONE]`.
 */
import { StreamProblem, providerErrorKind } from '../errors';
import type { ChatMessage, ChatRequest, ChatResponsePart } from '../types';
import { base64, count, dataKind, parseEventJson, parseToolInput, plainTextOf, record, sendable, utf8, type SseEvent, type StreamParser } from './common';

export type OpenAIMessage = { role: 'system'; content: string } | { role: 'user'; content: string | OpenAIContentPart[] } | { role: 'assistant'; content: string | null; tool_calls?: OpenAIToolCall[] } | { role: 'tool'; tool_call_id: string; content: string };

export type OpenAIContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export function toOpenAIMessages(messages: readonly ChatMessage[]): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  for (const message of messages) {
    const parts = sendable(message.content);
    if (message.role === 'system') {
      const text = plainTextOf(parts);
      if (text !== '') out.push({ role: 'system', content: text });
      continue;
    }
    if (message.role === 'assistant') {
      const text = plainTextOf(parts);
      const calls: OpenAIToolCall[] = [];
      for (const part of parts) {
        if (part.type === 'toolCall') calls.push({ id: part.callId, type: 'function', function: { name: part.name, arguments: JSON.stringify(part.input) } });
      }
      if (text === '' && calls.length === 0) continue;
      out.push(calls.length > 0 ? { role: 'assistant', content: text === '' ? null : text, tool_calls: calls } : { role: 'assistant', content: text });
      continue;
    }
    const content: OpenAIContentPart[] = [];
    for (const part of parts) {
      if (part.type === 'toolResult') out.push({ role: 'tool', tool_call_id: part.callId, content: plainTextOf(part.content) });
      else if (part.type === 'text') content.push({ type: 'text', text: part.text });
      else if (part.type === 'data') {
        content.push(dataKind(part) === 'image' ? { type: 'image_url', image_url: { url: `data:${part.mimeType};base64,${base64(part.bytes)}` } } : { type: 'text', text: utf8(part.bytes) });
      }
    }
    if (content.length === 0) continue;
    // Text alone goes as a string: every OpenAI-compatible server reads that; parts only when there is an image.
    const textOnly = content.every((c) => c.type === 'text');
    out.push({ role: 'user', content: textOnly ? content.map((c) => (c as { text: string }).text).join('') : content });
  }
  return out;
}

/** The request body. `model` is left out for Azure's deployment URLs, which name the model. */
export function openAIChatBody(request: ChatRequest, options: { includeModel: boolean }): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request.modelOptions };
  if (options.includeModel) body.model = request.model;
  else delete body.model;
  body.messages = toOpenAIMessages(request.messages);
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.inputSchema ?? { type: 'object', properties: {} } },
    }));
    body.tool_choice = request.toolMode === 'required' ? 'required' : 'auto';
  } else {
    delete body.tools;
    delete body.tool_choice;
  }
  body.stream = true;
  body.stream_options = { include_usage: true };
  return body;
}

interface PendingCall {
  id: string;
  name: string;
  args: string[];
}

export class OpenAIStreamParser implements StreamParser {
  private readonly calls = new Map<number, PendingCall>();
  private finished = false;
  private done = false;

  event(event: SseEvent, out: ChatResponsePart[]): void {
    if (event.data === '[DONE]') {
      this.flushCalls(out);
      this.done = true;
      return;
    }
    const chunk = parseEventJson(event.data);
    const error = record(chunk.error);
    if (error) {
      throw new StreamProblem(providerErrorKind(error.type, error.code), { code: 'chat.stoppedWithError' }, typeof error.message === 'string' ? error.message : undefined);
    }
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = record(choices[0]);
    const delta = record(choice?.delta);
    if (delta) {
      if (typeof delta.content === 'string' && delta.content !== '') out.push({ type: 'text', text: delta.content });
      if (typeof delta.refusal === 'string' && delta.refusal !== '') out.push({ type: 'text', text: delta.refusal });
      if (Array.isArray(delta.tool_calls)) for (const raw of delta.tool_calls) this.addCallPiece(raw);
    }
    if (choice && typeof choice.finish_reason === 'string') {
      this.flushCalls(out);
      this.finished = true;
    }
    const usage = record(chunk.usage);
    if (usage) {
      const inputTokens = count(usage.prompt_tokens);
      const outputTokens = count(usage.completion_tokens);
      out.push({ type: 'usage', ...(inputTokens !== undefined ? { inputTokens } : {}), ...(outputTokens !== undefined ? { outputTokens } : {}) });
    }
  }

  end(out: ChatResponsePart[]): void {
    if (!this.finished && !this.done) throw new StreamProblem('badResponse', { code: 'chat.endedEarly' });
    this.flushCalls(out);
  }

  private addCallPiece(raw: unknown): void {
    const piece = record(raw);
    if (!piece) return;
    const index = typeof piece.index === 'number' ? piece.index : this.calls.size;
    const fn = record(piece.function);
    let call = this.calls.get(index);
    if (!call) {
      call = { id: '', name: '', args: [] };
      this.calls.set(index, call);
    }
    if (typeof piece.id === 'string' && piece.id !== '') call.id = piece.id;
    if (typeof fn?.name === 'string' && fn.name !== '') call.name = fn.name;
    if (typeof fn?.arguments === 'string') call.args.push(fn.arguments);
    else if (record(fn?.arguments)) call.args.push(JSON.stringify(fn!.arguments));
  }

  private flushCalls(out: ChatResponsePart[]): void {
    const indexes = [...this.calls.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      const call = this.calls.get(index)!;
      if (call.name === '') throw new StreamProblem('badResponse', { code: 'chat.toolCallNoName' });
      out.push({ type: 'toolCall', callId: call.id || `call_${index}`, name: call.name, input: parseToolInput(call.args.join(''), call.name) });
    }
    this.calls.clear();
  }
}
