/**
 * What reference resolution tells the user (see src/domain/messages.ts): why a reference does not
 * resolve and where it was looked for, where it resolves from, and why files were not read.
 * Parameters are data: the reference as typed, file names, keys, variable names, line numbers.
 *
 * A message that carries another one takes its type as `M`: `ResolutionMessage` in
 * src/domain/messages.ts gives it the `Message` union, which imports this file (never the reverse).
 */
import type { VaultMessage } from '../vaults/messages';

/** A place a reference was looked for, for the list in `resolution.notFound`. */
export type ResolutionPlace = { code: 'resolution.placeFile'; file: string; missing: boolean } | { code: 'resolution.placeVariable'; name: string } | { code: 'resolution.placeEnvironment' };

/** Where a resolved value came from (never the value): a file, the environment, a vault. */
export type ResolutionSourceText = ResolutionOwnSource | Extract<VaultMessage, { code: 'vault.source' | 'vault.sourceDotenvx' }>;
type ResolutionOwnSource = { code: 'resolution.sourceFile'; file: string; key: string } | { code: 'resolution.sourceEnvironment'; name: string } | { code: 'resolution.sourceEscape' };

/** Why the files of a folder were not read (or could not be), and what is wrong with one. */
export type ResolutionFileProblem =
  | { code: 'resolution.globalOnly' }
  | { code: 'resolution.restricted' }
  | { code: 'resolution.noFolder' }
  | { code: 'resolution.folderNotOpen'; folder: string }
  | { code: 'resolution.filesUnreadable' }
  | { code: 'resolution.fileUnreadable'; file: string }
  | { code: 'resolution.fileTooLarge'; file: string }
  /** A symbolic link to somewhere outside the workspace folder: its values are not the workspace's own. */
  | { code: 'resolution.fileOutsideFolder'; file: string }
  /** A FIFO, a device or a folder where a file was expected. */
  | { code: 'resolution.fileNotRegular'; file: string }
  | { code: 'resolution.fileNotJson'; file: string }
  /** `error` is jsonc-parser's error code (`CommaExpected`), `more` how many errors follow. */
  | { code: 'resolution.jsonError'; file: string; line: number; error: string; more: number }
  | { code: 'resolution.topLevelNotObject'; file: string };

/** A problem of one setting of a connection (tree tooltip): `{label}: {problem}`. */
export interface ResolutionSettingProblem<M> {
  code: 'resolution.settingProblem';
  label: string;
  problem: M;
}

/** The form's hint beside a reference. */
export interface ResolutionHintProblem<M> {
  code: 'resolution.hintProblem';
  problem: M;
}

/** The resolution messages that carry no other message. */
export type ResolutionPlainMessage =
  | ResolutionPlace
  | ResolutionOwnSource
  | ResolutionFileProblem
  /**
   * `{reference} not found in {places}`, then each problem (a file that could not be used, why
   * files were not read) after `; `. `trim`: the problems are shown without their final period.
   */
  | { code: 'resolution.notFound'; reference: string; places: readonly ResolutionPlace[]; problems: readonly ResolutionFileProblem[]; trim: boolean }
  | { code: 'resolution.unresolvable'; reference: string }
  | { code: 'resolution.notAllowed'; reference: string; variable: string }
  | { code: 'resolution.denied'; source: ResolutionSourceText }
  | { code: 'resolution.hintSource'; source: ResolutionSourceText; permission: 'allowed' | 'ask' | 'denied' };

export type ResolutionCode = ResolutionPlainMessage['code'] | ResolutionSettingProblem<unknown>['code'] | ResolutionHintProblem<unknown>['code'];

/** Every resolution code, for the schema of kept test results (the compiler checks the list is complete). */
export const RESOLUTION_CODES = {
  'resolution.denied': true,
  'resolution.fileNotJson': true,
  'resolution.fileTooLarge': true,
  'resolution.fileUnreadable': true,
  'resolution.fileOutsideFolder': true,
  'resolution.fileNotRegular': true,
  'resolution.filesUnreadable': true,
  'resolution.folderNotOpen': true,
  'resolution.globalOnly': true,
  'resolution.hintProblem': true,
  'resolution.hintSource': true,
  'resolution.jsonError': true,
  'resolution.noFolder': true,
  'resolution.notAllowed': true,
  'resolution.notFound': true,
  'resolution.placeEnvironment': true,
  'resolution.placeFile': true,
  'resolution.placeVariable': true,
  'resolution.restricted': true,
  'resolution.settingProblem': true,
  'resolution.sourceEnvironment': true,
  'resolution.sourceEscape': true,
  'resolution.sourceFile': true,
  'resolution.topLevelNotObject': true,
  'resolution.unresolvable': true,
} as const satisfies Record<ResolutionCode, true>;
