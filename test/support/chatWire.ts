/**
 * Each wire format's request read back into the chat types: what the fake servers use to check
 * that a request has the documented shape (anything else is refused with a 400, as the real
 * services refuse it), and what the conversion tests use to go both ways.
 */
import type { ChatMessage, ChatPart, ChatTextPart, ChatTool, ChatToolMode } from '../../src/domain/chat/types';

export interface WireRequest {
  model?: string;
  messages: ChatMessage[];
  tools: ChatTool[];
  toolMode?: ChatToolMode;
  /** Everything else in the body (OpenAI, Anthropic) or in generationConfig (Gemini). */
  options: Record<string, unknown>;
}

export class ShapeError extends Error {}

const fail = (why: string): never => {
  throw new ShapeError(why);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, what: string): string => (typeof v === 'string' ? v : fail(`${what} must be a string`));
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const text = (t: string): ChatTextPart => ({ type: 'text', text: t });

// ---- OpenAI Chat Completions -------------------------------------------------------------

export function openAIRequestToChat(body: unknown): WireRequest {
  if (!isObject(body)) return fail('body must be an object');
  if (body.stream !== true) fail('stream must be true');
  if (!isObject(body.stream_options) || body.stream_options.include_usage !== true) fail('stream_options.include_usage must be true');
  if (!Array.isArray(body.messages) || body.messages.length === 0) fail('messages must be a non-empty array');
  const messages = openAIMessages(body.messages as unknown[]);
  const tools = body.tools === undefined ? [] : openAITools(body);
  const { model, messages: _m, stream: _s, stream_options: _so, tools: _t, tool_choice: _tc, ...options } = body;
  return { ...(typeof model === 'string' ? { model } : {}), messages, tools, ...(body.tools ? { toolMode: body.tool_choice as ChatToolMode } : {}), options };
}

/** The messages; tool results (their own `tool` messages) join the next user message, or make one. */
function openAIMessages(raws: unknown[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let pendingResults: ChatPart[] = [];
  const flushResults = () => {
    if (pendingResults.length > 0) messages.push({ role: 'user', content: pendingResults });
    pendingResults = [];
  };
  for (const raw of raws) {
    if (!isObject(raw)) fail('each message must be an object');
    const m = raw as Record<string, unknown>;
    if (m.role === 'tool') {
      pendingResults.push({ type: 'toolResult', callId: str(m.tool_call_id, 'tool_call_id'), content: [text(str(m.content, 'tool content'))] });
      continue;
    }
    if (m.role === 'user') {
      const parts = [...pendingResults, ...openAIUserParts(m.content)];
      pendingResults = [];
      messages.push({ role: 'user', content: parts });
      continue;
    }
    flushResults();
    if (m.role === 'system') messages.push({ role: 'system', content: [text(str(m.content, 'system content'))] });
    else if (m.role === 'assistant') messages.push({ role: 'assistant', content: openAIAssistantParts(m) });
    else fail(`unknown role ${String(m.role)}`);
  }
  flushResults();
  return messages;
}

function openAIUserParts(content: unknown): ChatPart[] {
  if (typeof content === 'string') return [text(content)];
  if (!Array.isArray(content)) return fail('user content must be a string or an array');
  return (content as unknown[]).map(openAIContentPart);
}

function openAIContentPart(c: unknown): ChatPart {
  if (!isObject(c)) fail('content parts must be objects');
  const part = c as Record<string, unknown>;
  if (part.type === 'text') return text(str(part.text, 'text'));
  if (part.type !== 'image_url' || !isObject(part.image_url)) return fail(`unknown content part type ${String(part.type)}`);
  const match = /^data:([^;]+);base64,(.*)$/.exec(str(part.image_url.url, 'image_url.url'));
  if (!match) fail('image_url.url must be a data URL');
  return { type: 'data', mimeType: match![1]!, bytes: bytes(match![2]!) };
}

function openAIAssistantParts(m: Record<string, unknown>): ChatPart[] {
  const parts: ChatPart[] = [];
  if (typeof m.content === 'string') parts.push(text(m.content));
  else if (m.content !== null && m.content !== undefined) fail('assistant content must be a string or null');
  if (m.tool_calls === undefined) return parts;
  if (!Array.isArray(m.tool_calls) || m.tool_calls.length === 0) fail('tool_calls must be a non-empty array');
  for (const c of m.tool_calls as unknown[]) {
    if (!isObject(c) || c.type !== 'function' || !isObject(c.function)) fail('tool_calls entries must be { type: "function", function }');
    const call = c as { id: unknown; function: Record<string, unknown> };
    parts.push({ type: 'toolCall', callId: str(call.id, 'tool call id'), name: str(call.function.name, 'function.name'), input: JSON.parse(str(call.function.arguments, 'function.arguments')) });
  }
  return parts;
}

function openAITools(body: Record<string, unknown>): ChatTool[] {
  if (!Array.isArray(body.tools) || body.tools.length === 0) fail('tools must be a non-empty array when present');
  const tools: ChatTool[] = [];
  for (const t of body.tools as unknown[]) {
    if (!isObject(t) || t.type !== 'function' || !isObject(t.function)) fail('tools entries must be { type: "function", function }');
    const fn = (t as { function: Record<string, unknown> }).function;
    tools.push({ name: str(fn.name, 'function.name'), description: str(fn.description, 'function.description'), inputSchema: fn.parameters as object });
  }
  if (body.tool_choice !== 'auto' && body.tool_choice !== 'required') fail('tool_choice must be auto or required');
  return tools;
}

// ---- Anthropic Messages ------------------------------------------------------------------

export function anthropicRequestToChat(body: unknown): WireRequest {
  if (!isObject(body)) return fail('body must be an object');
  if (body.stream !== true) fail('stream must be true');
  if (typeof body.max_tokens !== 'number' || body.max_tokens < 1) fail('max_tokens: Field required');
  if (!Array.isArray(body.messages) || body.messages.length === 0) fail('messages: at least one message is required');
  const messages: ChatMessage[] = [];
  if (body.system !== undefined) messages.push({ role: 'system', content: [text(str(body.system, 'system'))] });
  for (const raw of body.messages as unknown[]) messages.push(anthropicMessage(raw));
  const tools = body.tools === undefined ? [] : anthropicTools(body);
  const { model, messages: _m, stream: _s, system: _sy, tools: _t, tool_choice, ...options } = body;
  return {
    ...(typeof model === 'string' ? { model } : {}),
    messages,
    tools,
    ...(body.tools ? { toolMode: (tool_choice as { type: string }).type === 'any' ? 'required' : 'auto' } : {}),
    options,
  };
}

function anthropicMessage(raw: unknown): ChatMessage {
  if (!isObject(raw) || (raw.role !== 'user' && raw.role !== 'assistant')) fail('messages: roles must be user or assistant');
  const m = raw as { role: 'user' | 'assistant'; content: unknown };
  if (!Array.isArray(m.content) || m.content.length === 0) fail('messages: content must be a non-empty list of blocks');
  const parts: ChatPart[] = [];
  let seenOther = false;
  for (const b of m.content as unknown[]) {
    if (!isObject(b)) fail('content blocks must be objects');
    const block = b as Record<string, unknown>;
    if (block.type === 'tool_result') {
      if (m.role !== 'user' || seenOther) fail('tool_result blocks must come first in a user message');
      parts.push(anthropicToolResult(block));
      continue;
    }
    seenOther = true;
    parts.push(anthropicBlock(block, m.role));
  }
  return { role: m.role, content: parts };
}

function anthropicToolResult(block: Record<string, unknown>): ChatPart {
  const content = Array.isArray(block.content) ? (block.content as Record<string, unknown>[]).map((c) => text(str(c.text, 'tool_result text'))) : [];
  return { type: 'toolResult', callId: str(block.tool_use_id, 'tool_use_id'), content };
}

/** A block other than a tool result. */
function anthropicBlock(block: Record<string, unknown>, role: 'user' | 'assistant'): ChatPart {
  if (block.type === 'text') {
    if (str(block.text, 'text') === '') fail('text content blocks must be non-empty');
    return text(block.text as string);
  }
  if (block.type === 'image' && isObject(block.source) && block.source.type === 'base64') {
    return { type: 'data', mimeType: str(block.source.media_type, 'media_type'), bytes: bytes(str(block.source.data, 'data')) };
  }
  if (block.type !== 'tool_use') return fail(`unknown block type ${String(block.type)}`);
  if (role !== 'assistant') fail('tool_use blocks belong to assistant messages');
  if (!isObject(block.input)) fail('tool_use.input must be an object');
  return { type: 'toolCall', callId: str(block.id, 'id'), name: str(block.name, 'name'), input: block.input as Record<string, unknown> };
}

function anthropicTools(body: Record<string, unknown>): ChatTool[] {
  if (!Array.isArray(body.tools)) fail('tools must be a list');
  const tools: ChatTool[] = [];
  for (const t of body.tools as unknown[]) {
    if (!isObject(t) || !isObject(t.input_schema)) fail('tools: input_schema is required');
    const tool = t as Record<string, unknown>;
    tools.push({ name: str(tool.name, 'name'), description: str(tool.description, 'description'), inputSchema: tool.input_schema as object });
  }
  if (!isObject(body.tool_choice) || (body.tool_choice.type !== 'auto' && body.tool_choice.type !== 'any')) fail('tool_choice.type must be auto or any');
  return tools;
}

// ---- Gemini generateContent --------------------------------------------------------------

const GEMINI_FIELDS = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig', 'safetySettings', 'cachedContent']);

/** Gemini's calls have no ids: tool calls and results read back with `callId: ''`. */
export function geminiRequestToChat(body: unknown): WireRequest {
  if (!isObject(body)) return fail('body must be an object');
  if (!Array.isArray(body.contents) || body.contents.length === 0) fail('contents is not specified');
  const messages: ChatMessage[] = [];
  if (body.systemInstruction !== undefined) messages.push(geminiSystemInstruction(body.systemInstruction));
  for (const raw of body.contents as unknown[]) messages.push(geminiContent(raw));
  const { tools, toolMode } = body.tools === undefined ? { tools: [], toolMode: undefined } : geminiTools(body);
  for (const key of Object.keys(body)) if (!GEMINI_FIELDS.has(key)) fail(`Invalid JSON payload received. Unknown name "${key}": Cannot find field.`);
  const options: Record<string, unknown> = { ...(isObject(body.generationConfig) ? body.generationConfig : {}) };
  if (body.safetySettings !== undefined) options.safetySettings = body.safetySettings;
  return { messages, tools, ...(toolMode ? { toolMode } : {}), options };
}

function geminiSystemInstruction(si: unknown): ChatMessage {
  if (!isObject(si) || !Array.isArray(si.parts)) fail('systemInstruction must have parts');
  return { role: 'system', content: (si as { parts: Record<string, unknown>[] }).parts.map((p) => text(str(p.text, 'systemInstruction text'))) };
}

function geminiContent(raw: unknown): ChatMessage {
  if (!isObject(raw) || (raw.role !== 'user' && raw.role !== 'model')) fail('contents: role must be user or model');
  const c = raw as { role: string; parts: unknown };
  if (!Array.isArray(c.parts) || c.parts.length === 0) fail('contents: parts must not be empty');
  const parts = (c.parts as unknown[]).map((p) => geminiPart(p, c.role));
  return { role: c.role === 'model' ? 'assistant' : 'user', content: parts };
}

function geminiPart(p: unknown, role: string): ChatPart {
  if (!isObject(p)) fail('parts must be objects');
  const part = p as Record<string, unknown>;
  if (typeof part.text === 'string') return text(part.text);
  if (isObject(part.inlineData)) return { type: 'data', mimeType: str(part.inlineData.mimeType, 'mimeType'), bytes: bytes(str(part.inlineData.data, 'data')) };
  if (isObject(part.functionCall)) {
    if (role !== 'model') fail('functionCall parts belong to model contents');
    return { type: 'toolCall', callId: '', name: str(part.functionCall.name, 'functionCall.name'), input: (part.functionCall.args ?? {}) as Record<string, unknown> };
  }
  if (!isObject(part.functionResponse)) return fail('unknown part');
  if (role !== 'user') fail('functionResponse parts belong to user contents');
  const response = part.functionResponse.response;
  if (!isObject(response)) fail('functionResponse.response must be an object');
  str(part.functionResponse.name, 'functionResponse.name');
  return { type: 'toolResult', callId: '', content: [text(str((response as Record<string, unknown>).output, 'functionResponse.response.output'))] };
}

function geminiTools(body: Record<string, unknown>): { tools: ChatTool[]; toolMode: ChatToolMode } {
  if (!Array.isArray(body.tools)) fail('tools must be a list');
  const tools: ChatTool[] = [];
  for (const t of body.tools as unknown[]) {
    if (!isObject(t) || !Array.isArray(t.functionDeclarations)) fail('tools entries must have functionDeclarations');
    for (const d of (t as { functionDeclarations: Record<string, unknown>[] }).functionDeclarations) {
      if (d.parameters !== undefined && d.parametersJsonSchema !== undefined) fail('parameters and parametersJsonSchema are mutually exclusive');
      tools.push({ name: str(d.name, 'name'), description: str(d.description, 'description'), ...(d.parametersJsonSchema ? { inputSchema: d.parametersJsonSchema as object } : {}) });
    }
  }
  const mode = isObject(body.toolConfig) && isObject(body.toolConfig.functionCallingConfig) ? body.toolConfig.functionCallingConfig.mode : undefined;
  if (mode !== 'AUTO' && mode !== 'ANY') fail('toolConfig.functionCallingConfig.mode must be AUTO or ANY');
  return { tools, toolMode: mode === 'ANY' ? 'required' : 'auto' };
}

/** All the text a request's messages carry, as the fakes count it for usage. */
export function requestText(messages: readonly ChatMessage[]): string {
  const texts: string[] = [];
  for (const m of messages) {
    for (const p of m.content) {
      if (p.type === 'text') texts.push(p.text);
      else if (p.type === 'toolResult') texts.push(...p.content.map((c) => c.text));
    }
  }
  return texts.join('\n');
}
