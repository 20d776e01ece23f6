/**
 * estimateTokens against the usage the test servers report for the same text. Those servers count
 * with OpenAI's o200k tokenizer (see fakeChatServers.ts): input tokens are the o200k tokens of the
 * text the messages carry, with no per-message overhead; output tokens the o200k tokens of the
 * reply. Tolerance: within 15% for English, code, JSON, Markdown, German, French and Russian;
 * for Chinese, Japanese and Korean the estimate may be up to 30% above (never below), on purpose
 * (see tokens.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { streamChat } from '../../src/domain/chat/client';
import { estimateRequestTokens, estimateTokens, TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE } from '../../src/domain/chat/tokens';
import type { ChatMessage, ChatResponsePart } from '../../src/domain/chat/types';
import { chatSettings, PROVIDER_OF, startFakeChat, type ChatKind, type FakeChatServer } from '../support/fakeChatServers';
import { TOKEN_SAMPLES } from '../support/tokenSamples';

const CJK = new Set(['chinese', 'japanese', 'korean']);
const KEY = 'sk-test-tokens-2b7e91c4d0';
const MODEL: Partial<Record<ChatKind, string>> = { openai: 'gpt-4o', anthropic: 'claude-sonnet-4-20250514', gemini: 'gemini-2.0-flash' };

function withinTolerance(sample: string, what: string, estimate: number, counted: number): void {
  const ratio = estimate / counted;
  const said = `${sample} ${what}: estimate ${estimate} vs ${counted} counted (${ratio.toFixed(2)}×)`;
  if (CJK.has(sample)) assert.ok(ratio >= 1 && ratio <= 1.3, said);
  else assert.ok(Math.abs(ratio - 1) <= 0.15, said);
}

const servers: Partial<Record<ChatKind, FakeChatServer>> = {};
before(async () => {
  for (const kind of Object.keys(MODEL) as ChatKind[]) servers[kind] = await startFakeChat(kind, { key: KEY });
});
after(async () => {
  await Promise.all(Object.values(servers).map((s) => s!.close()));
});

async function usageFor(kind: ChatKind, text: string): Promise<{ inputTokens?: number; outputTokens?: number }> {
  const server = servers[kind]!;
  // The reply repeats the text in pieces of 40 characters, so output tokens are counted on it too.
  const pieces = text.match(/[\s\S]{1,40}/g) ?? [];
  server.reply = { text: pieces };
  let usage: ChatResponsePart | undefined;
  const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text }] }];
  for await (const part of streamChat({ providerId: PROVIDER_OF[kind], settings: chatSettings(server) as never }, { apiKey: KEY }, { model: MODEL[kind]!, messages }, { timeoutMs: 3000 })) {
    if (part.type === 'usage') usage = part;
  }
  assert.ok(usage && usage.type === 'usage');
  return usage;
}

describe('estimateTokens against the usage the servers report', () => {
  for (const [name, text] of Object.entries(TOKEN_SAMPLES)) {
    it(`${name}: input and output usage, through each format`, async () => {
      const estimate = estimateTokens(text);
      for (const kind of Object.keys(MODEL) as ChatKind[]) {
        const usage = await usageFor(kind, text);
        withinTolerance(name, `input (${kind})`, estimate, usage.inputTokens!);
        withinTolerance(name, `output (${kind})`, estimate, usage.outputTokens!);
      }
    });
  }
});

describe('estimateTokens rules', () => {
  it('about 4 characters per token in English words; punctuation, line breaks and CJK as documented', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('abcd'), 1);
    assert.equal(estimateTokens('abcd efgh ijkl mnop'), 4, 'spaces join the next word');
    assert.equal(estimateTokens('{}'), 1, '0.6 + 0.3, rounded up');
    assert.equal(estimateTokens('\n\n\n'), 3);
    assert.equal(estimateTokens('日本語'), 3, '0.8 each, rounded up');
    assert.equal(estimateTokens('🎉'), 2);
    assert.ok(estimateTokens('a1B2c3D4e5F6g7H8') > estimateTokens('abcdefghijklmnop'), 'ids and hashes cost more than words');
    assert.equal(estimateTokens('Hello'), estimateTokens('hello'), 'a capital starting a word costs nothing more');
  });

  it('messages: 4 per message, images 1,600, tool calls by name and JSON input, text data as text, other data nothing', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: [{ type: 'text', text: 'abcd' }] },
      { role: 'user', content: [{ type: 'data', mimeType: 'image/png', bytes: new Uint8Array(10) }, { type: 'data', mimeType: 'cache_control', bytes: new TextEncoder().encode('ephemeral') }] },
      { role: 'assistant', content: [{ type: 'toolCall', callId: 'c', name: 'abcd', input: {} }] },
      { role: 'user', content: [{ type: 'toolResult', callId: 'c', content: [{ type: 'text', text: 'abcdabcd' }] }, { type: 'data', mimeType: 'text/plain', bytes: new TextEncoder().encode('abcd') }] },
    ];
    // 4 messages × 4, text 1, image 1600, tool call 1 + '{}' 0.9 + 4, tool result 2 + 4, text data 1
    assert.equal(estimateTokens(messages), Math.ceil(4 * TOKENS_PER_MESSAGE + 1 + TOKENS_PER_IMAGE + (1 + 0.9 + 4) + (2 + 4) + 1));
    assert.equal(estimateTokens(messages[0]!), TOKENS_PER_MESSAGE + 1);
    const tools = [{ name: 'abcd', description: 'abcd', inputSchema: {} }];
    assert.equal(estimateRequestTokens({ messages: [messages[0]!], tools }), TOKENS_PER_MESSAGE + 1 + Math.ceil(1 + 1 + 0.9 + TOKENS_PER_MESSAGE));
  });
});
