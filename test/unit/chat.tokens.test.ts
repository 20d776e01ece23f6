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
import { imageSize, imageTokens } from '../../src/domain/chat/images';
import { tokenCount, toChatMessages } from '../../src/vscode/chat/convert';
import { chatSettings, PROVIDER_OF, startFakeChat, type ChatKind, type FakeChatServer } from '../support/fakeChatServers';
import { fakeLm, lmData, lmMessage, lmText, lmToolCall, lmToolResult, pngOf } from '../support/fakeLm';
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
      {
        role: 'user',
        content: [
          { type: 'data', mimeType: 'image/png', bytes: new Uint8Array(10) },
          { type: 'data', mimeType: 'cache_control', bytes: new TextEncoder().encode('ephemeral') },
        ],
      },
      { role: 'assistant', content: [{ type: 'toolCall', callId: 'c', name: 'abcd', input: {} }] },
      {
        role: 'user',
        content: [
          { type: 'toolResult', callId: 'c', content: [{ type: 'text', text: 'abcdabcd' }] },
          { type: 'data', mimeType: 'text/plain', bytes: new TextEncoder().encode('abcd') },
        ],
      },
    ];
    // 4 messages × 4, text 1, image 1600, tool call 1 + '{}' 0.9 + 4, tool result 2 + 4, text data 1
    assert.equal(estimateTokens(messages), Math.ceil(4 * TOKENS_PER_MESSAGE + 1 + TOKENS_PER_IMAGE + (1 + 0.9 + 4) + (2 + 4) + 1));
    assert.equal(estimateTokens(messages[0]!), TOKENS_PER_MESSAGE + 1);
    const tools = [{ name: 'abcd', description: 'abcd', inputSchema: {} }];
    assert.equal(estimateRequestTokens({ messages: [messages[0]!], tools }), TOKENS_PER_MESSAGE + 1 + Math.ceil(1 + 1 + 0.9 + TOKENS_PER_MESSAGE));
  });
});

/** Headers of each format for a width and height, padded to `size` bytes. */
const le16 = (n: number) => [n & 0xff, n >> 8];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];
const be16 = (n: number) => [n >> 8, n & 0xff];
const padded = (head: number[], size = 256) => Uint8Array.from([...head, ...new Array<number>(Math.max(0, size - head.length)).fill(0x5a)]);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const gif = (w: number, h: number) => padded([...ascii('GIF89a'), ...le16(w), ...le16(h)]);
const webp = (chunk: string, data: number[]) => padded([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP'), ...ascii(chunk), 0, 0, 0, 0, ...data]);
const vp8 = (w: number, h: number) => webp('VP8 ', [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...le16(w), ...le16(h)]);
const vp8l = (w: number, h: number) => {
  const bits = (w - 1) | ((h - 1) << 14);
  return webp('VP8L', [0x2f, bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff]);
};
const vp8x = (w: number, h: number) => webp('VP8X', [0x10, 0, 0, 0, ...le24(w - 1), ...le24(h - 1)]);
/** JFIF and Exif segments, a quantization table, then the baseline frame header with the size. */
const jpeg = (w: number, h: number, marker = 0xc0) =>
  padded(
    [0xff, 0xd8, 0xff, 0xe0, ...be16(16), ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xe1, ...be16(300), ...new Array<number>(298).fill(0x45), 0xff, 0xdb, ...be16(67), ...new Array<number>(65).fill(1), 0xff, marker, ...be16(17), 8, ...be16(h), ...be16(w), 3],
    1024,
  );

describe("image tokens: the pixel size from the header, the providers' documented costs", () => {
  it('reads the size of PNG, GIF, WebP (lossy, lossless, extended) and JPEG (baseline, progressive) headers', () => {
    assert.deepEqual(imageSize(pngOf(4032, 3024, 1024)), { width: 4032, height: 3024 });
    assert.deepEqual(imageSize(gif(320, 200)), { width: 320, height: 200 });
    assert.deepEqual(imageSize(vp8(1024, 768)), { width: 1024, height: 768 });
    assert.deepEqual(imageSize(vp8l(1000, 16383)), { width: 1000, height: 16383 });
    assert.deepEqual(imageSize(vp8x(5000, 300)), { width: 5000, height: 300 });
    assert.deepEqual(imageSize(jpeg(1920, 1080)), { width: 1920, height: 1080 });
    assert.deepEqual(imageSize(jpeg(800, 600, 0xc2)), { width: 800, height: 600 });
    for (const unknown of [new Uint8Array(0), new Uint8Array(10), padded(ascii('<svg xmlns="http://www.w3.org/2000/svg"/>')), jpeg(0, 0), pngOf(4, 4, 20), Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2])]) {
      assert.equal(imageSize(unknown), undefined);
      assert.equal(imageTokens(unknown), TOKENS_PER_IMAGE, "a size that can't be read costs the fixed estimate");
    }
  });

  it("costs the larger of OpenAI's tiles (85 + 170 per 512 px after scaling) and Anthropic's width × height / 750 (at most 1,600)", () => {
    assert.equal(imageTokens(pngOf(200, 200, 64)), 255, 'one OpenAI tile');
    assert.equal(imageTokens(pngOf(1092, 1092, 64)), 1590, 'Anthropic: 1092 × 1092 is about 1,590 tokens');
    assert.equal(imageTokens(pngOf(768, 2048, 64)), 1445, 'OpenAI: 2 × 4 tiles');
    assert.equal(imageTokens(pngOf(512, 4096, 64)), 765, 'OpenAI: 256 × 2048 once fitted into 2048 × 2048, 4 tiles; Anthropic: 196 × 1568, 410');
    assert.equal(imageTokens(pngOf(2048, 4096, 64)), 1600, 'OpenAI: 768 × 1536 after scaling, 6 tiles, 1,105; Anthropic: 784 × 1568, 1,640, at most 1,600');
    assert.equal(imageTokens(pngOf(4032, 3024, 64)), TOKENS_PER_IMAGE, "a 12 MP photo: Anthropic's ceiling");
  });
});

describe('provideTokenCount: a message counted as a request converts it', () => {
  it('a 4 MB image counts as the image it is, not as its bytes written out as text', () => {
    const question = 'What is in this picture?';
    const photo = pngOf(4032, 3024, 4 * 1024 * 1024);
    const count = tokenCount(fakeLm, lmMessage('user', lmText(question), lmData(photo, 'image/png')));
    assert.equal(count, TOKENS_PER_MESSAGE + estimateTokens(question) + imageTokens(photo));
    assert.ok(count < 2_000, `${count} tokens`);
    assert.equal(tokenCount(fakeLm, question), estimateTokens(question), 'a text is counted as it is');
  });

  it('every kind of part counts as what the request sends: text, tool calls and results, text attachments; other data nothing', () => {
    const message = lmMessage(
      'assistant',
      lmText('Checking.'),
      lmToolCall('c1', 'get_weather', { city: 'Paris' }),
      lmToolResult('c1', [lmText('Sunny, 24 °C')]),
      lmData(new TextEncoder().encode('{"a": 1}'), 'text/plain'),
      lmData(new TextEncoder().encode('ephemeral'), 'cache_control'),
      lmData(gif(64, 64), 'image/gif'),
    );
    const converted = toChatMessages(fakeLm, [message]);
    assert.deepEqual(
      converted[0]!.content.map((p) => p.type),
      ['text', 'toolCall', 'toolResult', 'text', 'data'],
    );
    assert.equal(converted[0]!.role, 'assistant');
    assert.equal(tokenCount(fakeLm, message), estimateTokens(converted));
    assert.ok(tokenCount(fakeLm, message) < 300, 'a small image costs what its size does');
  });
});
