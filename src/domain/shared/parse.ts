/**
 * The shared connections file of a workspace folder (`.vscode/ai-connections.json`, JSON with
 * comments) read into connection definitions: everything but the keys, which are references
 * (`${env:NAME}`, `$Section:Key`) or "ask" (each person binds their own, see bindings.ts).
 *
 * Each definition is checked on its own: a bad one is left out with a problem located at its line
 * and column, and the others still work. A key written into the file as a literal is refused and
 * never read. Nothing here reads a key or resolves a reference.
 */
import { createHash } from 'node:crypto';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { mapSecretKey, type Connection } from '../connection';
import type { WorkspaceFolderInfo } from '../folders';
import { LIMITS } from '../limits';
import { findProvider } from '../providers/catalog';
import { isSecretField, type FieldDescriptor, type ProviderDescriptor } from '../providers/descriptor';
import { isReference } from '../references';
import { validateConnection } from '../validation';
import type { ValidationMessage } from '../validationMessages';
import type { SharedInvalidSetting, SharedPlainMessage } from './messages';

/** Where the file is, inside a workspace folder. */
export const SHARED_FILE_PATH = '.vscode/ai-connections.json';
/** The value of a key each person binds on their own machine. */
export const ASK = 'ask';
/** The largest file read, and the most definitions in it. */
const SHARED_LIMITS = { fileBytes: 256 * 1024, definitions: 200 } as const;

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Dates of a definition: the file has none, and a definition is never compared by date. */
const NO_DATE = '1970-01-01T00:00:00.000Z';

export type SharedProblemMessage = SharedPlainMessage | SharedInvalidSetting<ValidationMessage>;

/** A problem of the file, where it is (0-based line and character, as editors count). */
export interface SharedProblem {
  line: number;
  character: number;
  length: number;
  message: SharedProblemMessage;
  /** The definition it belongs to, when the file names it. */
  id?: string;
}

/** What a shared connection carries beyond a stored one: where it comes from and how its keys are had. */
export interface SharedOrigin {
  /** The workspace folder whose file defines it. */
  folder: string;
  folderName: string;
  /** The definition's id in the file (the connection's id adds the folder). */
  definitionId: string;
  /** Secret keys each person binds (`apiKey`, `secrets.api_key`). */
  ask: readonly string[];
  /** Secret keys the file names a reference for, with the reference. */
  references: Readonly<Record<string, string>>;
  /** A personal connection synced from another machine (Settings Sync): its keys are set on each machine as a shared one's are. */
  synced?: true;
}

export type SharedConnection = Connection & { shared: SharedOrigin };

export interface SharedFile {
  connections: SharedConnection[];
  problems: SharedProblem[];
}

/**
 * The connection id of a definition, a UUID as every connection id is: derived from its folder and
 * its id in the file (name-based, as RFC 9562's version 5), so it is the same in every window and
 * on every machine, and two folders' definitions never share one.
 */
export function sharedConnectionId(folderUri: string, definitionId: string): string {
  const hash = createHash('sha1').update(`ai-connections shared\n${folderUri}\n${definitionId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function isShared(connection: Connection): connection is SharedConnection {
  return (connection as Partial<SharedConnection>).shared !== undefined;
}

/** Reads a folder's shared file. `text` is undefined when there is none. */
export function parseSharedFile(text: string | undefined, folder: WorkspaceFolderInfo): SharedFile {
  if (text === undefined || text.trim() === '') return { connections: [], problems: [] };
  const at = locator(text);
  if (text.length > SHARED_LIMITS.fileBytes) return { connections: [], problems: [at(undefined, { code: 'shared.fileTooLarge', kb: SHARED_LIMITS.fileBytes / 1024 })] };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    return { connections: [], problems: [at(first ? { offset: first.offset, length: first.length } : undefined, { code: 'shared.notJson', reason: first ? printParseErrorCode(first.error) : 'empty' })] };
  }
  const list = root.type === 'object' ? findNodeAtLocation(root, ['connections']) : undefined;
  if (root.type !== 'object' || (list !== undefined && list.type !== 'array')) return { connections: [], problems: [at(list ?? root, { code: 'shared.notObject' })] };
  const entries = list?.children ?? [];
  const problems: SharedProblem[] = [];
  if (entries.length > SHARED_LIMITS.definitions) problems.push(at(list, { code: 'shared.tooMany', max: SHARED_LIMITS.definitions }));
  const read = entries.slice(0, SHARED_LIMITS.definitions).map((node) => readEntry(node, folder, at));
  const connections: SharedConnection[] = [];
  const dupes = duplicates(read.flatMap((r) => (r.connection ? [r.connection] : [])));
  for (const entry of read) {
    problems.push(...entry.problems);
    const connection = entry.connection;
    if (!connection) continue;
    const dupe = dupes.get(connection);
    if (dupe) problems.push(at(entry.node, dupe, connection.shared.definitionId));
    else connections.push(connection);
  }
  return { connections, problems };
}

type Locate = (node: Node | { offset: number; length: number } | undefined, message: SharedProblemMessage, id?: string) => SharedProblem;

/** Turns offsets into lines and characters. */
function locator(text: string): Locate {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (node, message, id) => {
    const offset = node?.offset ?? 0;
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return { line, character: offset - starts[line]!, length: node?.length ?? 0, message, ...(id !== undefined ? { id } : {}) };
  };
}

/** Definitions that share an id or an alias with another: none of them is used, so neither silently wins. */
function duplicates(connections: readonly SharedConnection[]): Map<SharedConnection, SharedPlainMessage> {
  const found = new Map<SharedConnection, SharedPlainMessage>();
  const count = (key: (c: SharedConnection) => string) => {
    const seen = new Map<string, number>();
    for (const c of connections) seen.set(key(c), (seen.get(key(c)) ?? 0) + 1);
    return seen;
  };
  const ids = count((c) => c.shared.definitionId);
  const aliases = count((c) => c.alias);
  for (const c of connections) {
    if (ids.get(c.shared.definitionId)! > 1) found.set(c, { code: 'shared.duplicateId', id: c.shared.definitionId });
    else if (aliases.get(c.alias)! > 1) found.set(c, { code: 'shared.duplicateAlias', alias: c.alias });
  }
  return found;
}

interface ReadEntry {
  node: Node;
  connection?: SharedConnection;
  problems: SharedProblem[];
}

/** A definition's shape; its provider's fields are checked against the provider's descriptor after. */
const EntrySchema = z.strictObject({
  id: z.string().regex(ID_PATTERN),
  alias: z.string(),
  name: z.string(),
  provider: z.string(),
  isActive: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  secrets: z.record(z.string(), z.unknown()).optional(),
});

/** What is wrong with a definition's shape, in the file's words: the first problem zod found. */
function shapeProblem(issue: z.core.$ZodIssue, value: Record<string, unknown>): { path: (string | number)[]; message: SharedPlainMessage } {
  const property = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { path: [key], message: { code: 'shared.unknownProperty', property: key.slice(0, 64) } };
  }
  if (property === 'id' && typeof value.id === 'string') return { path: ['id'], message: { code: 'shared.badId', id: value.id.slice(0, 64) } };
  if (value[property] === undefined) return { path: [], message: { code: 'shared.missing', property } };
  if (property === 'settings' || property === 'secrets') return { path: [property], message: { code: 'shared.notObject' } };
  return { path: [property], message: { code: 'shared.notText', property } };
}

/** One definition: its shape, its provider's fields and the provider's own checks. */
function readEntry(node: Node, folder: WorkspaceFolderInfo, at: Locate): ReadEntry {
  const value: unknown = getNodeValue(node);
  if (node.type !== 'object' || typeof value !== 'object' || value === null) return { node, problems: [at(node, { code: 'shared.entryNotObject' })] };
  const record = value as Record<string, unknown>;
  const idText = typeof record.id === 'string' ? record.id : undefined;
  const problem = (where: Node | undefined, message: SharedProblemMessage): ReadEntry => ({ node, problems: [at(where ?? node, message, idText)] });
  if (node.length > LIMITS.recordLength) return problem(node, { code: 'shared.entryTooLarge', kb: LIMITS.recordLength / 1024 });
  const parsed = EntrySchema.safeParse(record);
  if (!parsed.success) {
    const found = shapeProblem(parsed.error.issues[0]!, record);
    const where = found.path.length > 0 ? findNodeAtLocation(node, found.path) : undefined;
    // An unknown property is shown at its name.
    return problem(found.message.code === 'shared.unknownProperty' ? (where?.parent?.children?.[0] ?? where) : where, found.message);
  }
  const entry = parsed.data;
  const provider = findProvider(entry.provider);
  if (!provider) return problem(findNodeAtLocation(node, ['provider']), { code: 'shared.unknownProvider', provider: entry.provider.slice(0, 64) });
  const keys = readKeys(node, provider, at, entry);
  if ('problems' in keys) return { node, problems: keys.problems };
  return checked(node, provider, keys, folder, at, entry);
}

interface Keys {
  settings: Record<string, unknown>;
  ask: string[];
  references: Record<string, string>;
  /** The references as the form would submit them (a map field's entries together). */
  values: Record<string, unknown>;
}

/** `settings` and `secrets`: plain values only in settings, and in secrets only "ask" or a reference. */
function readKeys(node: Node, provider: ProviderDescriptor, at: Locate, entry: z.infer<typeof EntrySchema>): Keys | { problems: SharedProblem[] } {
  const { id } = entry;
  const settings = entry.settings ?? {};
  for (const key of Object.keys(settings)) {
    const field = provider.fields.find((f) => f.key === key);
    if (field && isSecretField(field)) return { problems: [at(findNodeAtLocation(node, ['settings', key]), { code: 'shared.secretInSettings', field: key }, id)] };
  }
  const keys: Keys = { settings, ask: [], references: {}, values: { ...settings } };
  for (const [key, value] of Object.entries(entry.secrets ?? {})) {
    const field = provider.fields.find((f) => f.key === key);
    const where = findNodeAtLocation(node, ['secrets', key]);
    if (!field || !isSecretField(field)) return { problems: [at(where, { code: 'shared.notSecretField', field: key.slice(0, 64) }, id)] };
    const problem = readSecret(node, field, key, value, keys);
    if (problem) return { problems: [at(problem.where ?? where, problem.message, id)] };
  }
  return keys;
}

/** One secret field's value (a map field's entries): "ask" or a reference each; anything else is refused and never read. */
function readSecret(node: Node, field: FieldDescriptor, key: string, value: unknown, keys: Keys): { where?: Node | undefined; message: SharedPlainMessage } | undefined {
  const isMap = field.kind === 'map';
  const entries = isMap ? value : { [key]: value };
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return { message: { code: 'shared.notObject' } };
  const submitted: Record<string, string> = {};
  for (const [entry, secret] of Object.entries(entries as Record<string, unknown>)) {
    const bagKey = isMap ? mapSecretKey(key, entry) : key;
    if (typeof secret !== 'string' || (secret !== ASK && !isReference(secret))) {
      return { where: isMap ? findNodeAtLocation(node, ['secrets', key, entry]) : undefined, message: { code: 'shared.literalSecret', field: bagKey.slice(0, 128) } };
    }
    if (secret === ASK) keys.ask.push(bagKey);
    else keys.references[bagKey] = secret;
    // A key each person binds counts as kept (as a stored key does when a form is saved).
    submitted[isMap ? entry : key] = secret === ASK ? '' : secret;
  }
  keys.values[key] = isMap ? submitted : submitted[key];
  return undefined;
}

/** The provider's own checks (required fields, URLs, another provider's host), as a form save would run them. */
function checked(node: Node, provider: ProviderDescriptor, keys: Keys, folder: WorkspaceFolderInfo, at: Locate, entry: z.infer<typeof EntrySchema>): ReadEntry {
  const { id, alias, name } = entry;
  const isActive = entry.isActive ?? true;
  const valid = validateConnection(
    { providerId: provider.id, name, alias, scope: 'workspace', folder: folder.uri, isActive, values: keys.values },
    { takenAliases: new Map(), workspaceAvailable: true, existing: { providerId: provider.id, scope: 'workspace', folder: folder.uri, secretKeys: keys.ask, settings: keys.settings as Connection['settings'] } },
  );
  if (!valid.ok) {
    const problems = Object.entries(valid.errors).map(([field, message]) => {
      const where = findNodeAtLocation(node, ['settings', field]) ?? findNodeAtLocation(node, ['secrets', field]) ?? findNodeAtLocation(node, [field]) ?? node;
      return at(where, { code: 'shared.invalidSetting', field, problem: message }, id);
    });
    return { node, problems };
  }
  const v = valid.value;
  const connection: SharedConnection = {
    id: sharedConnectionId(folder.uri, id),
    alias: v.alias,
    name: v.name,
    providerId: v.providerId,
    scope: 'workspace',
    folder: folder.uri,
    isActive: v.isActive,
    settings: v.settings,
    secretKeys: [...new Set([...v.secretKeys, ...keys.ask])],
    dateCreated: NO_DATE,
    dateModified: NO_DATE,
    shared: { folder: folder.uri, folderName: folder.name, definitionId: id, ask: keys.ask, references: keys.references },
  };
  return { node, connection, problems: [] };
}
