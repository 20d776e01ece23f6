/**
 * VS Code's chat messages as the domain's (types.ts), for requests and for token counts alike: a
 * message is counted as it would be sent (an image as an image, by its pixel size; never its bytes
 * as text). The part classes are passed in (`vscode` in the extension, stand-ins in tests), so this
 * file loads without VS Code.
 */
import type * as vscode from 'vscode';
import { estimateTokens } from '../../domain/chat/tokens';
import type { ChatMessage, ChatPart, ChatTextPart } from '../../domain/chat/types';

/** The classes and enum of the language model API this conversion tells parts apart by. */
export type LanguageModelApi = Pick<typeof vscode, 'LanguageModelTextPart' | 'LanguageModelToolCallPart' | 'LanguageModelToolResultPart' | 'LanguageModelChatMessageRole'>;

/** `LanguageModelChatMessageRole.System`, newer than the 1.104 API. */
const SYSTEM_ROLE = 3;

/** A data part (images, text attachments) by its shape: `LanguageModelDataPart` is newer than the 1.104 API. */
function dataOf(value: unknown): { mimeType: string; bytes: Uint8Array } | undefined {
  const part = value as { mimeType?: unknown; data?: unknown };
  return typeof part?.mimeType === 'string' && part.data instanceof Uint8Array ? { mimeType: part.mimeType, bytes: part.data } : undefined;
}

function textOf(lm: LanguageModelApi, value: unknown): ChatTextPart[] {
  if (value instanceof lm.LanguageModelTextPart) return [{ type: 'text', text: value.value }];
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (value instanceof lm.LanguageModelToolCallPart || value instanceof lm.LanguageModelToolResultPart) return [];
  const data = dataOf(value);
  if (data && data.mimeType.startsWith('text/')) return [{ type: 'text', text: new TextDecoder().decode(data.bytes) }];
  if (data) return [];
  return [{ type: 'text', text: JSON.stringify(value) }];
}

export function toChatMessages(lm: LanguageModelApi, messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages.map((message) => {
    const content: ChatPart[] = [];
    for (const part of message.content) {
      if (part instanceof lm.LanguageModelToolCallPart) {
        content.push({ type: 'toolCall', callId: part.callId, name: part.name, input: (part.input ?? {}) as Record<string, unknown> });
      } else if (part instanceof lm.LanguageModelToolResultPart) {
        content.push({ type: 'toolResult', callId: part.callId, content: part.content.flatMap((p) => textOf(lm, p)) });
      } else {
        const data = dataOf(part);
        if (data?.mimeType.startsWith('image/')) content.push({ type: 'data', mimeType: data.mimeType, bytes: data.bytes });
        else content.push(...textOf(lm, part));
      }
    }
    const role = (message.role as number) === SYSTEM_ROLE ? 'system' : message.role === lm.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user';
    return { role, content };
  });
}

/** `provideTokenCount`: a text, or a message converted as a request converts it. */
export function tokenCount(lm: LanguageModelApi, input: string | vscode.LanguageModelChatRequestMessage): number {
  return typeof input === 'string' ? estimateTokens(input) : estimateTokens(toChatMessages(lm, [input]));
}
