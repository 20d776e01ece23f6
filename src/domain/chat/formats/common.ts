/** Pieces the three wire formats share: data parts, tool inputs, text, option names. */
import { StreamProblem } from '../errors';
import type { ChatDataPart, ChatMessage, ChatModelOptions, ChatPart, ChatResponsePart } from '../types';

/** One server-sent event as the stream reader hands it over. */
export interface SseEvent {
  event?: string | undefined;
  data: string;
}

/** Turns a format's events into response parts, pushed onto `out` in order. */
export interface StreamParser {
  event(event: SseEvent, out: ChatResponsePart[]): void;
  /** The stream ended: flush what is pending; throws when the answer was cut short. */
  end(out: ChatResponsePart[]): void;
}

/**
 * The parts of `parser` with only the tool calls to tools the request offered: a call to any other
 * tool is dropped, whatever the model or server meant by it, and its name handed to `onDropped`.
 * Parts parsed before a failure are passed on before the failure is thrown.
 */
export function offeredToolCallsOnly(parser: StreamParser, offered: ReadonlySet<string>, onDropped: (name: string) => void): StreamParser {
  const pass = (parse: (into: ChatResponsePart[]) => void, out: ChatResponsePart[]): void => {
    const parsed: ChatResponsePart[] = [];
    try {
      parse(parsed);
    } finally {
      for (const part of parsed) {
        if (part.type === 'toolCall' && !offered.has(part.name)) onDropped(part.name);
        else out.push(part);
      }
    }
  };
  return {
    event: (event, out) => pass((into) => parser.event(event, into), out),
    end: (out) => pass((into) => parser.end(into), out),
  };
}

/** How a data part is sent: as an image, as text, or not at all (see ChatDataPart). */
export function dataKind(part: ChatDataPart): 'image' | 'text' | 'skip' {
  const mime = part.mimeType.toLowerCase();
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json')) return 'text';
  return 'skip';
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The text of a message's text parts and textual data parts, in order (system prompts, tool results). */
export function plainTextOf(parts: readonly ChatPart[]): string {
  const texts: string[] = [];
  for (const part of parts) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'data' && dataKind(part) === 'text') texts.push(utf8(part.bytes));
  }
  return texts.join('');
}

/**
 * A tool call's arguments, once all of their pieces arrived. Empty means no arguments. Anything
 * but a JSON object is a bad response.
 */
export function parseToolInput(json: string, tool: string): Record<string, unknown> {
  if (json.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new StreamProblem('badResponse', { code: 'chat.toolArgsNotJson', tool });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StreamProblem('badResponse', { code: 'chat.toolArgsNotObject', tool });
  }
  return value as Record<string, unknown>;
}

/** JSON.parse of an event's data; data that is not JSON is a bad response. */
export function parseEventJson(data: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  throw new StreamProblem('badResponse', { code: 'chat.eventNotObject' });
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The model options with `renames` applied (portable name -> the format's), `stop` made a list where asked. */
export function translateOptions(options: ChatModelOptions | undefined, renames: Record<string, string>, stopAsList: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value === undefined) continue;
    const name = renames[key] ?? key;
    out[name] = stopAsList && key === 'stop' && typeof value === 'string' ? [value] : value;
  }
  return out;
}

/** The message content with the parts a format can't send left out, and empty text dropped. */
export function sendable(parts: readonly ChatPart[]): ChatPart[] {
  return parts.filter((p) => (p.type === 'text' ? p.text !== '' : p.type === 'data' ? dataKind(p) !== 'skip' : true));
}

/**
 * For formats that carry system text apart from the turns (Anthropic `system`, Gemini
 * `systemInstruction`): the system messages' text joined by blank lines (undefined when there is
 * none), and the other messages with only their sendable parts.
 */
export function splitSystem(messages: readonly ChatMessage[]): { system: string | undefined; turns: { role: 'user' | 'assistant'; parts: ChatPart[] }[] } {
  const system: string[] = [];
  const turns: { role: 'user' | 'assistant'; parts: ChatPart[] }[] = [];
  for (const message of messages) {
    const parts = sendable(message.content);
    if (message.role !== 'system') turns.push({ role: message.role, parts });
    else {
      const text = plainTextOf(parts);
      if (text !== '') system.push(text);
    }
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, turns };
}
