/**
 * Which models of which connections are offered to VS Code's Chat and `vscode.lm`: per connection,
 * "Use in Chat" (on by default), the models chosen (by default every chat model of its last model
 * list) and that list, with each model's limits. Kept beside the connection, in its scope's state;
 * holds no secret.
 */
import { z } from 'zod';
import type { Connection, Scope } from '../connection';
import { DisposableBase, Emitter, type Event } from '../events';
import type { Logger } from '../logger';
import { findProvider } from '../providers/catalog';
import type { StateStore } from '../store/ports';
import type { ChatMessage } from './messages';
import { chatModelInfo, type ChatModelInfo } from './models';
import type { ModelOverride } from './overrideSchema';
import { modelSettings } from './overrides';
import { CHAT_PROVIDERS } from './routes';

export const CHAT_KEY = 'aiConnections.chat';
const MAX_MODELS = 500;

const InfoSourceSchema = z.enum(['provider', 'table', 'default']);

const ModelInfoSchema = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().max(200),
    family: z.string().max(200),
    maxInputTokens: z.number().int().positive(),
    maxOutputTokens: z.number().int().positive(),
    capabilities: z.object({ toolCalling: z.boolean(), imageInput: z.boolean() }).strict(),
    source: InfoSourceSchema,
    capabilitySources: z.object({ toolCalling: InfoSourceSchema, imageInput: InfoSourceSchema }).strict().optional(),
  })
  .strict();

const ChatEntrySchema = z
  .object({
    useInChat: z.boolean(),
    /** Chosen model ids; absent means every model of the list. */
    chosen: z.array(z.string().max(200)).max(MAX_MODELS).optional(),
    /** The chat models of the last model list, with limits. */
    models: z.array(ModelInfoSchema).max(MAX_MODELS).optional(),
    listedAt: z.iso.datetime().optional(),
  })
  .strict();
export type ChatEntry = z.infer<typeof ChatEntrySchema>;

export type { ModelOverride } from './overrideSchema';

/** A model as offered to VS Code: what `LanguageModelChatInformation` carries, and where it comes from. */
export interface OfferedModel {
  /** `<connection id>/<model key>` (`modelKey`): stable across reloads. */
  id: string;
  connectionId: string;
  /** The model id as the provider named it: what requests send. */
  modelId: string;
  name: string;
  family: string;
  version: string;
  /** Its connection and scope (rendered where it is shown). */
  detail: Extract<ChatMessage, { code: 'chat.modelDetail' }>;
  /** The model, its connection, and where its limits come from. */
  tooltip: Extract<ChatMessage, { code: 'chat.modelTooltip' }>;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling: boolean; imageInput: boolean };
}

const DEFAULT_ENTRY: ChatEntry = { useInChat: true };

export class ChatModelStore extends DisposableBase {
  private readonly changed = this.register(new Emitter<void>());
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly states: { global: StateStore; workspace?: StateStore },
    private readonly logger?: Logger,
    /** Tells other windows (in VS Code: the connection store's revision), so their Chat lists change too. */
    private readonly notifyOtherWindows?: () => Promise<void>,
  ) {
    super();
  }

  private read(scope: Scope): Record<string, ChatEntry> {
    const state = this.states[scope];
    const raw = state?.get(CHAT_KEY);
    if (raw === undefined || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    const entries: Record<string, ChatEntry> = {};
    for (const [id, value] of Object.entries(raw)) {
      const parsed = ChatEntrySchema.safeParse(value);
      if (parsed.success) entries[id] = parsed.data;
      else this.logger?.warn(`The chat models kept for a ${scope} connection are unreadable; they are listed again on the next test.`);
    }
    return entries;
  }

  get(connection: Pick<Connection, 'id' | 'scope'>): ChatEntry {
    return this.read(connection.scope)[connection.id] ?? DEFAULT_ENTRY;
  }

  private async write(connection: Pick<Connection, 'id' | 'scope'>, change: (entry: ChatEntry) => ChatEntry): Promise<void> {
    const state = this.states[connection.scope];
    if (!state) return;
    const entries = this.read(connection.scope);
    entries[connection.id] = ChatEntrySchema.parse(change(entries[connection.id] ?? DEFAULT_ENTRY));
    await state.update(CHAT_KEY, entries);
    this.changed.fire();
    await this.notifyOtherWindows?.();
  }

  setUseInChat(connection: Pick<Connection, 'id' | 'scope'>, useInChat: boolean): Promise<void> {
    return this.write(connection, (entry) => ({ ...entry, useInChat }));
  }

  /** The models chosen; `undefined` goes back to every model of the list. */
  setChosen(connection: Pick<Connection, 'id' | 'scope'>, chosen: string[] | undefined): Promise<void> {
    return this.write(connection, ({ chosen: _chosen, ...entry }) => ({ ...entry, ...(chosen ? { chosen: chosen.slice(0, MAX_MODELS) } : {}) }));
  }

  /** Keeps the chat models of a connection's latest model list (after a test or a live listing). */
  recordList(connection: Pick<Connection, 'id' | 'scope'>, models: readonly ChatModelInfo[], now = new Date()): Promise<void> {
    return this.write(connection, (entry) => ({ ...entry, models: models.slice(0, MAX_MODELS).map((m) => ({ ...m, id: m.id.slice(0, 200), name: m.name.slice(0, 200), family: m.family.slice(0, 200) })), listedAt: now.toISOString() }));
  }

  /** Copies a connection's entry to the other scope's state, for a move (see `ScopedCompanion`). */
  async carry(id: string, from: Scope, to: Scope): Promise<void> {
    const entry = this.read(from)[id];
    const state = this.states[to];
    if (!entry || !state) return;
    await state.update(CHAT_KEY, { ...this.read(to), [id]: entry });
    this.changed.fire();
  }

  /** Removes a connection's entry from one scope's state. */
  async forget(id: string, scope: Scope): Promise<void> {
    const state = this.states[scope];
    const { [id]: entry, ...kept } = this.read(scope);
    if (!entry || !state) return;
    await state.update(CHAT_KEY, kept);
    this.changed.fire();
  }

  /** Drops entries of connections that no longer exist (called after deletes). */
  async prune(existing: readonly Connection[]): Promise<void> {
    for (const scope of ['global', 'workspace'] as const) {
      const state = this.states[scope];
      if (!state) continue;
      const entries = this.read(scope);
      const ids = new Set(existing.filter((c) => c.scope === scope).map((c) => c.id));
      const kept = Object.fromEntries(Object.entries(entries).filter(([id]) => ids.has(id)));
      if (Object.keys(kept).length !== Object.keys(entries).length) await state.update(CHAT_KEY, kept);
    }
  }
}

/** Whether a connection's provider speaks a chat wire format this extension sends. */
export function isChatProvider(providerId: string): boolean {
  return CHAT_PROVIDERS.includes(providerId) && (findProvider(providerId)?.capabilities.includes('chat') ?? false);
}

/** Azure OpenAI's chat models are its deployments: the Deployment setting, one or more names separated by commas. */
export function azureDeployments(connection: Pick<Connection, 'settings'>): string[] {
  return namesIn(connection.settings.deployment);
}

/** Providers whose chat models are named in a setting rather than listed by the service: Azure's deployments (directly or through API Management), Perplexity's and Cloudflare AI Gateway's models. */
export const MODELS_SETTING: Readonly<Record<string, string>> = { 'azure-openai': 'deployment', 'azure-apim': 'deployment', perplexity: 'models', 'cloudflare-ai-gateway': 'models' };

/** The model names a connection's setting gives (Azure's deployments, Perplexity's models; the field's default when unset). */
export function configuredModels(connection: Pick<Connection, 'providerId' | 'settings'>): string[] {
  const key = MODELS_SETTING[connection.providerId];
  if (key === undefined) return [];
  const value = connection.settings[key] ?? findProvider(connection.providerId)?.fields.find((f) => f.key === key)?.default;
  return namesIn(value);
}

function namesIn(value: unknown): string[] {
  return typeof value === 'string'
    ? [
        ...new Set(
          value
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean),
        ),
      ]
    : [];
}

/** The model ids a connection could offer: the names its setting gives (Azure, Perplexity) or its last model list. */
export function listedModels(connection: Connection, entry: ChatEntry): ChatModelInfo[] {
  if (MODELS_SETTING[connection.providerId] !== undefined) return configuredModels(connection).map((d) => chatModelInfo(connection.providerId, { id: d }));
  return entry.models ?? [];
}

/** What model ids are made of (`gpt-4o`, `llama3.2:latest`, `hf.co/org/model:Q4_K_M`, `@cf/meta/llama-3-8b`). */
const ORDINARY_ID = /^[A-Za-z0-9._:/@+-]+$/;

/**
 * A model id as VS Code gets it in the model's identifier and version: VS Code's model picker
 * writes both into a trusted Markdown hover (command links run there). An ordinary id is kept as
 * it is, so identifiers stay what they were; any other (with brackets, parentheses, `<`, `$`,
 * spaces, controls, `://`, `www.` or an e-mail address) has every character but letters, digits, `_` and `-` written
 * as `%XX` of its UTF-8 bytes: inert as Markdown, and never the same as another id's (an ordinary
 * id has no `%`, an encoded one always has).
 */
function modelKey(id: string): string {
  if (ORDINARY_ID.test(id) && !/:\/\/|www\.|[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\./i.test(id)) return id;
  let key = '';
  for (const byte of new TextEncoder().encode(id)) {
    const c = String.fromCharCode(byte);
    key += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return key;
}

/** The version VS Code matches on: a date or number at the end of the id, else the id. */
function modelVersion(id: string): string {
  return /(\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/.exec(id)?.[1] ?? id;
}

/**
 * Every model offered: active connections of chat providers with Use in Chat on, their chosen
 * models (or the whole list), limits from the provider's metadata, the family table or the
 * default, then the user's overrides (`model`, then `alias/model`; see overrides.ts).
 */
export function offeredModels(connections: readonly Connection[], store: Pick<ChatModelStore, 'get'>, overrides: Readonly<Record<string, ModelOverride>> = {}): OfferedModel[] {
  const offered: OfferedModel[] = [];
  for (const connection of connections) {
    if (!connection.isActive || !isChatProvider(connection.providerId)) continue;
    const entry = store.get(connection);
    if (!entry.useInChat) continue;
    const chosen = entry.chosen ? new Set(entry.chosen) : undefined;
    for (const model of listedModels(connection, entry)) {
      if (chosen && !chosen.has(model.id)) continue;
      const { values, sources } = modelSettings(model, connection.alias, overrides);
      const overridden = Object.values(sources).includes('user');
      offered.push({
        id: `${connection.id}/${modelKey(model.id)}`,
        connectionId: connection.id,
        modelId: model.id,
        name: model.id,
        family: model.family,
        version: modelKey(modelVersion(model.id)),
        detail: { code: 'chat.modelDetail', connection: connection.name, scope: connection.scope },
        tooltip: { code: 'chat.modelTooltip', model: model.id, connection: connection.name, alias: connection.alias, scope: connection.scope, source: model.source, ...(overridden ? { overridden } : {}) },
        maxInputTokens: values.maxInputTokens,
        maxOutputTokens: values.maxOutputTokens,
        capabilities: { toolCalling: values.toolCalling, imageInput: values.imageInput },
      });
    }
  }
  return offered;
}
