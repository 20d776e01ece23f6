/**
 * Chat streaming costs:
 * - time to the first token through streamChat against a direct fetch of the same request to the
 *   same local test server (OpenAI format), the two alternating; the difference of the medians is
 *   what this code adds (request preparation, redirect policy, decoding, SSE parsing, parts);
 * - a stream of 2,000 and of 20,000 chunks (one text delta each) through the whole client, fed by
 *   an in-process body so the network does not blur it: time and the ratio, linear growth being ~10;
 * - `provideTokenCount` of a message with a question and a 4 MB photo (a 4032 × 3024 PNG header,
 *   the rest pseudo-random bytes), through the conversion requests use: tokens and time.
 * `node --import tsx bench/chat.ts` prints the figures alone; `npm run bench` includes them.
 */
import { performance } from 'node:perf_hooks';
import { streamChat } from '../src/domain/chat/client';
import type { ChatRequest } from '../src/domain/chat/types';
import { tokenCount } from '../src/vscode/chat/convert';
import { startFakeChat } from '../test/support/fakeChatServers';
import { fakeLm, lmData, lmMessage, lmText, pngOf } from '../test/support/fakeLm';

export interface ChatBenchResult {
  firstToken: { runs: number; directMedianMs: number; oursMedianMs: number; addedMs: number };
  chunks: { chunks: number; ms: number; usPerChunk: number }[];
  ratio: number;
  imageCount: { imageBytes: number; tokens: number; runs: number; medianMs: number };
}

const KEY = 'sk-test-bench-chat-0000';
const REQUEST: ChatRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }] };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function firstToken(runs: number): Promise<ChatBenchResult['firstToken']> {
  const server = await startFakeChat('openai', { key: KEY });
  const connection = { providerId: 'openai', settings: { baseUrl: server.baseUrl } };
  const url = `${server.baseUrl}/chat/completions`;
  const body = JSON.stringify({ model: REQUEST.model, messages: [{ role: 'user', content: 'Say hello.' }], stream: true, stream_options: { include_usage: true } });
  const headers = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', Accept: 'text/event-stream' };
  const direct = async (): Promise<number> => {
    const started = performance.now();
    let at = 0;
    const response = await fetch(url, { method: 'POST', headers, body });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (at === 0 && decoder.decode(chunk, { stream: true }).includes('"content":"Hel"')) at = performance.now();
    }
    return at - started;
  };
  const ours = async (): Promise<number> => {
    const started = performance.now();
    let at = 0;
    for await (const part of streamChat(connection, { apiKey: KEY }, REQUEST, { timeoutMs: 5000 })) if (at === 0 && part.type === 'text') at = performance.now();
    return at - started;
  };
  try {
    for (let i = 0; i < 30; i++) {
      await direct();
      await ours();
    }
    const d: number[] = [];
    const o: number[] = [];
    for (let i = 0; i < runs; i++) {
      d.push(await direct());
      o.push(await ours());
    }
    const directMedianMs = median(d);
    const oursMedianMs = median(o);
    return { runs, directMedianMs, oursMedianMs, addedMs: oursMedianMs - directMedianMs };
  } finally {
    await server.close();
  }
}

/** A fetch answering with `count` OpenAI text-delta events, one per body chunk, then usage and [DONE]. */
function streamingFetch(count: number): typeof fetch {
  const encoder = new TextEncoder();
  const event = (i: number) => encoder.encode(`data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"w${i} "},"finish_reason":null}]}\n\n`);
  const tail = encoder.encode('data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: {"id":"c","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}}\n\ndata: [DONE]\n\n');
  return (async () => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < count) controller.enqueue(event(i++));
        else {
          controller.enqueue(tail);
          controller.close();
        }
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
}

async function chunkRun(count: number): Promise<number> {
  const fetch = streamingFetch(count);
  const started = performance.now();
  let parts = 0;
  let length = 0;
  for await (const part of streamChat({ providerId: 'openai', settings: {} }, { apiKey: KEY }, REQUEST, { timeoutMs: 5000, fetch })) {
    if (part.type === 'text') {
      parts++;
      length += part.text.length;
    }
  }
  const ms = performance.now() - started;
  if (parts !== count || length < count * 3) throw new Error(`expected ${count} text parts, got ${parts}`);
  return ms;
}

/** provideTokenCount of a question with a 4 MB image: the count, and the median time of `runs`. */
function imageCount(runs: number): ChatBenchResult['imageCount'] {
  const imageBytes = 4 * 1024 * 1024;
  const message = lmMessage('user', lmText('What is in this picture?'), lmData(pngOf(4032, 3024, imageBytes), 'image/png'));
  let tokens = tokenCount(fakeLm, message);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    tokens = tokenCount(fakeLm, message);
    times.push(performance.now() - started);
  }
  return { imageBytes, tokens, runs, medianMs: median(times) };
}

export async function benchChat(runs = 300): Promise<ChatBenchResult> {
  const first = await firstToken(runs);
  const chunks: ChatBenchResult['chunks'] = [];
  for (const count of [2_000, 20_000]) {
    await chunkRun(count); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await chunkRun(count));
    const ms = median(times);
    chunks.push({ chunks: count, ms, usPerChunk: (ms * 1000) / count });
  }
  return { firstToken: first, chunks, ratio: chunks[1]!.ms / chunks[0]!.ms, imageCount: imageCount(1_000) };
}

if (require.main === module) {
  void benchChat().then((r) => {
    console.log(`  first token, median of ${r.firstToken.runs}: direct fetch ${r.firstToken.directMedianMs.toFixed(2)} ms, streamChat ${r.firstToken.oursMedianMs.toFixed(2)} ms, added ${r.firstToken.addedMs.toFixed(2)} ms`);
    for (const c of r.chunks) console.log(`  ${c.chunks.toLocaleString('en-US')} chunks: ${c.ms.toFixed(1)} ms (${c.usPerChunk.toFixed(2)} µs per chunk)`);
    console.log(`  20,000 / 2,000 time ratio: ${r.ratio.toFixed(1)} (linear: 10)`);
    console.log(`  token count of a question with a 4 MB image: ${r.imageCount.tokens.toLocaleString('en-US')} tokens, median ${r.imageCount.medianMs.toFixed(3)} ms of ${r.imageCount.runs}`);
  });
}
