import * as vscode from 'vscode';
import { useBundle, useNumberLocale } from '../ui/text/language';

/**
 * Texts follow VS Code's display language: the UI layer (src/ui/text) translates with
 * `@vscode/l10n`, and this hands it the bundle VS Code loaded for that language from l10n/
 * (`vscode.l10n.bundle`; none in English, where the texts are used as written).
 */
export function useDisplayLanguage(): void {
  useBundle(vscode.l10n.bundle);
  useNumberLocale(vscode.env.language);
}
