/**
 * What reading a promptflow file (or a dotenv file) gives: connections as the file describes
 * them, before anything is matched with what is stored. Types only, shared by the readers, the
 * check against the provider's fields and the import plan.
 */
import type { Message } from '../messages';
import type { YamlProblem } from './parse';

/**
 * Where an imported secret's value comes from, following promptflow's rules:
 * - `value`: a literal, stored in secret storage;
 * - `reference`: `${env:NAME}` (or a configuration reference), stored as typed;
 * - `prompt`: `<user-input>`, asked for with a password input;
 * - `keep`: `******`, an empty value or `<no-change>`: keeps the stored secret on an update, asked for on a create.
 */
export type SecretSource = 'value' | 'reference' | 'prompt' | 'keep';

export interface ImportedSecret {
  /** The key in the connection's secret bag (`apiKey`, `secrets.api_key`). */
  key: string;
  /** As the file names it (`api_key`, `secrets.api_key`). */
  field: string;
  line?: number;
  source: SecretSource;
  /** Only for `value` and `reference`. Never put into a message. */
  value?: string;
}

export interface ImportedConnection {
  file: string;
  document: number;
  line: number;
  /** promptflow's type (`azure_open_ai`). */
  type: string;
  providerId: string;
  name: string;
  alias: string;
  /** Whether the file gave a display name (`display_name`); else an update keeps the stored name. */
  named: boolean;
  /** Non-secret values, keyed by descriptor field (`configs` and `extra` are maps). */
  values: Record<string, string | Record<string, string>>;
  secrets: ImportedSecret[];
  /** Keys that have no field of their own and are kept (in `extra` or as configs), to show. */
  kept: string[];
  /**
   * URL settings holding a placeholder rather than a URL (`api_base: "endpoint"`): promptflow
   * stores these as they are, this extension asks for the URL (or takes it from `--set`).
   */
  placeholders: ImportedPlaceholder[];
}

export interface ImportedPlaceholder {
  /** Descriptor field key (`endpoint`). */
  key: string;
  /** As the file names it (`api_base`). */
  field: string;
  line?: number;
  required: boolean;
}

export interface ImportRead {
  connections: ImportedConnection[];
  problems: YamlProblem[];
  /** Documents in the file (with or without problems). */
  documentCount: number;
}

/** Where a reader's problems go and where a value's line is (shared with the dotenv reader). */
export interface Reader {
  problem(path: readonly string[], message: Message): void;
  line(path: readonly string[]): number | undefined;
}
