import * as vscode from 'vscode';
import { z } from 'zod';
import type { Logger } from '../domain/logger';

/** The `aiConnections.*` settings, checked: an invalid value falls back to its default, with a log line. */
const SettingsSchema = z.object({
  statusBarVisible: z.boolean().catch(true),
  testOnStartup: z.boolean().catch(false),
  timeoutSeconds: z.number().int().min(1).max(300).catch(10),
  concurrency: z.number().int().min(1).max(64).catch(4),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SETTINGS_SECTION = 'aiConnections';

export function readSettings(logger?: Logger): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const raw = {
    statusBarVisible: config.get('statusBar.visible'),
    testOnStartup: config.get('testOnStartup'),
    timeoutSeconds: config.get('test.timeoutSeconds'),
    concurrency: config.get('test.concurrency'),
  };
  const settings = SettingsSchema.parse(raw);
  for (const key of Object.keys(raw) as (keyof Settings)[]) {
    if (raw[key] !== undefined && raw[key] !== settings[key]) logger?.warn(`Setting ${key} has an invalid value; using ${String(settings[key])}.`);
  }
  return settings;
}
