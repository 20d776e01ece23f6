/**
 * Gemini generateContent, streamed (`POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse`).
 *
 * Request: `contents` with roles `user` and `model` (consecutive messages of one role merged);
 * system messages as `systemInstruction`; tool calls as `functionCall` parts, tool results as
 * `functionResponse` parts (`response: { output }`, named after the call they answer); images as
 * `inlineData`; tools as one `functionDeclarations` list with the JSON Schema in
 * `parametersJsonSchema`; `toolConfig.functionCallingConfig.mode` AUTO or ANY; model options in
 * `generationConfig` (`max_tokens` -> `maxOutputTokens`, `top_p` -> `topP`, `top_k` -> `topK`,
 * `stop` -> `stopSequences`, other snake_case names in camelCase), except `safetySettings` and
 * `cachedContent`, which belong to the request itself.
 * Stream: each event a GenerateContentResponse: `candidates[0].content.parts` (`text`, whole
 * `functionCall`s; thought parts skipped), `finishReason`, `usageMetadata` (the last one counts),
 * `promptFeedback.blockReason`, or an `error` object.
 */
import { StreamProblem, providerErrorKind } from '../errors';
import type { ChatMessage, ChatRequest, ChatResponsePart } from '../types';
import { base64, count, dataKind, parseEventJson, plainTextOf, record, splitSystem, utf8, type SseEvent, type StreamParser } from './common';

export type GeminiPart = { text: string } | { inlineData: { mimeType: string; data: string } } | { functionCall: { name: string; args: Record<string, unknown> } } | { functionResponse: { name: string; response: { output: string } } };

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

/** Thrown when a tool result answers a call no earlier message made: Gemini needs the tool's name. */
export class UnknownToolCallError extends Error {
  constructor(readonly callId: string) {
    super(`A tool result answers the call ${callId}, which no earlier message made.`);
  }
}

const TOP_LEVEL_OPTIONS = new Set(['safetySettings', 'safety_settings', 'cachedContent', 'cached_content']);
const OPTION_NAMES: Record<string, string> = { max_tokens: 'maxOutputTokens', max_output_tokens: 'maxOutputTokens', stop: 'stopSequences' };
const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function toGeminiContents(messages: readonly ChatMessage[]): { systemInstruction: { parts: { text: string }[] } | undefined; contents: GeminiContent[] } {
  const names = new Map<string, string>();
  for (const message of messages) for (const part of message.content) if (part.type === 'toolCall') names.set(part.callId, part.name);
  const { system, turns } = splitSystem(messages);
  const contents: GeminiContent[] = [];
  for (const message of turns) {
    const parts = message.parts;
    const out: GeminiPart[] = [];
    for (const part of parts) {
      switch (part.type) {
        case 'text':
          out.push({ text: part.text });
          break;
        case 'data':
          out.push(dataKind(part) === 'image' ? { inlineData: { mimeType: part.mimeType, data: base64(part.bytes) } } : { text: utf8(part.bytes) });
          break;
        case 'toolCall':
          out.push({ functionCall: { name: part.name, args: part.input } });
          break;
        case 'toolResult': {
          const name = names.get(part.callId);
          if (name === undefined) throw new UnknownToolCallError(part.callId);
          out.push({ functionResponse: { name, response: { output: plainTextOf(part.content) } } });
          break;
        }
      }
    }
    if (out.length === 0) continue;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const previous = contents.at(-1);
    if (previous?.role === role) previous.parts.push(...out);
    else contents.push({ role, parts: out });
  }
  return { systemInstruction: system !== undefined ? { parts: [{ text: system }] } : undefined, contents };
}

export function geminiBody(request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const generationConfig: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request.modelOptions ?? {})) {
    if (value === undefined) continue;
    if (TOP_LEVEL_OPTIONS.has(key)) body[camel(key)] = value;
    else if (key === 'generationConfig' && record(value)) Object.assign(generationConfig, value);
    else generationConfig[OPTION_NAMES[key] ?? camel(key)] = key === 'stop' && typeof value === 'string' ? [value] : value;
  }
  const { systemInstruction, contents } = toGeminiContents(request.messages);
  body.contents = contents;
  if (systemInstruction) body.systemInstruction = systemInstruction;
  if (request.tools && request.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((t) => ({ name: t.name, description: t.description, ...(t.inputSchema ? { parametersJsonSchema: t.inputSchema } : {}) })),
      },
    ];
    body.toolConfig = { functionCallingConfig: { mode: request.toolMode === 'required' ? 'ANY' : 'AUTO' } };
  }
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

export class GeminiStreamParser implements StreamParser {
  private inputTokens: number | undefined;
  private outputTokens: number | undefined;
  private finished = false;
  private calls = 0;

  constructor(private readonly newCallId: (name: string, index: number) => string = defaultCallId) {}

  event(event: SseEvent, out: ChatResponsePart[]): void {
    const chunk = parseEventJson(event.data);
    const error = record(chunk.error);
    if (error) {
      throw new StreamProblem(providerErrorKind(error.status, error.code), { code: 'chat.stoppedWithError' }, typeof error.message === 'string' ? error.message : undefined);
    }
    const blocked = record(chunk.promptFeedback)?.blockReason;
    if (typeof blocked === 'string') throw new StreamProblem('badResponse', { code: 'chat.blocked', reason: blocked });
    const usage = record(chunk.usageMetadata);
    if (usage) this.countUsage(usage);
    const candidate = record(Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined);
    if (!candidate) return;
    const parts = record(candidate.content)?.parts;
    if (Array.isArray(parts)) for (const raw of parts) this.part(record(raw), out);
    if (typeof candidate.finishReason === 'string') this.finished = true;
  }

  /** Prompt tokens, and output tokens with the model's thinking counted in. */
  private countUsage(usage: Record<string, unknown>): void {
    this.inputTokens = count(usage.promptTokenCount) ?? this.inputTokens;
    const candidates = count(usage.candidatesTokenCount);
    const thoughts = count(usage.thoughtsTokenCount);
    if (candidates !== undefined || thoughts !== undefined) this.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  }

  /** One part of the answer: text, or a function call (thoughts are left out). */
  private part(part: Record<string, unknown> | undefined, out: ChatResponsePart[]): void {
    if (!part || part.thought === true) return;
    if (typeof part.text === 'string') {
      if (part.text !== '') out.push({ type: 'text', text: part.text });
      return;
    }
    const call = record(part.functionCall);
    if (!call) return;
    const name = typeof call.name === 'string' ? call.name : '';
    if (name === '') throw new StreamProblem('badResponse', { code: 'chat.functionCallNoName' });
    const args = call.args === undefined ? {} : record(call.args);
    if (!args) throw new StreamProblem('badResponse', { code: 'chat.toolArgsNotObject', tool: name });
    const callId = typeof call.id === 'string' && call.id !== '' ? call.id : this.newCallId(name, this.calls);
    this.calls++;
    out.push({ type: 'toolCall', callId, name, input: args });
  }

  end(out: ChatResponsePart[]): void {
    if (!this.finished) throw new StreamProblem('badResponse', { code: 'chat.endedEarly' });
    out.push({
      type: 'usage',
      ...(this.inputTokens !== undefined ? { inputTokens: this.inputTokens } : {}),
      ...(this.outputTokens !== undefined ? { outputTokens: this.outputTokens } : {}),
    });
  }
}

/** Gemini's calls carry no id unless the model gives one: ours are unique per call. */
function defaultCallId(name: string, index: number): string {
  return `${name}-${index}-${Math.random().toString(36).slice(2, 10)}`;
}
