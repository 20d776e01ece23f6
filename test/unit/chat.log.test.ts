import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chatLog } from '../../src/domain/chat/chatLog';
import { logText } from '../../src/domain/text/inert';

/** What would start a new line in the Output log, or reorder one: controls, LS/PS, NEL, bidi. */
const LINE_BREAKING = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** Model ids and aliases as a hostile server or a hand-edited setting could give them. */
const HOSTILE = [
  "gpt-4o\n2026-01-01 12:00:00.000 [error] Secret storage refused the secrets of 'prod'",
  "gpt-4o\r\n[info] Tested 'prod': ok.",
  'gpt-4o\u2028[warn] forged\u2029[warn] forged too',
  'gpt-4o\u0085[warn] next line',
  'gpt-\u202Eo4\u202C and \u2066isolated\u2069',
  `gpt-4o ${'x'.repeat(5000)}`,
];

describe('the chat log: one line per event, whatever a model id or alias holds', () => {
  for (const id of HOSTILE) {
    it(`model id ${JSON.stringify(id).slice(0, 40)}: every line is one line, capped, and the id reads escaped`, () => {
      const log = chatLog(id, id);
      const lines = [log.ok(12.3, 456.7, { inputTokens: 10, outputTokens: 2 }), log.ok(undefined, 1), log.failed('auth', 401, 20)];
      for (const line of lines) {
        assert.ok(!LINE_BREAKING.test(line), JSON.stringify(line));
        assert.ok(line.length < 400, `capped: ${line.length} characters`);
        assert.ok(line.startsWith("Chat '"), line);
      }
      if (id.startsWith('gpt-4o\n')) assert.ok(lines[0]!.includes('gpt-4o\\u000a2026-01-01'), 'a line break reads as its escape');
    });
  }

  it('ordinary ids and aliases are written as they are', () => {
    const log = chatLog('prod', 'llama3.2:latest');
    assert.equal(log.ok(12.3, 456.7, { inputTokens: 10 }), "Chat 'prod' llama3.2:latest: ok, first part after 12 ms, 457 ms in all, 10 tokens in, ? out.");
    assert.equal(log.failed('rateLimited', 429, 20), "Chat 'prod' llama3.2:latest: rateLimited (429) after 20 ms.");
    assert.equal(logText('claude-sonnet-4-20250514'), 'claude-sonnet-4-20250514');
  });
});

describe('the chat log names a dropped tool call on one line', () => {
  it('a tool name with line breaks, direction marks or of any length is one escaped, capped line', () => {
    const log = chatLog('prod', 'gpt-4o');
    assert.equal(log.unofferedToolCall('run_in_terminal'), "Chat 'prod' gpt-4o: dropped a call to the tool 'run_in_terminal', which the request did not offer.");
    for (const name of ['get_weather\n2026-01-01 [error] forged', 'a\u2028b\u202Ec', 'x'.repeat(10_000)]) {
      const line = log.unofferedToolCall(name);
      assert.ok(!LINE_BREAKING.test(line), JSON.stringify(line));
      assert.ok(line.length < 200, `capped: ${line.length} characters`);
    }
    assert.ok(log.unofferedToolCall('get_weather\n[x]').includes("'get_weather\\u000a[x]'"));
  });
});
