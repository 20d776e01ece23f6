/**
 * The import plan: which stored connection each imported one would update, what must be asked
 * (placeholder URLs, `<user-input>` and keys that cannot be kept), and the input the store takes
 * once answered. Pure: the command asks, `applyImport` stores.
 */
import { copyAlias, copyName, englishCopyName, type CopyName } from '../alias';
import type { Connection, ConnectionInput, Scope } from '../connection';
import type { ImportedConnection, ImportedPlaceholder, ImportedSecret } from './imported';
import { keptKeys } from './kept';
import type { YamlMessage } from '../messages';
import type { YamlProblem } from './parse';

/** What happens to one imported connection. */
export type ImportChoice = 'create' | 'update' | 'skip' | 'copy';

/** The stored connection an imported one would replace: same alias, else same name. */
export function findMatch(connection: ImportedConnection, existing: readonly Connection[]): Connection | undefined {
  return existing.find((c) => c.alias === connection.alias) ?? existing.find((c) => c.name === connection.name && c.providerId === connection.providerId);
}

/**
 * Secrets that need an answer: `<user-input>`, and kept values when there is nothing stored to
 * keep, or the stored key would go to another host than the one it was saved for.
 */
export function secretsToAsk(connection: ImportedConnection, target?: Pick<Connection, 'providerId' | 'secretKeys' | 'settings'>, urls?: Readonly<Record<string, string>>): ImportedSecret[] {
  const stored = keptKeys(connection, target, urls);
  return connection.secrets.filter((s) => s.source === 'prompt' || (s.source === 'keep' && !stored.has(s.key)));
}

/** The message for a placeholder URL left unanswered. */
export function placeholderProblem(connection: ImportedConnection, placeholder: ImportedPlaceholder): YamlProblem {
  return {
    file: connection.file,
    document: connection.document,
    line: placeholder.line,
    field: placeholder.field,
    message: { code: 'yaml.placeholder', field: placeholder.field },
  };
}

export interface InputOptions {
  scope: Scope;
  /** The connection being updated (`update`), if any. */
  target?: Connection;
  /** Aliases taken in both scopes, for `copy`. */
  takenAliases?: ReadonlySet<string>;
  copy?: boolean;
  /** How a copy is named in the user's language (English by default). */
  copyName?: CopyName;
  /** Answers to `secretsToAsk`, by bag key. */
  answers?: Readonly<Record<string, string>>;
  /** URLs for `placeholders`, by field key. */
  urls?: Readonly<Record<string, string>>;
}

/**
 * The input the store takes for an imported connection. Throws (naming the field, never a value)
 * when a secret that needs an answer has none: nothing is stored then.
 */
export function toConnectionInput(connection: ImportedConnection, options: InputOptions): ConnectionInput {
  const values: ConnectionInput['values'] = { ...connection.values };
  const mapSecrets: Record<string, string> = {};
  const stored = keptKeys(connection, options.target, options.urls);
  for (const secret of connection.secrets) {
    const value = secretValue(secret, stored, options.answers);
    if (secret.key.startsWith('secrets.')) mapSecrets[secret.key.slice('secrets.'.length)] = value;
    else values[secret.key] = value;
  }
  if (connection.providerId === 'custom') values.secrets = mapSecrets;
  applyPlaceholderUrls(connection, options.urls, values);
  const { name, alias } = importedNaming(connection, options);
  return { providerId: connection.providerId, name, alias, scope: options.target?.scope ?? options.scope, isActive: options.target?.isActive ?? true, values };
}

/** The value stored for one imported secret: its own, empty to keep the stored one, else the user's answer. */
function secretValue(secret: ImportedSecret, stored: ReadonlySet<string>, answers: InputOptions['answers']): string {
  if (secret.source === 'value' || secret.source === 'reference') return secret.value ?? '';
  if (secret.source === 'keep' && stored.has(secret.key)) return '';
  const answer = answers?.[secret.key];
  if (answer === undefined || answer === '') throw new MissingValueError(secret.field);
  return answer;
}

/** Puts the user's URL for each placeholder into the values; a required one left unanswered stops the import. */
function applyPlaceholderUrls(connection: ImportedConnection, urls: InputOptions['urls'], values: ConnectionInput['values']): void {
  for (const placeholder of connection.placeholders) {
    const url = urls?.[placeholder.key]?.trim();
    if (url) values[placeholder.key] = url;
    else if (placeholder.required) throw new MissingValueError(placeholder.field, { code: 'yaml.missingUrl', field: placeholder.field });
  }
}

/** The name and alias the connection is stored under: the updated one's, the file's, or a copy's. */
function importedNaming(connection: ImportedConnection, options: InputOptions): { name: string; alias: string } {
  if (options.copy) {
    return { alias: copyAlias(connection.alias, options.takenAliases ?? new Set()), name: copyName(connection.name, options.copyName ?? englishCopyName) };
  }
  return { alias: options.target?.alias ?? connection.alias, name: options.target && !connection.named ? options.target.name : connection.name };
}

/** A value the file leaves to the user that was not given: nothing is stored. `detail` says so; the message is for logs. */
export class MissingValueError extends Error {
  constructor(
    readonly field: string,
    readonly detail: YamlMessage = { code: 'yaml.missingValue', field },
  ) {
    super(`${detail.code}: ${field}`);
    this.name = 'MissingValueError';
  }
}

/** One imported connection in the plan. */
export interface PlannedImport {
  connection: ImportedConnection;
  /** The stored connection it matches (`findMatch`). */
  target?: Connection;
  /** `create` without a match; `update` of a match of the same provider; else a `conflict` (copy or skip). */
  action: 'create' | 'update' | 'conflict';
  /** What the user chose; `update` for a match until asked. */
  choice: ImportChoice;
}

/** What an import will do, before anything is asked or stored. */
export interface ImportPlan {
  entries: PlannedImport[];
  /** What the file holds that is not imported, with where. */
  refused: YamlProblem[];
  /** Whether the file writes a key itself (so it can be rewritten to use references). */
  literalKeys: boolean;
}

/** The plan for what a file holds, against the stored connections. */
export function planImport(read: { connections: readonly ImportedConnection[]; problems: readonly YamlProblem[] }, existing: readonly Connection[]): ImportPlan {
  const entries = read.connections.map((connection): PlannedImport => {
    const target = findMatch(connection, existing);
    if (!target) return { connection, action: 'create', choice: 'create' };
    return { connection, target, action: target.providerId === connection.providerId ? 'update' : 'conflict', choice: 'update' };
  });
  return { entries, refused: [...read.problems], literalKeys: read.connections.some((c) => c.secrets.some((s) => s.source === 'value')) };
}

/** The choices for a matched connection: update only when it is the same provider's. */
export function choicesFor(entry: PlannedImport): ImportChoice[] {
  return entry.action === 'update' ? ['update', 'copy', 'skip'] : ['copy', 'skip'];
}
