/**
 * Answers a chat request: VS Code's messages and options become a ChatRequest, the provider's
 * stream becomes text and tool-call parts as they arrive. Bundled apart (dist/chat.js) and loaded
 * on the first chat request, not at activation.
 */
import * as vscode from 'vscode';
import { streamChat, type ChatConnection, type ChatDependencies } from '../../domain/chat/client';
import { chatLog, type ChatUsage } from '../../domain/chat/chatLog';
import { ChatError } from '../../domain/chat/errors';
import type { ChatRequest } from '../../domain/chat/types';
import type { SecretBag } from '../../domain/connection';
import type { Logger } from '../../domain/logger';
import type { WireFormatId } from '../../domain/chat/routes';
import { WARM_UP_TOOL, warmUpStandIns } from '../../domain/chat/warmUp';
import type { Message } from '../../domain/messages';
import { toChatMessages } from './convert';
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
  /** Puts a failure's message into words: the extension bundle's text layer, so this bundle carries none. */
  say: (message: Message) => string;
}

/** Reasoning models may think in silence for minutes between pieces of an answer. */
const IDLE_TIMEOUT_MS = 5 * 60 * 1000;

export async function respond(call: ChatCall): Promise<void> {
  const controller = new AbortController();
  const cancelled = call.token.onCancellationRequested(() => controller.abort());
  const request: ChatRequest = {
    model: call.model.modelId,
    messages: toChatMessages(vscode, call.messages),
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
      throw languageModelError(error.kind, call.say(error.detail));
    }
    throw error;
  } finally {
    cancelled.dispose();
  }
}

const SILENT: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const NEVER_CANCELLED: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };

/**
 * Readies the host's fetch and answers a stand-in request of each wire format from memory,
 * through the same code as a real request (see src/domain/chat/warmUp.ts): nothing is sent, no
 * key read, nothing logged, nothing reported. Resolves once done; never rejects.
 *
 * The host's fetch is readied with a `data:` URL, which fetch answers itself without any network:
 * Node loads its fetch implementation, and VS Code's wrapper of it does its once-per-window work
 * (it reads the system's certificates on its first call) here rather than in the first request.
 */
export async function warmUp(formats: readonly WireFormatId[]): Promise<void> {
  try {
    await (await fetch('data:text/plain,ok')).text();
  } catch {
    // The first request readies fetch itself.
  }
  for (const standIn of warmUpStandIns(formats)) {
    try {
      await respond({
        connection: { ...standIn.connection, alias: 'warm-up' },
        secrets: standIn.secrets,
        deps: { timeoutMs: 10_000, fetch: standIn.fetch },
        model: { modelId: 'warm-up', maxOutputTokens: 16 },
        messages: [{ role: vscode.LanguageModelChatMessageRole.User, content: [new vscode.LanguageModelTextPart('Say ok.')], name: undefined }],
        options: { tools: [WARM_UP_TOOL], toolMode: vscode.LanguageModelChatToolMode.Auto },
        progress: { report: () => undefined },
        token: NEVER_CANCELLED,
        logger: SILENT,
        say: (message) => message.code,
      });
    } catch {
      // Quietly: the first real request runs cold.
    }
  }
}
