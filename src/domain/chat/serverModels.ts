/**
 * What an OpenAI-compatible server says of its models beyond its `/v1/models` list, where it has an
 * endpoint for that:
 * - LM Studio's REST API, `GET /api/v0/models`: entries with `id`, `type` (`llm`, `vlm`,
 *   `embeddings`), `max_context_length`, `loaded_context_length` (while loaded: the window it
 *   runs with, which wins) and `capabilities` (`tool_use`);
 * - LiteLLM proxy's `GET /model/info`: `data[]` entries with `model_name` and `model_info`
 *   (`max_input_tokens`, `max_output_tokens` or `max_tokens`, `supports_function_calling`,
 *   `supports_vision`, `mode`); a name served by several deployments gets the smallest limits and
 *   a capability only all of them have.
 * Both are asked on the origin of the connection's base URL, with the model list's own headers, by
 * the model list's client (tester.ts), which follows redirects only within that origin. At most
 * one of them is asked per model list, and not at all when the list already carries limits (vLLM,
 * OpenRouter). An endpoint that is absent (404, a refusal) or answers anything else is remembered
 * for that origin and not asked again, and so is one whose answer is too slow (the test's result
 * waits for it: a few seconds at most), too large or a redirect elsewhere; the list is then used
 * as it is. A server error (5xx, 429) or a
 * broken connection is asked again with the next list.
 */
import { z } from 'zod';
import { compatibleListHasLimits, DEFAULT_LIMITS, knownModel } from './models';
import type { SameOriginGet } from '../requests';
import type { ServerModel, ServerModels } from '../serverModel';

export type { ServerModels } from '../serverModel';
export type { SameOriginGet } from '../requests';

/** What the server says of one model; an absent field is left to the list, the table or the default. */
export type ServerModelsFormat = 'lmstudio' | 'litellm';

const SERVER_MODELS_PATHS: Record<ServerModelsFormat, string> = { lmstudio: '/api/v0/models', litellm: '/model/info' };

const MAX_ENTRIES = 2000;
const count = z.number().int().positive().max(100_000_000).nullish().catch(undefined);
const flag = z.boolean().nullish().catch(undefined);
const id = z.string().min(1).max(200);
const list = z.object({ data: z.array(z.unknown()).max(MAX_ENTRIES) }).loose();

const LmStudioEntry = z
  .object({
    id,
    type: z.string().max(40),
    max_context_length: count,
    loaded_context_length: count,
    capabilities: z.array(z.string().max(100)).max(100).optional().catch(undefined),
  })
  .loose();

const LiteLlmEntry = z
  .object({
    model_name: id,
    model_info: z
      .object({
        max_input_tokens: count,
        max_output_tokens: count,
        max_tokens: count,
        supports_function_calling: flag,
        supports_vision: flag,
        mode: z.string().max(40).nullish().catch(undefined),
      })
      .loose(),
  })
  .loose();

/** LiteLLM modes of models that answer chat requests (`responses` models too, through LiteLLM's bridge). */
const LITELLM_CHAT_MODES = new Set(['chat', 'responses']);

/** A window shared by input and output, split as for the list's own windows: the answer's part first. */
function shared(modelId: string, window: number): Pick<ServerModel, 'maxInputTokens' | 'maxOutputTokens'> {
  const output = Math.min(knownModel(modelId)?.maxOutputTokens ?? DEFAULT_LIMITS.maxOutputTokens, Math.floor(window / 2));
  return output > 0 && window - output > 0 ? { maxInputTokens: window - output, maxOutputTokens: output } : {};
}

function lmStudioModels(body: unknown): ServerModels | undefined {
  const parsed = list.safeParse(body);
  if (!parsed.success) return undefined;
  const models = new Map<string, ServerModel>();
  for (const raw of parsed.data.data) {
    const entry = LmStudioEntry.safeParse(raw);
    if (!entry.success || models.has(entry.data.id)) continue;
    const { id: modelId, type, max_context_length, loaded_context_length, capabilities } = entry.data;
    const window = loaded_context_length ?? max_context_length;
    models.set(modelId, {
      chat: type === 'llm' || type === 'vlm',
      ...(window ? shared(modelId, window) : {}),
      ...(capabilities ? { toolCalling: capabilities.includes('tool_use') } : {}),
      ...(type === 'vlm' ? { imageInput: true } : type === 'llm' ? { imageInput: capabilities?.includes('vision') ?? false } : {}),
    });
  }
  return models.size > 0 ? models : undefined;
}

const least = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
/** A capability of a name several deployments serve: false if any says no, true if one says yes and none no. */
const all = (a: boolean | undefined, b: boolean | undefined) => (a === false || b === false ? false : a === true || b === true ? true : undefined);

function liteLlmModels(body: unknown): ServerModels | undefined {
  const parsed = list.safeParse(body);
  if (!parsed.success) return undefined;
  const models = new Map<string, ServerModel>();
  for (const raw of parsed.data.data) {
    const entry = LiteLlmEntry.safeParse(raw);
    if (!entry.success) continue;
    const info = entry.data.model_info;
    const model: ServerModel = {
      chat: info.mode == null || LITELLM_CHAT_MODES.has(info.mode),
      ...(info.max_input_tokens ? { maxInputTokens: info.max_input_tokens } : {}),
      ...((info.max_output_tokens ?? info.max_tokens) ? { maxOutputTokens: (info.max_output_tokens ?? info.max_tokens)! } : {}),
      ...(info.supports_function_calling != null ? { toolCalling: info.supports_function_calling } : {}),
      ...(info.supports_vision != null ? { imageInput: info.supports_vision } : {}),
    };
    const before = models.get(entry.data.model_name);
    if (!before) {
      models.set(entry.data.model_name, model);
      continue;
    }
    const merged: ServerModel = { chat: before.chat || model.chat };
    const input = least(before.maxInputTokens, model.maxInputTokens);
    const output = least(before.maxOutputTokens, model.maxOutputTokens);
    const tools = all(before.toolCalling, model.toolCalling);
    const images = all(before.imageInput, model.imageInput);
    models.set(entry.data.model_name, {
      ...merged,
      ...(input !== undefined ? { maxInputTokens: input } : {}),
      ...(output !== undefined ? { maxOutputTokens: output } : {}),
      ...(tools !== undefined ? { toolCalling: tools } : {}),
      ...(images !== undefined ? { imageInput: images } : {}),
    });
  }
  return models.size > 0 ? models : undefined;
}

/** The models an answer of that endpoint describes, or undefined when it is not that endpoint's shape. */
export function parseServerModels(format: ServerModelsFormat, body: unknown): ServerModels | undefined {
  return format === 'lmstudio' ? lmStudioModels(body) : liteLlmModels(body);
}

/** Statuses after which the endpoint may still be there: asked again with the next list. */
const PASSING = (status: number) => status >= 500 || status === 408 || status === 429;

/** Which endpoint to ask first: LM Studio names its models' owner `organization_owner`. */
function likelyFormats(listBody: unknown): ServerModelsFormat[] {
  const data = (listBody as { data?: unknown })?.data;
  const lmStudio = Array.isArray(data) && data.some((e) => typeof e === 'object' && e !== null && ['organization_owner', 'organization-owner'].includes((e as { owned_by?: unknown }).owned_by as string));
  return lmStudio ? ['lmstudio', 'litellm'] : ['litellm', 'lmstudio'];
}

/** The endpoints a provider's server may have: an LM Studio or LiteLLM connection only its own, a generic one either. */
function formatsOf(providerId: string, listBody: unknown): ServerModelsFormat[] {
  if (providerId === 'lmstudio') return ['lmstudio'];
  if (providerId === 'litellm') return ['litellm'];
  return providerId === 'openai-compatible' ? likelyFormats(listBody) : [];
}

/**
 * Asks an OpenAI-compatible server for its models' details, remembering per origin (for the
 * life of the window) which endpoint it has and which it lacks.
 */
export class ServerModelsProbe {
  private readonly origins = new Map<string, { found?: ServerModelsFormat; absent: Set<ServerModelsFormat> }>();

  /** The server's details of the listed models, or undefined (then the list is used as it is). Never rejects. */
  async details(providerId: string, listBody: unknown, server: SameOriginGet): Promise<ServerModels | undefined> {
    const formats = formatsOf(providerId, listBody);
    if (formats.length === 0 || compatibleListHasLimits(listBody)) return undefined;
    const known = this.origins.get(server.origin) ?? { absent: new Set<ServerModelsFormat>() };
    this.origins.set(server.origin, known);
    const format = (known.found && formats.includes(known.found) ? known.found : undefined) ?? formats.find((f) => !known.absent.has(f));
    if (!format) return undefined;
    let answer: Awaited<ReturnType<SameOriginGet['get']>>;
    try {
      answer = await server.get(SERVER_MODELS_PATHS[format]);
    } catch {
      return undefined;
    }
    if (!answer || ('status' in answer && PASSING(answer.status))) return undefined;
    // An endpoint whose answer is unusable (too slow, too large, elsewhere) is not asked again.
    const models = 'status' in answer && answer.status === 200 ? parseServerModels(format, answer.body) : undefined;
    if (models) {
      known.found = format;
      return models;
    }
    if (known.found === format) delete known.found;
    known.absent.add(format);
    return undefined;
  }
}
