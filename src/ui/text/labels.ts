/** Short labels the UI shows for domain values, in the display language. */
import * as l10n from '@vscode/l10n';

/** A connection's workspace folder that is not open in this workspace, by its name. */
export function folderNotOpen(name: string): string {
  return l10n.t('{folder} (not open)', { folder: name });
}

/** The name of a copy ("OpenAI (copy)"), for Duplicate and Import as a Copy. */
export function copyNameText(name: string): string {
  return l10n.t('{name} (copy)', { name });
}
