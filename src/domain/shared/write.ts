/**
 * Writing a personal connection's definition into a folder's shared file (Share with Workspace):
 * its settings as they are, each key as the reference it is or as "ask", never a key. The file's
 * comments and layout are kept (jsonc-parser's edits), and what is written is read back before it
 * is used: a text that would hold a key, or that does not read back as the definition, is refused.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import type { Connection, SecretBag } from '../connection';
import type { ValidConnection } from '../validation';
import type { WorkspaceFolderInfo } from '../folders';
import { findProvider } from '../providers/catalog';
import { isReference } from '../references';
import { ASK, ID_PATTERN, parseSharedFile, type SharedConnection, type SharedProblemMessage } from './parse';

const FORMATTING: FormattingOptions = { tabSize: 2, insertSpaces: true, eol: '\n' };

const NEW_FILE = `{
  // Connections shared with everyone who opens this folder, committed with the code.
  // Keys are never written here: each is "ask" (each person sets their own with Set My Key…)
  // or a reference such as "\${env:OPENAI_API_KEY}". See the AI Connections README.
  "connections": []
}
`;

export interface SharedDefinition {
  id: string;
  alias: string;
  name: string;
  provider: string;
  isActive?: false;
  settings: Connection['settings'];
  secrets: Record<string, string | Record<string, string>>;
}

/** A connection as a shared definition: references stay references, every other key becomes "ask". */
export function definitionOf(connection: Connection, secrets: SecretBag): SharedDefinition {
  const provider = findProvider(connection.providerId);
  const shared: SharedDefinition['secrets'] = {};
  for (const key of connection.secretKeys) {
    const value = secrets[key];
    const kept = value !== undefined && isReference(value) ? value : ASK;
    const dot = key.indexOf('.');
    const field = dot === -1 ? key : key.slice(0, dot);
    if (dot !== -1 && provider?.fields.find((f) => f.key === field)?.kind === 'map') {
      const entries = (shared[field] ??= {}) as Record<string, string>;
      entries[key.slice(dot + 1)] = kept;
    } else shared[key] = kept;
  }
  const id = ID_PATTERN.test(connection.alias) ? connection.alias : connection.id;
  return { id, alias: connection.alias, name: connection.name, provider: connection.providerId, ...(connection.isActive ? {} : { isActive: false as const }), settings: connection.settings, secrets: shared };
}

/**
 * The file's text with the definition added at the end of its list (a new file when there is none).
 * Refused, with the reason, when the file is not JSON or already has the id or the alias, or when
 * the text would hold any of `secrets`' values that is not a reference.
 */
export function withDefinition(text: string | undefined, definition: SharedDefinition, folder: WorkspaceFolderInfo, secrets: SecretBag): { text: string } | { problem: SharedProblemMessage } {
  const base = text === undefined || text.trim() === '' ? NEW_FILE : text;
  const before = parseSharedFile(base, folder);
  const broken = before.problems.find((p) => p.message.code === 'shared.notJson' || p.message.code === 'shared.notObject' || p.message.code === 'shared.fileTooLarge');
  if (broken) return { problem: broken.message };
  if (before.connections.some((c) => c.shared.definitionId === definition.id) || before.problems.some((p) => p.id === definition.id)) return { problem: { code: 'shared.duplicateId', id: definition.id } };
  if (before.connections.some((c) => c.alias === definition.alias)) return { problem: { code: 'shared.duplicateAlias', alias: definition.alias } };
  const list = /"connections"\s*:/.test(base) ? base : applyEdits(base, modify(base, ['connections'], [], { formattingOptions: FORMATTING }));
  const written = applyEdits(list, modify(list, ['connections', -1], definition, { formattingOptions: FORMATTING, isArrayInsertion: true }));
  return checkedText(written, definition, folder, secrets);
}

/** A text about to be written: none of `secrets`' keys in it anywhere, and the definition reads back from it. */
function checkedText(written: string, definition: SharedDefinition, folder: WorkspaceFolderInfo, secrets: SecretBag): { text: string } | { problem: SharedProblemMessage } {
  for (const value of Object.values(secrets)) {
    if (value.length >= 4 && !isReference(value) && written.includes(value)) return { problem: { code: 'shared.literalSecret', field: definition.alias } };
  }
  const after = parseSharedFile(written, folder);
  if (!after.connections.some((c) => c.shared.definitionId === definition.id)) {
    const own = after.problems.find((p) => p.id === definition.id);
    return { problem: own ? own.message : { code: 'shared.entryNotObject' } };
  }
  return { text: written };
}

/**
 * The definition a form saves for a shared connection: its settings as checked; each key as the
 * reference typed, else as the file had it ("ask" or its reference). A key typed in the form is
 * this person's own: it is returned in `own` (to set on this machine), never written.
 */
export function editedDefinition(connection: SharedConnection, valid: ValidConnection): { definition: SharedDefinition; own: SecretBag } {
  const own: SecretBag = {};
  const bag: SecretBag = {};
  for (const key of valid.secretKeys) {
    const typed = valid.secrets[key];
    if (typed !== undefined && !isReference(typed)) own[key] = typed;
    bag[key] = typed !== undefined && isReference(typed) ? typed : (connection.shared.references[key] ?? ASK);
  }
  const edited = { ...connection, alias: valid.alias, name: valid.name, isActive: valid.isActive, settings: valid.settings, secretKeys: valid.secretKeys };
  return { definition: { ...definitionOf(edited, bag), id: connection.shared.definitionId }, own };
}

/** The file's text with one definition (by its id) replaced; refused as `withDefinition` refuses. */
export function withEditedDefinition(text: string | undefined, definition: SharedDefinition, folder: WorkspaceFolderInfo, secrets: SecretBag): { text: string } | { problem: SharedProblemMessage } {
  const root = text === undefined ? undefined : parseTree(text, [], { allowTrailingComma: true });
  const list = root && findNodeAtLocation(root, ['connections']);
  const index = list?.children?.findIndex((entry) => findNodeAtLocation(entry, ['id'])?.value === definition.id) ?? -1;
  if (text === undefined || index === -1) return { problem: { code: 'shared.definitionGone', id: definition.id } };
  const written = applyEdits(text, modify(text, ['connections', index], definition, { formattingOptions: FORMATTING }));
  return checkedText(written, definition, folder, secrets);
}
