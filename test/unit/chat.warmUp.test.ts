import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { streamChat } from '../../src/domain/chat/client';
import type { WireFormatId } from '../../src/domain/chat/routes';
import type { ChatRequest } from '../../src/domain/chat/types';
import { WARM_UP_TOOL, warmUpStandIns } from '../../src/domain/chat/warmUp';

const REQUEST: ChatRequest = {
  model: 'warm-up',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Answer briefly.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Say ok.' }] },
  ],
  tools: [WARM_UP_TOOL],
  toolMode: 'auto',
  maxOutputTokens: 16,
};

describe('the chat warm-up before the first request', () => {
  const realFetch = globalThis.fetch;
  let networkCalls: string[];

  beforeEach(() => {
    networkCalls = [];
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0]) => {
      networkCalls.push(String(input instanceof Request ? input.url : input));
      throw new Error('the warm-up must not use the network');
    }) as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("streams each wire format's stand-in answer through the request code, from memory: nothing reaches fetch", async () => {
    const formats: WireFormatId[] = ['openai', 'anthropic', 'gemini'];
    const standIns = warmUpStandIns([...formats, 'openai']);
    assert.deepEqual(
      standIns.map((s) => s.format),
      formats,
      'each format once',
    );
    for (const standIn of standIns) {
      let text = '';
      let usage = false;
      for await (const part of streamChat(standIn.connection, standIn.secrets, REQUEST, { timeoutMs: 5000, fetch: standIn.fetch })) {
        if (part.type === 'text') text += part.text;
        if (part.type === 'usage') usage = true;
      }
      assert.equal(text, 'ok', `${standIn.format}: the answer came through the format's parser`);
      assert.equal(usage, true, `${standIn.format}: the stream ran to its usage`);
    }
    assert.deepEqual(networkCalls, [], 'nothing was handed to fetch');
  });

  it('stand-ins name no real host and carry no key of the user', () => {
    for (const { connection, secrets } of warmUpStandIns(['openai', 'anthropic', 'gemini'])) {
      assert.match(String(connection.settings.baseUrl), /^http:\/\/warm-up\.invalid(\/|$)/, 'a host that can never resolve');
      for (const value of Object.values(secrets)) assert.equal(value, 'warm-up', 'a placeholder, not a key');
    }
  });
});
