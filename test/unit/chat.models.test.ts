import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { chatModelInfo, chatModels, DEFAULT_LIMITS, isChatModel, knownModel } from '../../src/domain/chat/models';
import { COMPATIBLE_LISTS } from '../support/compatibleServers';

/** Model lists shaped like each provider's documented answers. */
const OPENAI_LIST = {
  object: 'list',
  data: [
    'gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1',
    'o3',
    'chatgpt-4o-latest',
    'gpt-5',
    'text-embedding-3-small',
    'dall-e-3',
    'gpt-image-1',
    'tts-1',
    'gpt-4o-mini-tts',
    'whisper-1',
    'gpt-4o-transcribe',
    'omni-moderation-latest',
    'gpt-3.5-turbo-instruct',
    'babbage-002',
    'davinci-002',
    'o1-pro',
    'gpt-4o-realtime-preview',
    'gpt-4o-audio-preview',
    'codex-mini-latest',
    'computer-use-preview',
    'sora-2',
  ].map((id) => ({ id, object: 'model', created: 1715367049, owned_by: 'system' })),
};
const GEMINI_LIST = {
  models: [
    { name: 'models/gemini-2.0-flash', displayName: 'Gemini 2.0 Flash', inputTokenLimit: 1048576, outputTokenLimit: 8192, supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent'] },
    { name: 'models/gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] },
    { name: 'models/text-embedding-004', displayName: 'Text Embedding 004', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent'] },
    { name: 'models/imagen-3.0-generate-002', displayName: 'Imagen 3.0', inputTokenLimit: 480, outputTokenLimit: 8192, supportedGenerationMethods: ['predict'] },
    { name: 'models/aqa', displayName: 'Model that performs Attributed Question Answering.', inputTokenLimit: 7168, outputTokenLimit: 1024, supportedGenerationMethods: ['generateAnswer'] },
    { name: 'models/gemini-2.5-flash-preview-tts', displayName: 'Gemini 2.5 Flash TTS', inputTokenLimit: 8192, outputTokenLimit: 16384, supportedGenerationMethods: ['countTokens', 'generateContent'] },
  ],
};
const ANTHROPIC_LIST = {
  data: [
    { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z', max_input_tokens: 200000, max_tokens: 64000, capabilities: { image_input: { supported: true } } },
    { type: 'model', id: 'claude-3-5-haiku-20241022', display_name: 'Claude Haiku 3.5', created_at: '2024-10-22T00:00:00Z' },
  ],
  has_more: false,
};
const MISTRAL_LIST = {
  object: 'list',
  data: [
    { id: 'mistral-large-latest', object: 'model', name: 'mistral-large-2411', max_context_length: 131072, capabilities: { completion_chat: true, function_calling: true, vision: false } },
    { id: 'pixtral-large-latest', object: 'model', max_context_length: 131072, capabilities: { completion_chat: true, function_calling: true, vision: true } },
    { id: 'mistral-embed', object: 'model', max_context_length: 8192, capabilities: { completion_chat: false, function_calling: false, vision: false } },
    { id: 'mistral-moderation-latest', object: 'model', max_context_length: 8192, capabilities: { completion_chat: false } },
  ],
};
const AZURE_LIST = {
  data: [
    { id: 'gpt-4o-2024-08-06', capabilities: { chat_completion: true, embeddings: false } },
    { id: 'text-embedding-3-large', capabilities: { chat_completion: false, embeddings: true } },
  ],
};
/** Ollama's /api/show for llama3.2 (model_info abridged). */
const OLLAMA_SHOW = {
  model: 'llama3.2:latest',
  parameters: 'stop                           "<|start_header_id|>"\nstop                           "<|eot_id|>"',
  details: { family: 'llama', parameter_size: '3.2B' },
  model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072, 'llama.embedding_length': 3072 },
  capabilities: ['completion', 'tools'],
};

describe('chat model filter', () => {
  it('OpenAI: keeps chat models, leaves out embedding, image, audio, moderation, legacy completion and Responses-only models by name', () => {
    assert.deepEqual(
      chatModels('openai', OPENAI_LIST).map((m) => m.id),
      ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3', 'chatgpt-4o-latest', 'gpt-5'],
    );
  });

  it('Gemini: by supportedGenerationMethods, and speech models by name', () => {
    assert.deepEqual(
      chatModels('google-gemini', GEMINI_LIST).map((m) => m.id),
      ['gemini-2.0-flash', 'gemini-2.5-pro'],
    );
  });

  it('Mistral and Azure: by their capability flags; Anthropic: every Claude model', () => {
    assert.deepEqual(
      chatModels('mistral', MISTRAL_LIST).map((m) => m.id),
      ['mistral-large-latest', 'pixtral-large-latest'],
    );
    assert.deepEqual(
      chatModels('azure-openai', AZURE_LIST).map((m) => m.id),
      ['gpt-4o-2024-08-06'],
    );
    assert.equal(chatModels('anthropic', ANTHROPIC_LIST).length, 2);
  });

  it('Ollama: embedding models by capabilities or name; instruct-tuned models stay', () => {
    assert.equal(isChatModel('ollama', OLLAMA_SHOW), true);
    assert.equal(isChatModel('ollama', { model: 'nomic-embed-text:latest', capabilities: ['embedding'] }), false);
    assert.equal(isChatModel('ollama', { name: 'mxbai-embed-large:latest' }), false);
    assert.equal(isChatModel('ollama', { name: 'llama3.1:8b-instruct-q4_K_M' }), true);
    assert.equal(isChatModel('openai-compatible', { id: 'mistralai/Mistral-7B-Instruct-v0.3' }), true);
  });
});

describe('chat model limits and capabilities', () => {
  it("Anthropic: the provider's max_input_tokens, max_tokens and image capability; the table for an entry without them", () => {
    const [sonnet, haiku] = chatModels('anthropic', ANTHROPIC_LIST);
    assert.deepEqual(sonnet, {
      id: 'claude-sonnet-4-5-20250929',
      name: 'Claude Sonnet 4.5',
      family: 'claude-sonnet-4',
      maxInputTokens: 200000,
      maxOutputTokens: 64000,
      capabilities: { toolCalling: true, imageInput: true },
      source: 'provider',
      capabilitySources: { toolCalling: 'table', imageInput: 'provider' },
    });
    assert.deepEqual(haiku, {
      id: 'claude-3-5-haiku-20241022',
      name: 'Claude Haiku 3.5',
      family: 'claude-3.5-haiku',
      maxInputTokens: 200000 - 8192,
      maxOutputTokens: 8192,
      capabilities: { toolCalling: true, imageInput: false },
      source: 'table',
      capabilitySources: { toolCalling: 'table', imageInput: 'table' },
    });
  });

  it('each capability says where it came from: the server, the table, or an assumption', () => {
    const [coder] = chatModels('openai-compatible', COMPATIBLE_LISTS.openrouter);
    assert.deepEqual(coder!.capabilitySources, { toolCalling: 'provider', imageInput: 'provider' });
    const [plain] = chatModels('openai-compatible', COMPATIBLE_LISTS.plain);
    assert.deepEqual(plain!.capabilitySources, { toolCalling: 'default', imageInput: 'default' }, 'tools assumed, no images by default');
    const [gpt4o] = chatModels('openai-compatible', { data: [{ id: 'gpt-4o' }] });
    assert.deepEqual(
      [gpt4o!.capabilities, gpt4o!.capabilitySources],
      [
        { toolCalling: true, imageInput: true },
        { toolCalling: 'default', imageInput: 'table' },
      ],
      'tools assumed before the table; images from the table',
    );
    const [flash] = chatModels('google-gemini', GEMINI_LIST);
    assert.deepEqual([flash!.source, flash!.capabilitySources], ['provider', { toolCalling: 'table', imageInput: 'table' }], "Gemini's list gives limits, not capabilities");
    const llama = chatModelInfo('ollama', OLLAMA_SHOW);
    assert.deepEqual(llama.capabilitySources, { toolCalling: 'provider', imageInput: 'provider' });
  });

  it('Gemini: inputTokenLimit and outputTokenLimit as given', () => {
    const [flash, pro] = chatModels('google-gemini', GEMINI_LIST);
    assert.deepEqual([flash!.maxInputTokens, flash!.maxOutputTokens, flash!.name, flash!.source], [1048576, 8192, 'Gemini 2.0 Flash', 'provider']);
    assert.deepEqual([pro!.maxOutputTokens, pro!.family, pro!.capabilities], [65536, 'gemini-2.5', { toolCalling: true, imageInput: true }]);
  });

  it('Mistral: the context window shared with the answer; capabilities from its flags', () => {
    const [large, pixtral] = chatModels('mistral', MISTRAL_LIST);
    assert.deepEqual([large!.maxInputTokens, large!.maxOutputTokens, large!.capabilities], [131072 - 8192, 8192, { toolCalling: true, imageInput: false }]);
    assert.equal(pixtral!.capabilities.imageInput, true);
  });

  it('Ollama /api/show: context length from model_info, num_ctx in parameters winning, capabilities', () => {
    const info = chatModelInfo('ollama', OLLAMA_SHOW);
    assert.deepEqual([info.id, info.maxInputTokens, info.maxOutputTokens, info.capabilities, info.source], ['llama3.2:latest', 131072 - 4096, 4096, { toolCalling: true, imageInput: false }, 'provider']);
    const small = chatModelInfo('ollama', { ...OLLAMA_SHOW, parameters: 'num_ctx 4096\nstop "x"', capabilities: ['completion', 'vision'] });
    assert.deepEqual([small.maxInputTokens, small.maxOutputTokens, small.capabilities], [2048, 2048, { toolCalling: false, imageInput: true }]);
  });

  it('OpenAI and Azure lists carry no limits: the table of families, else the conservative default', () => {
    const byId = new Map(chatModels('openai', OPENAI_LIST).map((m) => [m.id, m]));
    assert.deepEqual([byId.get('gpt-4o')!.maxInputTokens, byId.get('gpt-4o')!.maxOutputTokens, byId.get('gpt-4o')!.source], [128000 - 16384, 16384, 'table']);
    assert.equal(byId.get('gpt-4.1')!.maxOutputTokens, 32768);
    assert.deepEqual([byId.get('o3')!.family, byId.get('o3')!.maxInputTokens], ['o-series', 100000]);
    const unknown = byId.get('chatgpt-4o-latest')!;
    assert.deepEqual([unknown.maxInputTokens, unknown.maxOutputTokens, unknown.capabilities, unknown.source], [DEFAULT_LIMITS.maxInputTokens, DEFAULT_LIMITS.maxOutputTokens, DEFAULT_LIMITS.capabilities, 'default']);
    assert.equal(chatModels('azure-openai', AZURE_LIST)[0]!.family, 'gpt-4o');
  });

  it("OpenAI-compatible: vLLM's max_model_len, OpenRouter's context_length, tools and image input; otherwise tools are assumed", () => {
    const [vllm] = chatModels('openai-compatible', COMPATIBLE_LISTS.vllm);
    assert.equal(vllm!.maxInputTokens + vllm!.maxOutputTokens, 32768, 'the window from max_model_len');
    assert.equal(vllm!.source, 'provider');
    assert.equal(vllm!.capabilities.toolCalling, true);
    const [coder, story] = chatModels('openai-compatible', COMPATIBLE_LISTS.openrouter);
    assert.deepEqual([coder!.maxInputTokens, coder!.maxOutputTokens], [262144 - 32768, 32768], 'max_completion_tokens is the output limit');
    assert.deepEqual(coder!.capabilities, { toolCalling: true, imageInput: true });
    assert.deepEqual(story!.capabilities, { toolCalling: false, imageInput: false }, 'no "tools" among supported_parameters');
    const [plain] = chatModels('openai-compatible', COMPATIBLE_LISTS.plain);
    assert.deepEqual([plain!.maxInputTokens, plain!.maxOutputTokens, plain!.source], [DEFAULT_LIMITS.maxInputTokens, DEFAULT_LIMITS.maxOutputTokens, 'default']);
    assert.equal(plain!.capabilities.toolCalling, true, 'a chat model of an OpenAI-compatible server is taken to call tools');
    // The same ids at OpenAI keep the conservative default.
    assert.equal(chatModelInfo('openai', { id: 'local-coder-1' }).capabilities.toolCalling, false);
  });

  it('OpenAI-compatible metadata of any other shape is ignored: limits stay positive integers, flags booleans', () => {
    const anything = fc.oneof(fc.anything(), fc.integer(), fc.double(), fc.array(fc.string()), fc.constant(null));
    fc.assert(
      fc.property(fc.record({ max_model_len: anything, context_length: anything, top_provider: anything, supported_parameters: anything, architecture: anything }, { requiredKeys: [] }), (extra) => {
        const info = chatModelInfo('openai-compatible', { id: 'm', ...extra });
        for (const limit of [info.maxInputTokens, info.maxOutputTokens]) assert.ok(Number.isSafeInteger(limit) && limit > 0, `limit ${limit}`);
        assert.equal(typeof info.capabilities.toolCalling, 'boolean');
        assert.equal(typeof info.capabilities.imageInput, 'boolean');
      }),
    );
  });

  it('the table matches ids with a provider prefix or tag, the more specific family first', () => {
    assert.equal(knownModel('openai/gpt-4o-mini')?.family, 'gpt-4o');
    assert.equal(knownModel('llama3.1:70b')?.family, 'llama3');
    assert.equal(knownModel('llama3:8b')?.maxInputTokens, 8192 - 2048);
    assert.equal(knownModel('o3-mini')?.capabilities.imageInput, false);
    assert.equal(knownModel('claude-opus-4-1-20250805')?.maxOutputTokens, 32000);
    assert.equal(knownModel('mistral-large-2411')?.family, 'mistral');
    assert.equal(knownModel('my-fine-tune'), undefined);
  });
});
