/**
 * What the store checks before it writes: input against the connections already stored (an
 * alias is unique across both scopes), refused with the field errors the user is shown.
 */
import type { Connection, Scope } from '../connection';
import type { WorkspaceFolderInfo } from '../folders';
import type { Message } from '../messages';
import { validateConnection, type ValidConnection } from '../validation';
import { StoreError } from './errors';

export type TakenAliases = Map<string, { name: string; scope: Scope }>;

/** Aliases in use and who uses them, leaving out one connection (the one being edited). */
export function takenAliases(connections: readonly Connection[], exceptId?: string): TakenAliases {
  const taken: TakenAliases = new Map();
  for (const c of connections) {
    if (c.id !== exceptId) taken.set(c.alias, { name: c.name, scope: c.scope });
  }
  return taken;
}

/** Refuses an alias another connection than `id` uses. */
export function assertAliasFree(connections: readonly Connection[], alias: string, id: string): void {
  const owner = takenAliases(connections, id).get(alias);
  if (owner) {
    const message: Message = { code: 'validation.aliasTaken', alias, owner: owner.name, scope: owner.scope };
    throw new StoreError('invalid', message, { alias: message });
  }
}

export interface InputContext {
  /** The connections stored now, in both scopes. */
  connections: readonly Connection[];
  workspaceAvailable: boolean;
  /** The open workspace folders: a workspace connection's folder is checked against them. */
  folders?: () => readonly WorkspaceFolderInfo[];
}

/** Checks the input of a new connection, or of an update of `existing`; refuses it as the user is told. */
export function validInput(input: unknown, context: InputContext, existing?: Connection): ValidConnection {
  const result = validateConnection(input, {
    takenAliases: takenAliases(context.connections, existing?.id),
    workspaceAvailable: context.workspaceAvailable,
    ...(existing ? { existing } : {}),
    ...(context.folders ? { folders: context.folders() } : {}),
  });
  if (result.ok) return result.value;
  const code = result.errors.providerId && existing ? 'providerChange' : 'invalid';
  throw new StoreError(code, Object.values(result.errors)[0]!, result.errors);
}

/** The fields of a record a valid input sets (its secrets go to the vault). */
export function recordFields(valid: ValidConnection): Omit<ValidConnection, 'secrets'> {
  const { secrets: _secrets, ...fields } = valid;
  return fields;
}

/** A connection by id, or by alias when exactly one connection has it (a personal and a shared one with the same alias: neither). */
export function findConnection(connections: readonly Connection[], idOrAlias: string): Connection | undefined {
  const byId = connections.find((c) => c.id === idOrAlias);
  if (byId) return byId;
  const byAlias = connections.filter((c) => c.alias === idOrAlias);
  return byAlias.length === 1 ? byAlias[0] : undefined;
}
