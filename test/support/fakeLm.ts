/**
 * Stand-ins for the part classes of VS Code's language model API (their constructors and fields as
 * `vscode.d.ts` declares them), for the conversion in src/vscode/chat/convert.ts without VS Code.
 */
import type * as vscode from 'vscode';
import type { LanguageModelApi } from '../../src/vscode/chat/convert';
import { LanguageModelTextPart, LanguageModelToolCallPart, LanguageModelToolResultPart } from './vscodeShim';

/** `LanguageModelDataPart` (newer than the 1.104 API): bytes with a MIME type. */
export class LanguageModelDataPart {
  constructor(
    public data: Uint8Array,
    public mimeType: string,
  ) {}
}

export const fakeLm = {
  LanguageModelTextPart,
  LanguageModelToolCallPart,
  LanguageModelToolResultPart,
  LanguageModelChatMessageRole: { User: 1, Assistant: 2 },
} as unknown as LanguageModelApi;

const lm = fakeLm as unknown as { LanguageModelTextPart: typeof LanguageModelTextPart; LanguageModelToolCallPart: typeof LanguageModelToolCallPart; LanguageModelToolResultPart: typeof LanguageModelToolResultPart };

/** A request message as VS Code hands it to a provider. */
export function lmMessage(role: 'user' | 'assistant', ...content: unknown[]): vscode.LanguageModelChatRequestMessage {
  return { role: role === 'user' ? 1 : 2, content, name: undefined } as unknown as vscode.LanguageModelChatRequestMessage;
}
export const lmText = (value: string) => new lm.LanguageModelTextPart(value);
export const lmToolCall = (callId: string, name: string, input: object) => new lm.LanguageModelToolCallPart(callId, name, input);
export const lmToolResult = (callId: string, content: unknown[]) => new lm.LanguageModelToolResultPart(callId, content);
export const lmData = (data: Uint8Array, mimeType: string) => new LanguageModelDataPart(data, mimeType);

/**
 * A PNG of `width` × `height` as far as its header tells (signature and IHDR), padded with
 * pseudo-random bytes (as compressed pixels look) to `size` bytes (cut to `size` when shorter).
 */
export function pngOf(width: number, height: number, size: number): Uint8Array {
  const bytes = new Uint8Array(Math.max(size, 24));
  let seed = 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    bytes[i] = seed >>> 24;
  }
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52], 0);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes.slice(0, size);
}
