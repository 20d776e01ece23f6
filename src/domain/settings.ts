import { z } from 'zod';
import { ModelOverrideSchema } from './chat/selection';
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
} as const;

/** A setting's values as VS Code's `inspect` reports them, by where they were set. */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The raw value of each setting: a `machine` setting only from user (or remote machine) settings,
 * never from `.vscode/settings.json` or a `.code-workspace` file, which come with a repository;
 * the others as VS Code resolves them (folder, then workspace, then user).
 */
export function rawSettings(inspect: (key: string) => InspectedSetting | undefined): { [K in keyof Settings]?: unknown } {
  const raw: { [K in keyof Settings]?: unknown } = {};
  for (const [name, setting] of Object.entries(SETTINGS) as [keyof Settings, (typeof SETTINGS)[keyof Settings]][]) {
    const found = inspect(setting.key);
    raw[name] = 'scope' in setting ? found?.globalValue : (found?.workspaceFolderValue ?? found?.workspaceValue ?? found?.globalValue);
  }
  return raw;
}

export const SETTINGS_SECTION = 'aiConnections';

/** An invalid value falls back to its default. */
export const SettingsSchema = z.object({
  statusBarVisible: z.boolean().catch(SETTINGS.statusBarVisible.default),
  testOnStartup: z.boolean().catch(SETTINGS.testOnStartup.default),
  timeoutSeconds: z.number().int().min(SETTINGS.timeoutSeconds.minimum).max(SETTINGS.timeoutSeconds.maximum).catch(SETTINGS.timeoutSeconds.default),
  concurrency: z.number().int().min(SETTINGS.concurrency.minimum).max(SETTINGS.concurrency.maximum).catch(SETTINGS.concurrency.default),
  chatModelOverrides: z.record(z.string().max(300), ModelOverrideSchema).catch({}),
  referencesEnvironment: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).catch(SETTINGS.referencesEnvironment.default),
  allowedEnvironmentVariables: z.array(z.string().min(1).max(200)).max(200).catch([...SETTINGS.allowedEnvironmentVariables.default]),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Checks raw values (undefined = not set); returns the settings and the names of refused values. */
export function parseSettings(raw: { [K in keyof Settings]?: unknown }): { settings: Settings; invalid: (keyof Settings)[] } {
  const settings = SettingsSchema.parse(raw);
  const invalid = (Object.keys(SETTINGS) as (keyof Settings)[]).filter((key) => raw[key] !== undefined && JSON.stringify(raw[key]) !== JSON.stringify(settings[key]));
  return { settings, invalid };
}
