import * as z from 'zod/mini';
import { ModelOverrideSchema } from './chat/overrideSchema';
import { DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES } from './resolution/allowList';

/**
 * The `aiConnections.*` settings: name in package.json, default and bounds. The checked schema and
 * package.json's `contributes.configuration` both follow this table (a unit test compares them).
 */
export const SETTINGS = {
  statusBarVisible: { key: 'statusBar.visible', type: 'boolean', default: true },
  /** Sends every connection's keys when a window opens: a repository may not switch it on. */
  testOnStartup: { key: 'testOnStartup', type: 'boolean', default: false, scope: 'machine' },
  timeoutSeconds: { key: 'test.timeoutSeconds', type: 'integer', default: 10, minimum: 1, maximum: 300 },
  concurrency: { key: 'test.concurrency', type: 'integer', default: 4, minimum: 1, maximum: 64 },
  chatModelOverrides: { key: 'chat.modelOverrides', type: 'object', default: {} },
  referencesEnvironment: { key: 'references.environment', type: 'string', default: 'Development' },
  /** Which variables go anywhere without asking: a repository may not widen it. */
  allowedEnvironmentVariables: { key: 'references.allowedEnvironmentVariables', type: 'array', default: [...DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES], scope: 'machine' },
  /** Global connection definitions (never keys) follow the person through Settings Sync: their own choice, not a workspace's. */
  syncDefinitions: { key: 'sync.connectionDefinitions', type: 'boolean', default: false, scope: 'application' },
  vaultTimeoutSeconds: { key: 'vaults.timeoutSeconds', type: 'integer', default: 10, minimum: 1, maximum: 120 },
  vaultCacheMinutes: { key: 'vaults.cacheMinutes', type: 'integer', default: 5, minimum: 0, maximum: 1440 },
  /** Programs run for `${command:name}`: only the person's own settings may name one, never a repository's. */
  keyCommands: { key: 'vaults.keyCommands', type: 'object', default: {}, scope: 'application' },
} as const;

/** A setting's values as VS Code's `inspect` reports them, by where they were set. */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The `aiConnections.*` settings as the extension reads and writes them: `inspect` by key
 * (`chat.modelOverrides`), and a write into the user's settings. VS Code's configuration in the
 * extension, memory in tests.
 */
export interface SettingsAccess {
  inspect(key: string): InspectedSetting | undefined;
  /** Writes a setting into the user's settings (settings.json); `undefined` removes it. */
  updateUser(key: string, value: unknown): Promise<void>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The raw value of each setting: a `machine` setting only from user (or remote machine) settings,
 * never from `.vscode/settings.json` or a `.code-workspace` file, which come with a repository;
 * the others as VS Code resolves them (folder, then workspace, then user). An object setting's
 * entries are merged as VS Code merges them: the user's, then the workspace's, then the folder's,
 * a later one winning over an earlier one of the same name (field by field for objects).
 */
export function rawSettings(inspect: (key: string) => InspectedSetting | undefined): { [K in keyof Settings]?: unknown } {
  const raw: { [K in keyof Settings]?: unknown } = {};
  for (const [name, setting] of Object.entries(SETTINGS) as [keyof Settings, (typeof SETTINGS)[keyof Settings]][]) {
    const found = inspect(setting.key);
    if ('scope' in setting) raw[name] = found?.globalValue;
    else if (setting.type === 'object') raw[name] = mergedObject(found);
    else raw[name] = found?.workspaceFolderValue ?? found?.workspaceValue ?? found?.globalValue;
  }
  return raw;
}

/**
 * An object setting's levels merged as VS Code merges them: entry by entry, and an entry that is an
 * object in two levels field by field. A level that is not an object wins whole (and is refused later).
 */
function mergedObject(found: InspectedSetting | undefined): unknown {
  const levels = [found?.globalValue, found?.workspaceValue, found?.workspaceFolderValue].filter((v) => v !== undefined);
  if (levels.length === 0) return undefined;
  const odd = [...levels].reverse().find((level) => !isPlainObject(level));
  if (odd !== undefined) return odd;
  // Entries defined, not assigned: a key named `__proto__` stays an entry.
  const merged = new Map<string, unknown>();
  for (const level of levels as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(level)) {
      const before = merged.get(key);
      merged.set(key, isPlainObject(before) && isPlainObject(value) ? Object.fromEntries([...Object.entries(before), ...Object.entries(value)]) : value);
    }
  }
  return Object.fromEntries(merged);
}

export const SETTINGS_SECTION = 'aiConnections';

/** The valid values of each setting, checked by schema. */
const SETTING_SCHEMAS = {
  statusBarVisible: z.boolean(),
  testOnStartup: z.boolean(),
  timeoutSeconds: z.number().check(z.int(), z.minimum(SETTINGS.timeoutSeconds.minimum), z.maximum(SETTINGS.timeoutSeconds.maximum)),
  concurrency: z.number().check(z.int(), z.minimum(SETTINGS.concurrency.minimum), z.maximum(SETTINGS.concurrency.maximum)),
  chatModelOverrides: z.record(z.string().check(z.maxLength(300)), ModelOverrideSchema),
  referencesEnvironment: z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/)),
  allowedEnvironmentVariables: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(200)),
  syncDefinitions: z.boolean(),
  vaultTimeoutSeconds: z.number().check(z.int(), z.minimum(SETTINGS.vaultTimeoutSeconds.minimum), z.maximum(SETTINGS.vaultTimeoutSeconds.maximum)),
  vaultCacheMinutes: z.number().check(z.int(), z.minimum(SETTINGS.vaultCacheMinutes.minimum), z.maximum(SETTINGS.vaultCacheMinutes.maximum)),
  keyCommands: z
    .record(z.string().check(z.regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/)), z.strictObject({ command: z.string().check(z.minLength(1), z.maxLength(1000)), args: z.optional(z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(50))) }))
    .check(z.refine((commands) => Object.keys(commands).length <= 100)),
};
export const SettingsSchema = z.object(SETTING_SCHEMAS);
export type Settings = z.infer<typeof SettingsSchema>;

/** A refused value: the setting, and for model overrides the entry (the other entries still apply). */
export interface SettingProblem {
  key: keyof Settings;
  entry?: string;
}

/**
 * Model overrides entry by entry: a valid entry applies even when another is refused. Keys longer
 * than 300 characters and more than 1,000 entries are refused.
 */
function parseOverrides(raw: unknown): { value: Settings['chatModelOverrides']; problems: SettingProblem[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { value: {}, problems: [{ key: 'chatModelOverrides' }] };
  const value: Settings['chatModelOverrides'] = {};
  const problems: SettingProblem[] = [];
  for (const [entry, override] of Object.entries(raw).slice(0, 1_000)) {
    const parsed = ModelOverrideSchema.safeParse(override);
    if (parsed.success && entry.length <= 300) value[entry] = parsed.data;
    else problems.push({ key: 'chatModelOverrides', entry: entry.slice(0, 300) });
  }
  return { value, problems };
}

/**
 * Checks raw values (undefined = not set) by schema: an invalid value falls back to its default.
 * Returns the settings, the names of refused values, and each problem.
 */
export function parseSettings(raw: { [K in keyof Settings]?: unknown }): { settings: Settings; invalid: (keyof Settings)[]; problems: SettingProblem[] } {
  const settings = {} as Record<keyof Settings, unknown>;
  const problems: SettingProblem[] = [];
  for (const key of Object.keys(SETTINGS) as (keyof Settings)[]) {
    const value = raw[key];
    const fallback = structuredClone(SETTINGS[key].default);
    if (value === undefined) settings[key] = fallback;
    else if (key === 'chatModelOverrides') {
      const overrides = parseOverrides(value);
      settings[key] = overrides.value;
      problems.push(...overrides.problems);
    } else {
      const parsed = SETTING_SCHEMAS[key].safeParse(value);
      settings[key] = parsed.success ? parsed.data : fallback;
      if (!parsed.success) problems.push({ key });
    }
  }
  return { settings: settings as Settings, invalid: [...new Set(problems.map((p) => p.key))], problems };
}
