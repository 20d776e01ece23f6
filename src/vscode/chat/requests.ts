/**
 * Answers a chat request: VS Code's messages and options become a ChatRequest, the provider's
 * stream becomes text and tool-call parts as they arrive. Bundled apart (dist/chat.js) and loaded
 * on the first chat request, not at activation.
 */
import * as vscode from 'vscode';
import { streamChat, type ChatConnection, type ChatDependencies } from '../../domain/chat/client';
import { chatLog, type ChatUsage } from '../../domain/chat/chatLog';
import { ChatError } from '../../domain/chat/errors';
import type { ChatMessage, ChatPart, ChatRequest, ChatTextPart } from '../../domain/chat/types';
import type { SecretBag } from '../../domain/connection';
import type { Logger } from '../../domain/logger';
import { say } from '../../ui/text';
import { languageModelError } from './errors';

export interface ChatCall {
  connection: ChatConnection & { alias: string };
  secrets: SecretBag;
  deps: Omit<ChatDependencies, 'signal'>;
  model: { modelId: string; maxOutputTokens: number };
  messages: readonly vscode.LanguageModelChatRequestMessage[];
  options: vscode.ProvideLanguageModelChatResponseOptions;
  progress: vscode.Progress<vscode.LanguageModelResponsePart>;
  token: vscode.CancellationToken;
  logger: Logger;
}

/** Reasoning models may think in silence for minutes between pieces of an answer. */
const IDLE_TIMEOUT_MS = 5 * 60 * 1000;
const SYSTEM_ROLE = 3;

function textOf(value: unknown): ChatTextPart[] {
  if (value instanceof vscode.LanguageModelTextPart) return [{ type: 'text', text: value.value }];
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (value instanceof vscode.LanguageModelToolCallPart || value instanceof vscode.LanguageModelToolResultPart) return [];
  const data = dataOf(value);
  if (data && data.mimeType.startsWith('text/')) return [{ type: 'text', text: new TextDecoder().decode(data.bytes) }];
  if (data) return [];
  return [{ type: 'text', text: JSON.stringify(value) }];
}

/** A data part (images, text attachments) by its shape: `LanguageModelDataPart` is newer than the 1.104 API. */
function dataOf(value: unknown): { mimeType: string; bytes: Uint8Array } | undefined {
  const part = value as { mimeType?: unknown; data?: unknown };
  return typeof part?.mimeType === 'string' && part.data instanceof Uint8Array ? { mimeType: part.mimeType, bytes: part.data } : undefined;
}

export function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages.map((message) => {
    const content: ChatPart[] = [];
    for (const part of message.content) {
      if (part instanceof vscode.LanguageModelToolCallPart) {
        content.push({ type: 'toolCall', callId: part.callId, name: part.name, input: (part.input ?? {}) as Record<string, unknown> });
      } else if (part instanceof vscode.LanguageModelToolResultPart) {
        content.push({ type: 'toolResult', callId: part.callId, content: part.content.flatMap(textOf) });
      } else {
        const data = dataOf(part);
        if (data?.mimeType.startsWith('image/')) content.push({ type: 'data', mimeType: data.mimeType, bytes: data.bytes });
        else content.push(...textOf(part));
      }
    }
    const role = (message.role as number) === SYSTEM_ROLE ? 'system' : message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user';
    return { role, content };
  });
}

export async function respond(call: ChatCall): Promise<void> {
  const controller = new AbortController();
  const cancelled = call.token.onCancellationRequested(() => controller.abort());
  const request: ChatRequest = {
    model: call.model.modelId,
    messages: toChatMessages(call.messages),
    ...(call.options.tools?.length ? { tools: call.options.tools.map((t) => ({ name: t.name, description: t.description, ...(t.inputSchema ? { inputSchema: t.inputSchema } : {}) })) } : {}),
    ...(call.options.tools?.length ? { toolMode: call.options.toolMode === vscode.LanguageModelChatToolMode.Required ? ('required' as const) : ('auto' as const) } : {}),
    ...(call.options.modelOptions ? { modelOptions: call.options.modelOptions } : {}),
    maxOutputTokens: call.model.maxOutputTokens,
  };
  const started = performance.now();
  let firstMs: number | undefined;
  let usage: ChatUsage | undefined;
  const log = chatLog(call.connection.alias, call.model.modelId);
  try {
    for await (const part of streamChat(call.connection, call.secrets, request, {
      ...call.deps,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      signal: controller.signal,
      onUnofferedToolCall: (name) => call.logger.warn(log.unofferedToolCall(name)),
    })) {
      firstMs ??= performance.now() - started;
      if (part.type === 'text') call.progress.report(new vscode.LanguageModelTextPart(part.text));
      else if (part.type === 'toolCall') call.progress.report(new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input));
      else usage = part;
    }
    call.logger.info(log.ok(firstMs, performance.now() - started, usage));
  } catch (error) {
    if (error instanceof ChatError) {
      call.logger.warn(log.failed(error.kind, error.status, performance.now() - started));
      throw languageModelError(error.kind, say(error.detail));
    }
    throw error;
  } finally {
    cancelled.dispose();
  }
}
