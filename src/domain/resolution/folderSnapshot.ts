/**
 * The files one workspace folder holds for references, read once and kept until something changes:
 * `appsettings.json`, `appsettings.{Environment}.json`, `.env`, and `.env.keys` when `.env` holds
 * values that dotenvx encrypted. Only the folder's own regular files of at most 1 MB are read.
 */
import type { ResolutionFileProblem } from './messages';
import { parseConfigFile, parseDotenvFile, type ConfigFile } from './sources';
import { DOTENV_KEYS, isEncrypted } from './vaultValues';

export const APPSETTINGS = 'appsettings.json';
export const DOTENV = '.env';
const ENVIRONMENT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** The files of one workspace folder, by name. */
export interface ReferenceFiles {
  /**
   * The file's text, or undefined when there is no such file. May throw when it can't be read, and
   * throws `ReferenceFileRefused` for a file that is not the folder's own regular file of at most 1 MB.
   */
  read(name: string): Promise<string | undefined>;
}

/** Why a folder's file is not read: a link out of the folder, not a regular file, or too large. */
export type FileRefusal = 'outside' | 'notFile' | 'tooLarge';

const REFUSALS: Record<FileRefusal, (file: string) => ResolutionFileProblem> = {
  outside: (file) => ({ code: 'resolution.fileOutsideFolder', file }),
  notFile: (file) => ({ code: 'resolution.fileNotRegular', file }),
  tooLarge: (file) => ({ code: 'resolution.fileTooLarge', file }),
};

/** A folder's file that is not read, and why. */
export class ReferenceFileRefused extends Error {
  readonly problem: ResolutionFileProblem;
  constructor(reason: FileRefusal, file: string) {
    super(reason);
    this.name = 'ReferenceFileRefused';
    this.problem = REFUSALS[reason](file);
  }
}

export interface Snapshot {
  /** appsettings.json, then appsettings.{Environment}.json: a later file wins. */
  configs: { name: string; file?: ConfigFile; missing: boolean; problem?: ResolutionFileProblem }[];
  dotenv: { values: Map<string, string>; missing: boolean; problems: ResolutionFileProblem[] };
  /** `.env.keys`, read only when `.env` holds values that dotenvx encrypted. */
  dotenvKeys?: Map<string, string>;
  /** Values decrypted so far: in memory only, gone with the snapshot. */
  decrypted: Map<string, string>;
  /** Why files were not read (global connection, Restricted Mode, no folder, its folder not open). */
  skipped?: ResolutionFileProblem;
}

export function environmentFileName(environment: string): string {
  return `appsettings.${ENVIRONMENT_NAME.test(environment) ? environment : 'Development'}.json`;
}

/** Reads the files of one folder (a workspace connection's, in a trusted workspace). */
export async function loadSnapshot(files: ReferenceFiles, environment: string): Promise<Snapshot> {
  const read = async (name: string): Promise<{ text?: string; problem?: ResolutionFileProblem }> => {
    try {
      const text = await files.read(name);
      return text === undefined ? {} : { text };
    } catch (error) {
      return { problem: error instanceof ReferenceFileRefused ? error.problem : { code: 'resolution.fileUnreadable', file: name } };
    }
  };
  const configs: Snapshot['configs'] = [];
  for (const name of [APPSETTINGS, environmentFileName(environment)]) {
    const { text, problem } = await read(name);
    if (problem) configs.push({ name, missing: false, problem });
    else if (text === undefined) configs.push({ name, missing: true });
    else configs.push({ name, missing: false, file: parseConfigFile(name, text) });
  }
  const env = await read(DOTENV);
  const dotenv = env.text !== undefined ? { ...parseDotenvFile(DOTENV, env.text), missing: false } : { values: new Map<string, string>(), missing: env.problem === undefined, problems: env.problem ? [env.problem] : [] };
  const keys = [...dotenv.values.values()].some(isEncrypted) ? await read(DOTENV_KEYS) : {};
  return { configs, dotenv, decrypted: new Map(), ...(keys.text !== undefined ? { dotenvKeys: parseDotenvFile(DOTENV_KEYS, keys.text).values } : {}) };
}
