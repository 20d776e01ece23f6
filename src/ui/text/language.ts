/**
 * The display language's bundle, as VS Code loaded it from l10n/ (none in English). The text layer
 * translates with it, and the form receives it so that the checks it runs itself speak the same
 * language.
 */
import * as l10n from '@vscode/l10n';

let active: Readonly<Record<string, string>> = {};

/** Uses `bundle` (English text → translation) from now on; undefined or empty: English. */
export function useBundle(bundle: Readonly<Record<string, string>> | undefined): void {
  active = bundle ?? {};
  l10n.config({ contents: { ...active } });
}

/** The bundle in use (empty in English). */
export function activeBundle(): Readonly<Record<string, string>> {
  return active;
}
