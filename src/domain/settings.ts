import { z } from 'zod';
import { ModelOverrideSchema } from './chat/selection';
import { DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES } from './resolution/allowList';

/**
 * The `aiConnections.*` settings: name in package.json, default and bounds. The checked schema and
 * package.json's `contributes.configuration` both follow this table (a unit test compares them).
 */
export const SETTINGS = {
  statusBarVisible: { key: 'statusBar.visible', type: 'boolean', default: true },
  testOnStartup: { key: 'testOnStartup', type: 'boolean', default: false },
  timeoutSeconds: { key: 'test.timeoutSeconds', type: 'integer', default: 10, minimum: 1, maximum: 300 },
  concurrency: { key: 'test.concurrency', type: 'integer', default: 4, minimum: 1, maximum: 64 },
  chatModelOverrides: { key: 'chat.modelOverrides', type: 'object', default: {} },
  referencesEnvironment: { key: 'references.environment', type: 'string', default: 'Development' },
  allowedEnvironmentVariables: { key: 'references.allowedEnvironmentVariables', type: 'array', default: [...DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES] },
} as const;

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
