import * as vscode from 'vscode';
import type { Logger } from '../domain/logger';
import { SETTINGS, SETTINGS_SECTION, parseSettings, rawSettings, type SettingProblem, type Settings, type SettingsAccess } from '../domain/settings';

export { SETTINGS_SECTION };

/** The `aiConnections.*` settings through VS Code's configuration; writes go to the user's settings. */
export const vscodeSettings: SettingsAccess = {
  inspect: (key) => vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(key),
  updateUser: async (key, value) => {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  },
};

/** Problems already logged: settings are read often, and a given problem is logged once. */
const logged = new Set<string>();

/** The `aiConnections.*` settings, checked: an invalid value falls back to its default, with a log line the first time. */
export function readSettings(logger?: Logger): Settings {
  const { settings, problems } = parseSettings(rawSettings((key) => vscodeSettings.inspect(key)));
  for (const line of problems.map((problem) => problemText(problem, settings))) {
    if (!logger || logged.has(line)) continue;
    logged.add(line);
    logger.warn(line);
  }
  return settings;
}

function problemText({ key, entry }: SettingProblem, settings: Settings): string {
  const name = `${SETTINGS_SECTION}.${SETTINGS[key].key}`;
  if (entry !== undefined) return `Setting ${name}: the entry ${JSON.stringify(entry)} is not an object of maxInputTokens, maxOutputTokens (positive integers), toolCalling and imageInput (true or false); it is ignored.`;
  return `Setting ${name} has an invalid value; using ${JSON.stringify(settings[key])}.`;
}
