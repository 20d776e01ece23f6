/**
 * A chat model's settings as the user sees and changes them: whether it calls tools and reads
 * images, and its input and output token limits. Each value is the user's own (an entry of the
 * `aiConnections.chat.modelOverrides` setting) or what the provider's metadata, the table of known
 * families or the default says (`chatModelInfo`). Changes are written into the user's settings
 * under `alias/model`, every other entry kept as it was written.
 */
import type { Message } from '../messages';
import type { TokenCountProblem } from './messages';
import { SETTINGS, parseSettings, rawSettings, type SettingsAccess } from '../settings';
import { describeCause, diagnosticText } from '../store/errors';
import type { ChatModelInfo, InfoSource } from './models';
import { MAX_TOKENS, ModelOverrideSchema, type ModelOverride } from './overrideSchema';

/** Where a value comes from: the provider, the table, an assumption, or the user's settings. */
export type ValueSource = InfoSource | 'user';

export interface ModelValues {
  toolCalling: boolean;
  imageInput: boolean;
  maxInputTokens: number;
  maxOutputTokens: number;
}

export const MODEL_VALUE_KEYS = ['toolCalling', 'imageInput', 'maxInputTokens', 'maxOutputTokens'] as const satisfies readonly (keyof ModelValues)[];

export interface ModelSettings {
  /** The entry this connection's model is written under: `alias/model`. */
  key: string;
  /** What the model is offered with now. */
  values: ModelValues;
  sources: Record<keyof ModelValues, ValueSource>;
  /**
   * What it is offered with without its `alias/model` entry: the provider's, the table's or the
   * assumed values, with the user's entry for the model id on every connection on top. Where
   * Reset goes back to.
   */
  base: ModelValues;
  baseSources: Record<keyof ModelValues, ValueSource>;
  /** The user's `alias/model` entry, when there is one. */
  entry?: ModelOverride;
  /** The user's entry for the model id on every connection (`model`), when there is one. */
  shared?: ModelOverride;
}

/** The settings key of a connection's model. */
function overrideKey(alias: string, modelId: string): string {
  return `${alias}/${modelId}`;
}

const own = (overrides: Readonly<Record<string, ModelOverride>>, key: string): ModelOverride | undefined => (Object.hasOwn(overrides, key) ? overrides[key] : undefined);

/** A model's values with overrides applied in order, and where each comes from. */
function apply(model: ChatModelInfo, layers: readonly (ModelOverride | undefined)[]): { values: ModelValues; sources: Record<keyof ModelValues, ValueSource> } {
  const values: ModelValues = { toolCalling: model.capabilities.toolCalling, imageInput: model.capabilities.imageInput, maxInputTokens: model.maxInputTokens, maxOutputTokens: model.maxOutputTokens };
  const sources: Record<keyof ModelValues, ValueSource> = {
    toolCalling: model.capabilitySources?.toolCalling ?? model.source,
    imageInput: model.capabilitySources?.imageInput ?? model.source,
    maxInputTokens: model.source,
    maxOutputTokens: model.source,
  };
  for (const layer of layers) {
    for (const name of MODEL_VALUE_KEYS) {
      const value = layer?.[name];
      if (value === undefined) continue;
      (values as unknown as Record<string, unknown>)[name] = value;
      sources[name] = 'user';
    }
  }
  return { values, sources };
}

/** A connection's model as offered, with where each value comes from and what Reset returns to. */
export function modelSettings(model: ChatModelInfo, alias: string, overrides: Readonly<Record<string, ModelOverride>>): ModelSettings {
  const key = overrideKey(alias, model.id);
  const shared = own(overrides, model.id);
  const entry = own(overrides, key);
  const base = apply(model, [shared]);
  const now = apply(model, [shared, entry]);
  return { key, values: now.values, sources: now.sources, base: base.values, baseSources: base.sources, ...(entry ? { entry } : {}), ...(shared ? { shared } : {}) };
}

/** The entry that gives a model `wanted` over its `base`: the values that differ, nothing else. */
export function overrideFor(wanted: ModelValues, base: ModelValues): ModelOverride {
  return Object.fromEntries(MODEL_VALUE_KEYS.filter((name) => wanted[name] !== base[name]).map((name) => [name, wanted[name]]));
}

/** The digits of a token count, plain or grouped by thousands (`128000`, `128,000`, `128 000`, `128.000`). */
const TOKEN_COUNT = /^(\d+|\d{1,3}([,._' \u00a0\u202f]\d{3})+)$/;

/**
 * A token limit as typed: a whole number from 1 to `MAX_TOKENS`, or nothing (`undefined`: the
 * value without the user's setting). Otherwise the problem, in a message.
 */
export function parseTokenCount(text: string): { ok: true; value: number | undefined } | { ok: false; problem: TokenCountProblem } {
  const typed = text.trim();
  if (typed === '') return { ok: true, value: undefined };
  if (!TOKEN_COUNT.test(typed)) return { ok: false, problem: { code: 'chat.tokensNotNumber', text: typed.slice(0, 40) } };
  const value = Number(typed.replace(/\D/g, ''));
  if (value < 1) return { ok: false, problem: { code: 'chat.tokensTooSmall' } };
  if (value > MAX_TOKENS) return { ok: false, problem: { code: 'chat.tokensTooLarge', max: MAX_TOKENS } };
  return { ok: true, value };
}

/** A change of the model settings that was refused or could not be written; nothing was changed. */
export class OverrideError extends Error {
  constructor(readonly detail: Message) {
    super(diagnosticText(detail));
    this.name = 'OverrideError';
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const MAX_KEY = 300;

/** The model settings in the user's settings: read as they apply, written one entry at a time. */
export class ModelOverrides {
  constructor(private readonly settings: SettingsAccess) {}

  /** The entries in effect (the user's, the workspace's and the folder's, merged), each checked. */
  current(): Record<string, ModelOverride> {
    return parseSettings(rawSettings((key) => this.settings.inspect(key))).settings.chatModelOverrides;
  }

  /**
   * Sets the user's entry `key` (`alias/model`), or removes it (`undefined`, or an entry that sets
   * nothing). Every other entry stays as written, valid or not. Refuses an invalid entry, and a
   * user setting that is not an object, changing nothing. Says when a workspace or folder entry of
   * the same key wins over the user's.
   */
  async set(key: string, override: ModelOverride | undefined): Promise<{ shadowedBy?: 'workspace' | 'workspaceFolder' }> {
    const [shadowed] = await this.update([{ key, override }]);
    return shadowed?.shadowedBy ? { shadowedBy: shadowed.shadowedBy } : {};
  }

  /** Several entries set or removed as `set` does, in one write; returns the keys a workspace or folder entry wins for. */
  async update(changes: readonly { key: string; override: ModelOverride | undefined }[]): Promise<{ key: string; shadowedBy: 'workspace' | 'workspaceFolder' }[]> {
    const checked = changes.map(({ key, override }) => {
      const parsed = override === undefined ? undefined : ModelOverrideSchema.safeParse(override);
      if (key === '' || key.length > MAX_KEY || (parsed && !parsed.success)) throw new OverrideError({ code: 'chat.overrideInvalid' });
      return { key, entry: parsed?.success && Object.keys(parsed.data).length > 0 ? parsed.data : undefined };
    });
    const written = this.written();
    const entries = Object.entries(written ?? {});
    let changed = false;
    for (const { key, entry } of checked) {
      const at = entries.findIndex(([name]) => name === key);
      if (entry && at >= 0) entries[at] = [key, entry];
      else if (entry) entries.push([key, entry]);
      else if (at >= 0) entries.splice(at, 1);
      else continue;
      changed = true;
    }
    if (changed) await this.write(entries);
    return checked.flatMap(({ key, entry }) => {
      const { shadowedBy } = this.shadowing(key, entry);
      return shadowedBy ? [{ key, shadowedBy }] : [];
    });
  }

  /**
   * A connection's alias changed: the user's entries of its models (`old/model`) move to the new
   * alias, in place; an entry the new alias already has is kept. Nothing else changes.
   */
  async renameAlias(from: string, to: string): Promise<void> {
    if (from === to) return;
    const written = this.written();
    if (!written) return;
    const entries = Object.entries(written);
    const taken = new Set(entries.map(([name]) => name));
    const moved = entries.flatMap(([name, value]): [string, unknown][] => {
      if (!name.startsWith(`${from}/`)) return [[name, value]];
      const renamed = overrideKey(to, name.slice(from.length + 1));
      return taken.has(renamed) ? [] : [[renamed, value]];
    });
    if (moved.some(([name], i) => name !== entries[i]?.[0]) || moved.length !== entries.length) await this.write(moved);
  }

  /** The user's entries as written; refuses a user setting that is not an object. */
  private written(): Record<string, unknown> | undefined {
    const written = this.settings.inspect(SETTINGS.chatModelOverrides.key)?.globalValue;
    if (written !== undefined && !isPlainObject(written)) throw new OverrideError({ code: 'chat.overridesNotObject' });
    return written;
  }

  private async write(entries: [string, unknown][]): Promise<void> {
    try {
      await this.settings.updateUser(SETTINGS.chatModelOverrides.key, entries.length > 0 ? Object.fromEntries(entries) : undefined);
    } catch (error) {
      throw new OverrideError({ code: 'chat.settingsWriteFailed', reason: describeCause(error) });
    }
  }

  /**
   * Which level of settings, if any, keeps the entry `key` from being what the user wrote: the
   * folder's or the workspace's entry of the same key, with a value of its own.
   */
  private shadowing(key: string, wanted: ModelOverride = {}): { shadowedBy?: 'workspace' | 'workspaceFolder' } {
    const inspected = this.settings.inspect(SETTINGS.chatModelOverrides.key);
    const entryOf = (level: unknown) => {
      const entry = isPlainObject(level) && Object.hasOwn(level, key) ? level[key] : undefined;
      return isPlainObject(entry) ? entry : {};
    };
    const levels = [
      ['workspaceFolder', entryOf(inspected?.workspaceFolderValue)],
      ['workspace', entryOf(inspected?.workspaceValue)],
    ] as const;
    for (const name of MODEL_VALUE_KEYS) {
      // The first level that sets the field decides it.
      const [level, entry] = levels.find(([, e]) => Object.hasOwn(e, name)) ?? [];
      if (level && entry![name] !== wanted[name]) return { shadowedBy: level };
    }
    return {};
  }
}
