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

let numbers = new Intl.NumberFormat('en-US');
let language = 'en';

/** Formats numbers as the display language writes them (`en`: 10,485,760; `de`: 10.485.760); English when the language is unknown to Intl. */
export function useNumberLocale(display: string | undefined): void {
  language = display ?? 'en';
  const supported = display ? Intl.NumberFormat.supportedLocalesOf([display]) : [];
  numbers = new Intl.NumberFormat(supported[0] ?? 'en-US');
}

/** The display language, as VS Code names it (`en`, `de`, `qps-ploc`). */
export function activeLanguage(): string {
  return language;
}

/** A count in the display language's digits and grouping. */
export function formatNumber(value: number): string {
  return numbers.format(value);
}
