import assert from 'node:assert/strict';
import { ChatError } from '../../src/domain/chat/errors';
import type { ChatResponsePart } from '../../src/domain/chat/types';
import { say } from '../../src/ui/text';

/** Reads a chat stream to its end: the parts that arrived, and the ChatError it ended with, if any. */
export async function collect(stream: AsyncIterable<ChatResponsePart>): Promise<{ parts: ChatResponsePart[]; error?: ChatError }> {
  const parts: ChatResponsePart[] = [];
  try {
    for await (const part of stream) parts.push(part);
    return { parts };
  } catch (error) {
    assert.ok(error instanceof ChatError, `not a ChatError: ${String(error)}`);
    return { parts, error };
  }
}

/** A chat error's message as an English user reads it in Chat (for checks that nothing secret shows). */
export function shown(error: ChatError | undefined): string {
  return error ? say(error.detail) : '';
}
