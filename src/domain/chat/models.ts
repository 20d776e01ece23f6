/**
 * What a model can take and do, for the chat model picker: its input and output token limits and
 * whether it calls tools and reads images, shaped after VS Code's `LanguageModelChatInformation`.
 *
 * Figures come, in this order, from:
 * 1. the provider's own model metadata: Anthropic's `/v1/models` entries (`max_input_tokens`,
 *    `max_tokens`, `capabilities`), Gemini's `/v1beta/models` entries (`inputTokenLimit`,
 *    `outputTokenLimit`), Mistral's `/v1/models` entries (`max_context_length`,
 *    `capabilities`), Ollama's `/api/show` (`model_info` `<architecture>.context_length`, a
 *    `num_ctx` in `parameters` winning over it since Ollama uses that, and `capabilities`),
 *    an OpenAI-compatible server's `/v1/models` entries (vLLM's `max_model_len`, OpenRouter's
 *    `context_length` and `supported_parameters`) or, where the list carries none, its own
 *    endpoint (LM Studio's `/api/v0/models`, LiteLLM's `/model/info`: serverModels.ts), whose
 *    figures win; an OpenAI-compatible server's chat model is otherwise taken to call tools;
 * 2. the table of well-known families below (`KNOWN_MODELS`), for what the metadata leaves out;
 * 3. a conservative default (`DEFAULT_LIMITS`): 8,192 in, 4,096 out, no tools, no images.
 *
 * Each figure records which of these it came from (`source`, `capabilitySources`), so the user
 * sees why a model is offered as it is; their own settings (`aiConnections.chat.modelOverrides`,
 * see overrides.ts) come on top.
 *
 * Where a provider shares one context window between input and output (OpenAI, Anthropic's
 * table rows, Mistral, Ollama, OpenAI-compatible servers), the input limit is the window less the output limit, so a full
 * prompt still leaves room for the answer.
 */

import { z } from 'zod';
import { OPENAI_COMPATIBLE_PROVIDERS } from '../providers/services';
import type { ServerModel, ServerModels } from '../serverModel';

export interface ChatModelCapabilities {
  toolCalling: boolean;
  imageInput: boolean;
}

/** Where a figure came from: the provider's metadata, the table of known families, or an assumption (the default). */
export type InfoSource = 'provider' | 'table' | 'default';

export interface ChatModelInfo {
  id: string;
  name: string;
  family: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: ChatModelCapabilities;
  /** Where the limits came from. */
  source: InfoSource;
  /** Where each capability came from; absent in lists kept before they were recorded (then `source`). */
  capabilitySources?: { toolCalling: InfoSource; imageInput: InfoSource };
}

export interface KnownModel {
  /** Matched against the model id (or deployment name) in lower case. */
  pattern: RegExp;
  family: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: ChatModelCapabilities;
}

const tools = (imageInput: boolean): ChatModelCapabilities => ({ toolCalling: true, imageInput });
/** A shared context window: input is what the answer leaves. */
const shared = (window: number, output: number) => ({ maxInputTokens: window - output, maxOutputTokens: output });

/** Well-known families, first match wins (so the more specific rows come first). */
const KNOWN_MODELS: readonly KnownModel[] = [
  { pattern: /^gpt-5/, family: 'gpt-5', maxInputTokens: 272_000, maxOutputTokens: 128_000, capabilities: tools(true) },
  { pattern: /^gpt-4\.1/, family: 'gpt-4.1', ...shared(1_047_576, 32_768), capabilities: tools(true) },
  { pattern: /^gpt-4o/, family: 'gpt-4o', ...shared(128_000, 16_384), capabilities: tools(true) },
  { pattern: /^gpt-4-turbo|^gpt-4-\d{4}-preview/, family: 'gpt-4-turbo', ...shared(128_000, 4_096), capabilities: tools(true) },
  { pattern: /^gpt-4(-\d+)?$/, family: 'gpt-4', ...shared(8_192, 4_096), capabilities: tools(false) },
  { pattern: /^gpt-35-turbo|^gpt-3\.5-turbo/, family: 'gpt-3.5-turbo', ...shared(16_385, 4_096), capabilities: tools(false) },
  { pattern: /^o1-mini/, family: 'o1-mini', ...shared(128_000, 65_536), capabilities: { toolCalling: false, imageInput: false } },
  { pattern: /^o3-mini/, family: 'o3-mini', ...shared(200_000, 100_000), capabilities: tools(false) },
  { pattern: /^o\d/, family: 'o-series', ...shared(200_000, 100_000), capabilities: tools(true) },
  { pattern: /^claude-opus-4/, family: 'claude-opus-4', ...shared(200_000, 32_000), capabilities: tools(true) },
  { pattern: /^claude-3-7-sonnet|^claude-sonnet-4|^claude-haiku-4/, family: 'claude-sonnet-4', ...shared(200_000, 64_000), capabilities: tools(true) },
  { pattern: /^claude-3-5-haiku/, family: 'claude-3.5-haiku', ...shared(200_000, 8_192), capabilities: tools(false) },
  { pattern: /^claude-3-5/, family: 'claude-3.5', ...shared(200_000, 8_192), capabilities: tools(true) },
  { pattern: /^claude-3/, family: 'claude-3', ...shared(200_000, 4_096), capabilities: tools(true) },
  { pattern: /^claude-/, family: 'claude', ...shared(200_000, 32_000), capabilities: tools(true) },
  { pattern: /^gemini-1\.5-pro/, family: 'gemini-1.5-pro', maxInputTokens: 2_097_152, maxOutputTokens: 8_192, capabilities: tools(true) },
  { pattern: /^gemini-(2\.5|3)/, family: 'gemini-2.5', maxInputTokens: 1_048_576, maxOutputTokens: 65_536, capabilities: tools(true) },
  { pattern: /^gemini-/, family: 'gemini', maxInputTokens: 1_048_576, maxOutputTokens: 8_192, capabilities: tools(true) },
  { pattern: /^(mistral-large|mistral-medium|mistral-small|magistral)/, family: 'mistral', ...shared(131_072, 8_192), capabilities: tools(false) },
  { pattern: /^pixtral/, family: 'pixtral', ...shared(131_072, 8_192), capabilities: tools(true) },
  { pattern: /^codestral/, family: 'codestral', ...shared(262_144, 8_192), capabilities: tools(false) },
  { pattern: /^(open-)?(mistral-nemo|ministral)/, family: 'mistral-small-models', ...shared(131_072, 8_192), capabilities: tools(false) },
  { pattern: /^llama3\.2-vision/, family: 'llama3.2-vision', ...shared(131_072, 4_096), capabilities: { toolCalling: false, imageInput: true } },
  { pattern: /^llama3\.[1-9]|^llama-3\.[1-9]/, family: 'llama3', ...shared(131_072, 4_096), capabilities: tools(false) },
  { pattern: /^llama3|^llama-3/, family: 'llama3', ...shared(8_192, 2_048), capabilities: { toolCalling: false, imageInput: false } },
  { pattern: /^sonar-(pro|reasoning-pro)/, family: 'sonar-pro', ...shared(200_000, 8_192), capabilities: { toolCalling: false, imageInput: true } },
  { pattern: /^sonar/, family: 'sonar', ...shared(128_000, 8_192), capabilities: { toolCalling: false, imageInput: true } },
  { pattern: /^qwen(2\.5|3)/, family: 'qwen', ...shared(32_768, 8_192), capabilities: tools(false) },
];

export const DEFAULT_LIMITS = { maxInputTokens: 8_192, maxOutputTokens: 4_096, capabilities: { toolCalling: false, imageInput: false } } as const;

/** The table row of a model id, matched without a provider prefix or tag (`models/`, `openai/`, `:latest`). */
export function knownModel(id: string): KnownModel | undefined {
  const bare = id
    .toLowerCase()
    .replace(/^models\//, '')
    .replace(/^[a-z0-9-]+\//, '');
  return KNOWN_MODELS.find((m) => m.pattern.test(bare));
}

type Entry = Record<string, unknown>;
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const obj = (value: unknown): Entry | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Entry) : undefined);
/** A capability flag as `true`/`false` or `{ supported: boolean }`. */
const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : typeof obj(value)?.supported === 'boolean' ? (obj(value)!.supported as boolean) : undefined);

interface Metadata {
  name?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  toolCalling?: boolean;
  imageInput?: boolean;
  /** Taken for granted where the metadata says nothing (an OpenAI-compatible server's model calls tools). */
  assumedToolCalling?: boolean;
}

/** The id a model-list entry names (Gemini's without `models/`). */
function modelId(providerId: string, entry: Entry): string {
  const id = str(entry.id) ?? str(entry.name) ?? str(entry.model) ?? '';
  return providerId === 'google-gemini' ? id.replace(/^models\//, '') : id;
}

function metadataOf(providerId: string, entry: Entry): Metadata {
  switch (providerId) {
    case 'anthropic': {
      const caps = obj(entry.capabilities);
      return {
        name: str(entry.display_name),
        maxInputTokens: num(entry.max_input_tokens),
        maxOutputTokens: num(entry.max_tokens),
        imageInput: flag(caps?.image_input) ?? flag(caps?.vision),
        toolCalling: flag(caps?.tool_use) ?? flag(caps?.tools),
      };
    }
    case 'google-gemini':
      return { name: str(entry.displayName), maxInputTokens: num(entry.inputTokenLimit), maxOutputTokens: num(entry.outputTokenLimit) };
    case 'mistral': {
      const caps = obj(entry.capabilities);
      const window = num(entry.max_context_length);
      const known = knownModel(modelId(providerId, entry));
      const output = window ? Math.min(known?.maxOutputTokens ?? DEFAULT_LIMITS.maxOutputTokens, Math.floor(window / 2)) : undefined;
      return {
        name: str(entry.name) && entry.name !== entry.id ? str(entry.name) : undefined,
        ...(window && output ? { maxInputTokens: window - output, maxOutputTokens: output } : {}),
        toolCalling: flag(caps?.function_calling),
        imageInput: flag(caps?.vision),
      };
    }
    case 'ollama':
      return ollamaMetadata(entry);
    case 'perplexity':
      // Its models come from the connection's own setting, not a list: the table knows them.
      return {};
    default:
      return OPENAI_COMPATIBLE_PROVIDERS.has(providerId) ? compatibleMetadata(entry) : {};
  }
}

const count = z.number().int().positive().max(100_000_000).optional().catch(undefined);
const texts = z.array(z.string().max(100)).max(200).optional().catch(undefined);
/**
 * What OpenAI-compatible servers add to a `/v1/models` entry: vLLM's `max_model_len`, Groq's
 * `context_window`, Together's and OpenRouter's `context_length`, `top_provider.max_completion_tokens`, `supported_parameters`
 * and `architecture.input_modalities`. A field of another shape is ignored, not trusted.
 */
const CompatibleEntrySchema = z.object({
  max_model_len: count,
  context_length: count,
  context_window: count,
  top_provider: z
    .object({ context_length: count, max_completion_tokens: count.nullable().catch(undefined) })
    .optional()
    .catch(undefined),
  supported_parameters: texts,
  architecture: z.object({ input_modalities: texts }).optional().catch(undefined),
});

/** Whether an OpenAI-compatible model list already carries limits or capabilities (vLLM, OpenRouter). */
export function compatibleListHasLimits(listBody: unknown): boolean {
  const data = obj(listBody)?.data;
  if (!Array.isArray(data)) return false;
  return data.some((entry) => {
    const parsed = CompatibleEntrySchema.safeParse(entry);
    return parsed.success && (parsed.data.max_model_len ?? parsed.data.context_length ?? parsed.data.context_window ?? parsed.data.top_provider?.context_length ?? parsed.data.supported_parameters) !== undefined;
  });
}

/**
 * An OpenAI-compatible server's model: its context window and capabilities where the entry says
 * (vLLM, OpenRouter); otherwise it is taken to call tools, as VS Code's own custom endpoints are.
 */
function compatibleMetadata(entry: Entry): Metadata {
  const parsed = CompatibleEntrySchema.safeParse(entry);
  const meta = parsed.success ? parsed.data : {};
  const window = meta.max_model_len ?? meta.context_length ?? meta.context_window ?? meta.top_provider?.context_length;
  const known = knownModel(modelId('openai-compatible', entry));
  const wanted = meta.top_provider?.max_completion_tokens ?? known?.maxOutputTokens ?? DEFAULT_LIMITS.maxOutputTokens;
  const output = window ? Math.min(wanted, Math.floor(window / 2)) : undefined;
  const modalities = meta.architecture?.input_modalities;
  return {
    ...(window && output ? { maxInputTokens: window - output, maxOutputTokens: output } : {}),
    ...(meta.supported_parameters ? { toolCalling: meta.supported_parameters.includes('tools') } : { assumedToolCalling: true }),
    ...(modalities ? { imageInput: modalities.includes('image') } : {}),
  };
}

/** Ollama's `/api/show` answer: context length, the `num_ctx` it runs with, capabilities. */
function ollamaMetadata(show: Entry): Metadata {
  const info = obj(show.model_info) ?? {};
  const arch = str(info['general.architecture']);
  const context = arch ? num(info[`${arch}.context_length`]) : undefined;
  const numCtx = num(Number(/(?:^|\n)\s*num_ctx\s+(\d+)/.exec(str(show.parameters) ?? '')?.[1]));
  const window = numCtx ?? context;
  const caps = Array.isArray(show.capabilities) ? show.capabilities.filter((c): c is string => typeof c === 'string') : undefined;
  const output = window ? Math.min(4_096, Math.floor(window / 2)) : undefined;
  return {
    ...(window && output ? { maxInputTokens: window - output, maxOutputTokens: output } : {}),
    ...(caps ? { toolCalling: caps.includes('tools'), imageInput: caps.includes('vision') } : {}),
  };
}

/** What the server's own endpoint says, over what the list entry says, field by field. */
function withServer(meta: Metadata, server: ServerModel | undefined): Metadata {
  if (!server) return meta;
  const { chat: _chat, ...fields } = server;
  return { ...meta, ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) };
}

/**
 * A model's limits and capabilities from what the server's own endpoint says of it (`server`),
 * its model-list entry (for Ollama: its `/api/show` answer, with `model` or `name` set to the
 * id), the table, or the default, in that order.
 */
export function chatModelInfo(providerId: string, entry: Entry, server?: ServerModel): ChatModelInfo {
  const id = modelId(providerId, entry);
  const meta = withServer(metadataOf(providerId, entry), server);
  const known = knownModel(id);
  const fromProvider = meta.maxInputTokens !== undefined || meta.maxOutputTokens !== undefined;
  const fallback = known ?? DEFAULT_LIMITS;
  const fallbackSource = known ? 'table' : 'default';
  return {
    id,
    name: meta.name ?? id,
    family: known?.family ?? id.replace(/:.*$/, ''),
    maxInputTokens: meta.maxInputTokens ?? fallback.maxInputTokens,
    maxOutputTokens: meta.maxOutputTokens ?? fallback.maxOutputTokens,
    capabilities: {
      toolCalling: meta.toolCalling ?? meta.assumedToolCalling ?? fallback.capabilities.toolCalling,
      imageInput: meta.imageInput ?? fallback.capabilities.imageInput,
    },
    source: fromProvider ? 'provider' : fallbackSource,
    capabilitySources: {
      toolCalling: meta.toolCalling !== undefined ? 'provider' : meta.assumedToolCalling !== undefined ? 'default' : fallbackSource,
      imageInput: meta.imageInput !== undefined ? 'provider' : fallbackSource,
    },
  };
}

/** Together AI's model types that answer chat requests (its list also has image, embedding, rerank, audio, moderation). */
const TOGETHER_CHAT_TYPES = new Set(['chat', 'language', 'code']);

/**
 * Names of models that are not for chat: embeddings, images, audio (speech, transcription,
 * realtime), moderation, legacy completions, and OpenAI models served only by the Responses API.
 */
const NOT_CHAT = [
  /embed/,
  /^(text|code)-(search|similarity)/,
  /(^|[-/])(dall-e|gpt-image|imagen|sora|veo|flux|stable-diffusion)/,
  /image-generation/,
  /(^|[-/])(tts|whisper)|transcribe|realtime|-audio|native-audio|-live-/,
  /moderation|omni-moderation|llama-guard/,
  /^(davinci|babbage|curie|ada)(-\d+)?$|^text-(davinci|curie|babbage|ada)|^gpt-3\.5-turbo-instruct/,
  /^(o\d|gpt-5[.\d]*)(-mini)?-pro|deep-research|computer-use|^codex-mini/,
  /(^|-)ocr/,
  /^aqa$/,
];

/**
 * Whether a model-list entry is a chat model. Metadata decides where the provider gives it
 * (Gemini `supportedGenerationMethods` has generateContent, Mistral `capabilities.completion_chat`,
 * Azure `capabilities.chat_completion`, Ollama `capabilities` has completion); otherwise the id
 * must not match the name rules above.
 */
export function isChatModel(providerId: string, entry: Entry): boolean {
  const id = modelId(providerId, entry).toLowerCase();
  if (id === '') return false;
  const methods = entry.supportedGenerationMethods;
  if (Array.isArray(methods) && !methods.includes('generateContent') && !methods.includes('streamGenerateContent')) return false;
  const caps = obj(entry.capabilities);
  if (caps && typeof caps.completion_chat === 'boolean' && !caps.completion_chat) return false;
  if (caps && typeof caps.chat_completion === 'boolean' && !caps.chat_completion) return false;
  if (Array.isArray(entry.capabilities) && !entry.capabilities.includes('completion')) return false;
  if (providerId === 'together' && typeof entry.type === 'string' && !TOGETHER_CHAT_TYPES.has(entry.type)) return false;
  return !NOT_CHAT.some((rule) => rule.test(id));
}

/**
 * The chat models of a model-list answer (`data` or `models` entries), with their limits; with
 * what the server's own endpoint says of them (`server`), a model it says is not for chat is left out.
 */
export function chatModels(providerId: string, listBody: unknown, server?: ServerModels): ChatModelInfo[] {
  const body = obj(listBody);
  const entries = Array.isArray(listBody) ? listBody : Array.isArray(body?.data) ? body.data : Array.isArray(body?.models) ? body.models : [];
  return entries
    .map(obj)
    .filter((e): e is Entry => e !== undefined && isChatModel(providerId, e) && server?.get(modelId(providerId, e))?.chat !== false)
    .map((e) => chatModelInfo(providerId, e, server?.get(modelId(providerId, e))));
}
