/**
 * Runs the request code once before the first chat request, in memory, so that request does not
 * pay for what only a first run costs: Node loading its fetch implementation (and starting to
 * compile its HTTP parser), and the request path (preparation, body, streaming, SSE parsing, the
 * wire format's parser) running for the first time.
 *
 * Nothing leaves the process: each wire format's stand-in request goes to an in-memory fetch that
 * answers with a short stream in that format, for a stand-in connection on a `.invalid` host. No
 * key is read (the stand-ins' keys are placeholders), no reference resolved, no question asked.
 * The chat provider runs these through the same code as a request (src/vscode/chat/requests.ts,
 * `warmUp`), logging nothing; a failure is quiet: the first real request then simply runs cold.
 */
import type { SecretBag } from '../connection';
import type { ChatConnection } from './client';
import type { WireFormatId } from './routes';

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** A stand-in connection of each wire format and a short answer in that format. */
const STAND_INS: Record<WireFormatId, { connection: ChatConnection; secrets: SecretBag; answer: string }> = {
  openai: {
    connection: { providerId: 'openai-compatible', settings: { baseUrl: 'http://warm-up.invalid/v1' } },
    secrets: {},
    answer: [
      sse({ id: 'w', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: null }] }),
      sse({ id: 'w', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      sse({ id: 'w', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } }),
      sse('[DONE]'),
    ].join(''),
  },
  anthropic: {
    connection: { providerId: 'anthropic', settings: { baseUrl: 'http://warm-up.invalid' } },
    secrets: { apiKey: 'warm-up' },
    answer: [
      sse({ type: 'message_start', message: { id: 'w', type: 'message', role: 'assistant', content: [], usage: { input_tokens: 1, output_tokens: 1 } } }, 'message_start'),
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } }, 'content_block_delta'),
      sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
      sse({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1 } }, 'message_delta'),
      sse({ type: 'message_stop' }, 'message_stop'),
    ].join(''),
  },
  gemini: {
    connection: { providerId: 'google-gemini', settings: { baseUrl: 'http://warm-up.invalid' } },
    secrets: { apiKey: 'warm-up' },
    answer: sse({ candidates: [{ content: { parts: [{ text: 'ok' }], role: 'model' }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 } }),
  },
};

/** A tool like an agent's, so the warm-up request carries tools as agent requests do. */
export const WARM_UP_TOOL = { name: 'read_file', description: 'Reads a file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

export interface WarmUpStandIn {
  format: WireFormatId;
  connection: ChatConnection;
  secrets: SecretBag;
  /** Answers any request with the format's short stream ("ok"), in memory. */
  fetch: typeof fetch;
}

/** The stand-in connection, placeholder secrets and in-memory fetch of each of these wire formats. */
export function warmUpStandIns(formats: Iterable<WireFormatId>): WarmUpStandIn[] {
  return [...new Set(formats)].map((format) => {
    const { connection, secrets, answer } = STAND_INS[format];
    // The request is built as fetch builds it (no fetch runs: nothing is sent), and answered from memory.
    const inMemory = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      new Request(input, init);
      return new Response(answer, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }) as typeof fetch;
    return { format, connection, secrets, fetch: inMemory };
  });
}
