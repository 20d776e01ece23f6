import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamProblem } from '../../src/domain/chat/errors';
import { anthropicBody, AnthropicStreamParser, toAnthropicMessages } from '../../src/domain/chat/formats/anthropic';
import type { SseEvent, StreamParser } from '../../src/domain/chat/formats/common';
import { geminiBody, GeminiStreamParser, toGeminiContents } from '../../src/domain/chat/formats/gemini';
import { openAIChatBody, OpenAIStreamParser, toOpenAIMessages } from '../../src/domain/chat/formats/openai';
import { azureApiStyle, chatRoute } from '../../src/domain/chat/routes';
import { SseReader } from '../../src/domain/chat/sse';
import type { ChatMessage, ChatPart, ChatRequest, ChatResponsePart } from '../../src/domain/chat/types';
import { anthropicRequestToChat, geminiRequestToChat, openAIRequestToChat } from '../support/chatWire';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PNG_B64 = Buffer.from(PNG).toString('base64');
const enc = (text: string) => new TextEncoder().encode(text);

/** A conversation with every kind of part, in the order VS Code sends them. */
const CONVERSATION: ChatMessage[] = [
  { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is in this picture, and what is the weather in Paris?' },
      { type: 'data', mimeType: 'image/png', bytes: PNG },
    ],
  },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'A logo. Checking the weather.' },
      { type: 'toolCall', callId: 'call_1', name: 'get_weather', input: { city: 'Paris', days: 2 } },
      { type: 'toolCall', callId: 'call_2', name: 'get_time', input: {} },
    ],
  },
  {
    role: 'user',
    content: [
      {
        type: 'toolResult',
        callId: 'call_1',
        content: [
          { type: 'text', text: 'Sunny, ' },
          { type: 'text', text: '21 °C' },
        ],
      },
      { type: 'toolResult', callId: 'call_2', content: [{ type: 'text', text: '14:05' }] },
      { type: 'text', text: 'Thanks. Also read this:' },
      { type: 'data', mimeType: 'application/json', bytes: enc('{"note":"café"}') },
      { type: 'data', mimeType: 'cache_control', bytes: enc('ephemeral') },
    ],
  },
];

/** What each format can carry back: tool result texts joined, text data as text, hints dropped. */
function expectedRoundTrip(options: { blankCallIds?: boolean; mergeText?: boolean } = {}): ChatMessage[] {
  const id = (callId: string) => (options.blankCallIds ? '' : callId);
  return [
    CONVERSATION[0]!,
    CONVERSATION[1]!,
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'A logo. Checking the weather.' },
        { type: 'toolCall', callId: id('call_1'), name: 'get_weather', input: { city: 'Paris', days: 2 } },
        { type: 'toolCall', callId: id('call_2'), name: 'get_time', input: {} },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'toolResult', callId: id('call_1'), content: [{ type: 'text', text: 'Sunny, 21 °C' }] },
        { type: 'toolResult', callId: id('call_2'), content: [{ type: 'text', text: '14:05' }] },
        ...((options.mergeText
          ? [{ type: 'text', text: 'Thanks. Also read this:{"note":"café"}' }]
          : [
              { type: 'text', text: 'Thanks. Also read this:' },
              { type: 'text', text: '{"note":"café"}' },
            ]) as ChatPart[]),
      ],
    },
  ];
}

const TOOLS = [{ name: 'get_weather', description: 'Weather by city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } }];
const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'm-1', messages: CONVERSATION, tools: TOOLS, toolMode: 'auto', ...extra });

describe('OpenAI Chat Completions: messages both ways', () => {
  it('builds the documented shape: system role, image_url data URL, tool_calls with JSON arguments, role tool with tool_call_id first', () => {
    const wire = toOpenAIMessages(CONVERSATION);
    assert.deepEqual(wire, [
      { role: 'system', content: 'You are terse.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture, and what is the weather in Paris?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_B64}` } },
        ],
      },
      {
        role: 'assistant',
        content: 'A logo. Checking the weather.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","days":2}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny, 21 °C' },
      { role: 'tool', tool_call_id: 'call_2', content: '14:05' },
      { role: 'user', content: 'Thanks. Also read this:{"note":"café"}' },
    ]);
  });

  it('reads back to the same conversation', () => {
    const back = openAIRequestToChat(openAIChatBody(request(), { includeModel: true }));
    assert.deepEqual(back.messages, expectedRoundTrip({ mergeText: true }));
    assert.equal(back.model, 'm-1');
    assert.deepEqual(back.tools, TOOLS);
    assert.equal(back.toolMode, 'auto');
  });

  it('body: tools as functions, tool_choice, stream with usage, model options passed through but never over the request', () => {
    const body = openAIChatBody(request({ toolMode: 'required', modelOptions: { temperature: 0.2, max_tokens: 100, top_p: 0.9, stop: ['END'], seed: 7, model: 'other', stream: false, messages: [] } }), { includeModel: true });
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: TOOLS[0]!.inputSchema } }]);
    assert.equal(body.tool_choice, 'required');
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.model, 'm-1');
    assert.deepEqual([body.temperature, body.max_tokens, body.top_p, body.stop, body.seed], [0.2, 100, 0.9, ['END'], 7]);
    assert.equal((body.messages as unknown[]).length, 6);
    const noTools = openAIChatBody(request({ tools: [], modelOptions: { tools: 'x', tool_choice: 'x' } }), { includeModel: false });
    assert.equal('tools' in noTools, false, 'OpenAI refuses an empty tools list');
    assert.equal('tool_choice' in noTools, false);
    assert.equal('model' in noTools, false, "Azure's deployments path names the model");
  });

  it('an assistant message with only tool calls has content null; text alone goes as a string', () => {
    const wire = toOpenAIMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      { role: 'assistant', content: [{ type: 'toolCall', callId: 'c', name: 't', input: { x: 1 } }] },
      { role: 'assistant', content: [{ type: 'text', text: '' }] },
    ]);
    assert.deepEqual(wire, [
      { role: 'user', content: 'ab' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 't', arguments: '{"x":1}' } }] },
    ]);
  });
});

describe('Anthropic Messages: messages both ways', () => {
  it('builds the documented shape: top-level system, base64 image block, tool_use, tool_result first in its user message', () => {
    const { system, messages } = toAnthropicMessages(CONVERSATION);
    assert.equal(system, 'You are terse.');
    assert.deepEqual(messages[0], {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture, and what is the weather in Paris?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_B64 } },
      ],
    });
    assert.deepEqual(messages[1]!.content[1], { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris', days: 2 } });
    assert.deepEqual(messages[2]!.content.slice(0, 2), [
      { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: 'Sunny, 21 °C' }] },
      { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '14:05' }] },
    ]);
    assert.equal(messages.length, 3);
  });

  it('reads back to the same conversation', () => {
    const back = anthropicRequestToChat(anthropicBody(request()));
    assert.deepEqual(back.messages, expectedRoundTrip());
    assert.deepEqual(back.tools, TOOLS);
    assert.equal(back.toolMode, 'auto');
  });

  it('body: max_tokens from options, else the model limit, else 4096; stop as stop_sequences; tool_choice any; input_schema', () => {
    assert.equal(anthropicBody(request()).max_tokens, 4096);
    assert.equal(anthropicBody(request({ maxOutputTokens: 64000 })).max_tokens, 64000);
    const body = anthropicBody(request({ maxOutputTokens: 64000, toolMode: 'required', modelOptions: { max_tokens: 512, temperature: 0, stop: 'Human:', top_k: 5, system: 'override?' } }));
    assert.equal(body.max_tokens, 512);
    assert.deepEqual(body.stop_sequences, ['Human:']);
    assert.equal('stop' in body, false);
    assert.deepEqual([body.temperature, body.top_k], [0, 5]);
    assert.equal(body.system, 'You are terse.', 'options never replace the system prompt');
    assert.deepEqual(body.tool_choice, { type: 'any' });
    assert.deepEqual(body.tools, [{ name: 'get_weather', description: 'Weather by city', input_schema: TOOLS[0]!.inputSchema }]);
    assert.equal(body.stream, true);
    const plain = anthropicBody({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    assert.equal('system' in plain, false);
    assert.equal('tools' in plain, false);
  });
});

describe('Gemini generateContent: contents both ways', () => {
  it('builds the documented shape: systemInstruction, roles user/model, inlineData, functionCall, functionResponse named after its call', () => {
    const { systemInstruction, contents } = toGeminiContents(CONVERSATION);
    assert.deepEqual(systemInstruction, { parts: [{ text: 'You are terse.' }] });
    assert.deepEqual(
      contents.map((c) => c.role),
      ['user', 'model', 'user'],
    );
    assert.deepEqual(contents[0]!.parts[1], { inlineData: { mimeType: 'image/png', data: PNG_B64 } });
    assert.deepEqual(contents[1]!.parts.slice(1), [{ functionCall: { name: 'get_weather', args: { city: 'Paris', days: 2 } } }, { functionCall: { name: 'get_time', args: {} } }]);
    assert.deepEqual(contents[2]!.parts.slice(0, 2), [{ functionResponse: { name: 'get_weather', response: { output: 'Sunny, 21 °C' } } }, { functionResponse: { name: 'get_time', response: { output: '14:05' } } }]);
  });

  it('reads back to the same conversation (Gemini calls carry no ids)', () => {
    const back = geminiRequestToChat(geminiBody(request()));
    assert.deepEqual(back.messages, expectedRoundTrip({ blankCallIds: true }));
    assert.deepEqual(back.tools, TOOLS);
    assert.equal(back.toolMode, 'auto');
  });

  it('body: functionDeclarations with parametersJsonSchema, mode ANY, generationConfig from model options, safetySettings at the top', () => {
    const safety = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }];
    const body = geminiBody(request({ toolMode: 'required', modelOptions: { temperature: 0.5, max_tokens: 256, top_p: 0.8, top_k: 40, stop: 'END', response_mime_type: 'text/plain', safetySettings: safety } }));
    assert.deepEqual(body.tools, [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather by city', parametersJsonSchema: TOOLS[0]!.inputSchema }] }]);
    assert.deepEqual(body.toolConfig, { functionCallingConfig: { mode: 'ANY' } });
    assert.deepEqual(body.generationConfig, { temperature: 0.5, maxOutputTokens: 256, topP: 0.8, topK: 40, stopSequences: ['END'], responseMimeType: 'text/plain' });
    assert.deepEqual(body.safetySettings, safety);
    assert.equal('model' in body, false, 'the model is in the URL');
    assert.equal('generationConfig' in geminiBody({ model: 'm', messages: CONVERSATION }), false);
  });

  it('consecutive messages of one role are merged; a tool result without its call is refused', () => {
    const { contents } = toGeminiContents([
      { role: 'user', content: [{ type: 'text', text: 'a' }] },
      { role: 'user', content: [{ type: 'text', text: 'b' }] },
    ]);
    assert.deepEqual(contents, [{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }]);
    assert.throws(() => toGeminiContents([{ role: 'user', content: [{ type: 'toolResult', callId: 'x', content: [] }] }]), /no earlier message made/);
  });
});

// ---- the answers: events into parts --------------------------------------------------------

function run(parser: StreamParser, events: SseEvent[]): ChatResponsePart[] {
  const out: ChatResponsePart[] = [];
  for (const event of events) parser.event(event, out);
  parser.end(out);
  return out;
}
const data = (value: unknown): SseEvent => ({ data: JSON.stringify(value) });

describe('stream parsers: events into response parts', () => {
  it('OpenAI: parallel tool calls interleaved by index, refusal as text, usage, [DONE]', () => {
    const chunk = (delta: unknown, finish: string | null = null) => data({ choices: [{ index: 0, delta, finish_reason: finish }] });
    const parts = run(new OpenAIStreamParser(), [
      data({ choices: [], prompt_filter_results: [] }),
      chunk({ role: 'assistant', content: 'Hi' }),
      chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '{"x"' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }),
      chunk({
        tool_calls: [
          { index: 1, function: { arguments: '{"y":[1,' } },
          { index: 1, function: { arguments: '2]}' } },
        ],
      }),
      chunk({ refusal: 'no' }),
      chunk({}, 'tool_calls'),
      data({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 } }),
      { data: '[DONE]' },
    ]);
    assert.deepEqual(parts, [
      { type: 'text', text: 'Hi' },
      { type: 'text', text: 'no' },
      { type: 'toolCall', callId: 'a', name: 'f', input: { x: 1 } },
      { type: 'toolCall', callId: 'b', name: 'g', input: { y: [1, 2] } },
      { type: 'usage', inputTokens: 11, outputTokens: 5 },
    ]);
  });

  it('OpenAI: arguments that are not a JSON object, an event that is not JSON, and an error object are problems of the right kind', () => {
    const bad = (events: SseEvent[]) => {
      try {
        run(new OpenAIStreamParser(), events);
      } catch (error) {
        assert.ok(error instanceof StreamProblem);
        return error;
      }
      assert.fail('no problem raised');
    };
    const call = (args: string) => data({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: args } }] }, finish_reason: 'tool_calls' }] });
    assert.deepEqual(bad([call('{"x":')]).problem, { code: 'chat.toolArgsNotJson', tool: 'f' });
    assert.deepEqual(bad([call('[1]')]).problem, { code: 'chat.toolArgsNotObject', tool: 'f' });
    assert.equal(bad([{ data: 'not json' }]).kind, 'badResponse');
    const limited = bad([data({ error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' } })]);
    assert.deepEqual([limited.kind, limited.said], ['rateLimited', 'slow down']);
    assert.deepEqual(bad([data({ choices: [{ index: 0, delta: { content: 'x' } }] })]).problem, { code: 'chat.endedEarly' });
  });

  it('Anthropic: text in the block start and deltas, tool input in pieces, usage from message_start and message_delta, ping ignored', () => {
    const parts = run(new AnthropicStreamParser(), [
      data({ type: 'message_start', message: { usage: { input_tokens: 30, output_tokens: 1 } } }),
      data({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'A' } }),
      data({ type: 'ping' }),
      data({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'B' } }),
      data({ type: 'content_block_stop', index: 0 }),
      data({ type: 'content_block_start', index: 1, content_block: { type: 'thinking', thinking: '' } }),
      data({ type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 'hmm' } }),
      data({ type: 'content_block_stop', index: 1 }),
      data({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} } }),
      data({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } }),
      data({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"q": "caf' } }),
      data({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'é"}' } }),
      data({ type: 'content_block_stop', index: 2 }),
      data({ type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_2', name: 'g', input: {} } }),
      data({ type: 'content_block_stop', index: 3 }),
      data({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 42 } }),
      data({ type: 'message_stop' }),
    ]);
    assert.deepEqual(parts, [
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B' },
      { type: 'toolCall', callId: 'toolu_1', name: 'f', input: { q: 'café' } },
      { type: 'toolCall', callId: 'toolu_2', name: 'g', input: {} },
      { type: 'usage', inputTokens: 30, outputTokens: 42 },
    ]);
  });

  it('Anthropic: an error event is a problem of its type', () => {
    const parser = new AnthropicStreamParser();
    const out: ChatResponsePart[] = [];
    parser.event(data({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'partial' } }), out);
    assert.throws(
      () => parser.event({ event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'Too many' } }) }, out),
      (error: unknown) => error instanceof StreamProblem && error.kind === 'rateLimited' && error.said === 'Too many',
    );
    assert.deepEqual(out, [{ type: 'text', text: 'partial' }]);
  });

  it("Gemini: text parts, thought parts skipped, whole function calls with our ids or the model's, the last usage (thoughts count as output)", () => {
    let n = 0;
    const parts = run(new GeminiStreamParser((name) => `${name}#${n++}`), [
      data({ candidates: [{ content: { role: 'model', parts: [{ text: 'thinking…', thought: true }, { text: 'Hel' }] } }], usageMetadata: { promptTokenCount: 9 } }),
      data({ candidates: [{ content: { role: 'model', parts: [{ text: 'lo' }, { functionCall: { name: 'f', args: { a: 1 } } }, { functionCall: { id: 'given', name: 'g' } }] } }] }),
      data({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 4, thoughtsTokenCount: 3 } }),
    ]);
    assert.deepEqual(parts, [
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'toolCall', callId: 'f#0', name: 'f', input: { a: 1 } },
      { type: 'toolCall', callId: 'given', name: 'g', input: {} },
      { type: 'usage', inputTokens: 10, outputTokens: 7 },
    ]);
  });

  it('Gemini: a blocked prompt and an error object are problems', () => {
    assert.throws(
      () => run(new GeminiStreamParser(), [data({ promptFeedback: { blockReason: 'SAFETY' } })]),
      (e: unknown) => e instanceof StreamProblem && e.problem.code === 'chat.blocked' && e.problem.reason === 'SAFETY',
    );
    assert.throws(
      () => run(new GeminiStreamParser(), [data({ error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } })]),
      (e: unknown) => e instanceof StreamProblem && e.kind === 'rateLimited',
    );
  });
});

describe('server-sent events through eventsource-parser', () => {
  const STREAM = 'event: message_start\r\ndata: {"a":1}\r\n\r\n: a comment\n\ndata: {"b":\ndata: 2}\n\nevent: ping\ndata: {}\n\ndata: {"é":"ü"}';
  const read = (chunks: string[]) => {
    const events: SseEvent[] = [];
    const reader = new SseReader((e) => events.push({ event: e.event, data: e.data }));
    for (const chunk of chunks) reader.feed(chunk);
    reader.end();
    return events;
  };

  it('gives the same events however the text is cut, with CRLF, comments and multi-line data; a last event without its blank line is dropped', () => {
    const whole = read([STREAM]);
    assert.deepEqual(whole, [
      { event: 'message_start', data: '{"a":1}' },
      { event: undefined, data: '{"b":\n2}' },
      { event: 'ping', data: '{}' },
    ]);
    assert.deepEqual(read([STREAM, '\n\n']).at(-1), { event: undefined, data: '{"é":"ü"}' });
    assert.deepEqual(read([...STREAM]), whole, 'one character at a time');
    for (let cut = 1; cut < STREAM.length; cut += 7) assert.deepEqual(read([STREAM.slice(0, cut), STREAM.slice(cut)]), whole, `cut at ${cut}`);
  });

  it('an event that never ends past the limit is a bad response, not unbounded memory', () => {
    const reader = new SseReader(() => undefined, 1024);
    assert.throws(
      () => reader.feed(`data: ${'x'.repeat(2048)}`),
      (e: unknown) => e instanceof StreamProblem && e.kind === 'badResponse',
    );
  });
});

describe('routes', () => {
  it('Azure: API Version "v1" or "preview" selects the v1 API, a dated version (or none) the deployments path', () => {
    assert.deepEqual(azureApiStyle('v1'), { style: 'v1' });
    assert.deepEqual(azureApiStyle(' V1 '), { style: 'v1' });
    assert.deepEqual(azureApiStyle('preview'), { style: 'v1', query: { 'api-version': 'preview' } });
    assert.deepEqual(azureApiStyle('2025-04-01-preview'), { style: 'deployments', apiVersion: '2025-04-01-preview' });
    assert.deepEqual(azureApiStyle(undefined), { style: 'deployments', apiVersion: '2024-10-21' });
    const dep = chatRoute({ providerId: 'azure-openai', settings: { apiVersion: '2024-10-21' } }, 'my deployment');
    assert.deepEqual(dep, { format: 'openai', target: { path: '/openai/deployments/my%20deployment/chat/completions', query: { 'api-version': '2024-10-21' } }, modelInBody: false });
  });

  it('Gemini model ids with or without models/ are encoded into the path; custom connections have no chat route', () => {
    assert.equal(chatRoute({ providerId: 'google-gemini', settings: {} }, 'models/gemini-2.0-flash')!.target.path, '/v1beta/models/gemini-2.0-flash:streamGenerateContent');
    assert.equal(chatRoute({ providerId: 'google-gemini', settings: {} }, '../x?key=1')!.target.path, '/v1beta/models/..%2Fx%3Fkey%3D1:streamGenerateContent');
    assert.equal(chatRoute({ providerId: 'custom', settings: {} }, 'x'), undefined);
  });
});
