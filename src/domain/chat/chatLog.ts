/**
 * The lines a chat request writes to the Output log. They never hold prompts or answers: the
 * connection, the model, latency, usage and the outcome only. Every name in them that came from a
 * server or a setting (the alias, the model id, a tool name) is single-line text (`logText`), so
 * none can forge a line of its own.
 */
import { logText } from '../text/inert';
import type { ChatErrorKind } from './errors';

/** A tool name is quoted up to this many characters. */
const MAX_TOOL_NAME = 64;

export interface ChatUsage {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
}

export function chatLog(alias: string, modelId: string) {
  const where = `'${logText(alias)}' ${logText(modelId)}`;
  return {
    ok: (firstMs: number | undefined, totalMs: number, usage?: ChatUsage): string =>
      `Chat ${where}: ok, first part after ${Math.round(firstMs ?? 0)} ms, ${Math.round(totalMs)} ms in all${usage ? `, ${usage.inputTokens ?? '?'} tokens in, ${usage.outputTokens ?? '?'} out` : ''}.`,
    failed: (kind: ChatErrorKind, status: number | undefined, totalMs: number): string => `Chat ${where}: ${kind}${status ? ` (${status})` : ''} after ${Math.round(totalMs)} ms.`,
    unofferedToolCall: (name: string): string => `Chat ${where}: dropped a call to the tool '${logText(name, MAX_TOOL_NAME)}', which the request did not offer.`,
  };
}
