import * as vscode from 'vscode';
import type { Logger } from '../domain/logger';
import { SETTINGS, SETTINGS_SECTION, parseSettings, rawSettings, type Settings } from '../domain/settings';

export { SETTINGS_SECTION };

/** The `aiConnections.*` settings, checked: an invalid value falls back to its default, with a log line. */
export function readSettings(logger?: Logger): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const { settings, invalid } = parseSettings(rawSettings((key) => config.inspect(key)));
  for (const key of invalid) logger?.warn(`Setting ${SETTINGS_SECTION}.${SETTINGS[key].key} has an invalid value; using ${String(settings[key])}.`);
  return settings;
}
