/**
 * The secrets of connections in the vault: one bag (JSON) per versioned key, and the list of
 * entries that could not be deleted, retried later.
 */
import type { Connection, Scope, SecretBag } from '../connection';
import type { Logger } from '../logger';
import { StoreError, causeOf, describeCause } from './errors';
import type { StoreMessage } from '../messages';
import type { StoreCause } from './messages';
import type { SecretVault, StateStore } from './ports';

/**
 * Secret entries that could not be deleted when their connection (or a save) no longer needed
 * them: kept in the global state, since the vault is shared by every window and workspace, and
 * retried by `retryOrphans()`.
 */
export const ORPHANED_SECRETS_KEY = 'aiConnections.orphanedSecrets';
const SECRET_PREFIX = 'aiConnections/secret';
/** How often a read of a record and its secrets is retried while another window changes them. */
const CONSISTENT_READ_ATTEMPTS = 5;

/**
 * Where a connection's secret bag lives. A connection's first bag is stored under its scope and
 * id; every later change of its secrets goes to a new key that carries a fresh version, and the
 * record names that version. A save that loses a race then only removes what it wrote itself,
 * and never a bag another window's record points to.
 */
export function secretKeyFor(scope: Scope, id: string, secretVersion?: string): string {
  return secretVersion === undefined ? `${SECRET_PREFIX}/${scope}/${id}` : `${SECRET_PREFIX}/${scope}/${id}/${secretVersion}`;
}

/** What names a bag: a record's scope, id and secret version. */
export interface BagOwner {
  scope: Scope;
  id: string;
  secretVersion?: string | undefined;
}

/** The key of the bag a record points to. */
export function secretKeyOf(record: BagOwner): string {
  return secretKeyFor(record.scope, record.id, record.secretVersion);
}

export interface OrphanRetry {
  removed: string[];
  remaining: string[];
}

/** Secret entries a cleanup could not delete, and whether they made it onto the retry list. */
export interface Leftovers {
  keys: string[];
  listed: boolean;
  cause?: StoreCause;
}

/** What the user is told of leftovers. */
export interface LeftoverReport {
  /** Secret entries that could not be removed; they are listed and retried (see `retryOrphans`). */
  orphanedSecrets: string[];
  /** For the user when something could not be cleaned up; no secret values in it. */
  warning?: StoreMessage;
}

/** `name`: of the deleted connection; undefined when broken data was deleted. */
export function leftoverReport(name: string | undefined, leftover: Leftovers): LeftoverReport {
  if (leftover.keys.length === 0) return { orphanedSecrets: [] };
  return {
    orphanedSecrets: leftover.keys,
    warning: {
      code: 'store.secretsLeftOver',
      ...(name !== undefined ? { name } : {}),
      count: leftover.keys.length,
      cause: leftover.cause ?? { code: 'store.unknownCause' },
      listed: leftover.listed,
    },
  };
}

/** A bag as stored; anything else (unreadable, not an object, non-text values) reads as empty or is left out. */
export function parseBag(raw: string | undefined): SecretBag {
  if (raw === undefined) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export interface SecretBagsOptions {
  secrets: SecretVault;
  /** Where the list of entries to delete later is kept. */
  global: StateStore;
  logger: Logger;
}

export class SecretBags {
  constructor(private readonly options: SecretBagsOptions) {}

  /** The bag stored under `key` (empty when there is none). */
  async read(key: string): Promise<SecretBag> {
    try {
      return parseBag(await this.options.secrets.get(key));
    } catch (error) {
      throw new StoreError('secretStorage', { code: 'store.readSecretsFailed', cause: causeOf(error) });
    }
  }

  /**
   * The record `locate` finds and the bag it points to, read so that the record did not move to
   * other secrets in between (another window may change the key while the vault answers).
   */
  async readConsistent<R extends BagOwner>(locate: () => R | undefined): Promise<{ record: R; bag: SecretBag } | undefined> {
    for (let attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
      const before = locate();
      if (!before) return undefined;
      const bag = await this.read(secretKeyOf(before));
      const after = locate();
      if (!after) return undefined;
      if (after.secretVersion === before.secretVersion) return { record: after, bag };
    }
    throw new StoreError('stale', { code: 'store.keepsChanging' });
  }

  /** Stores a bag under a key no record points to yet. Resolves false when there was nothing to store. */
  async write(connection: Pick<Connection, 'alias' | 'name'>, key: string, bag: SecretBag): Promise<boolean> {
    if (Object.keys(bag).length === 0) return false;
    try {
      await this.options.secrets.store(key, JSON.stringify(bag));
      return true;
    } catch (error) {
      this.options.logger.error(`Secret storage refused the secrets of '${connection.alias}': ${describeCause(error)}`);
      throw new StoreError('secretStorage', { code: 'store.saveSecretsFailed', name: connection.name, cause: causeOf(error) });
    }
  }

  /**
   * Removes secret bags no record points to any more (or ever did). Only keys this store made
   * unreachable get here, so removing them can't take a key away from another window. Keys the
   * vault refuses to delete are listed for a retry; resolves with them and the vault's reason.
   */
  async discard(keys: string[], after: string): Promise<Leftovers> {
    const failed: string[] = [];
    let cause: StoreCause | undefined;
    for (const key of keys) {
      try {
        await this.options.secrets.delete(key);
      } catch (error) {
        cause ??= causeOf(error);
        failed.push(key);
        this.options.logger.warn(`Couldn't delete secrets left over from ${after}: ${describeCause(error)}`);
      }
    }
    if (failed.length === 0) return { keys: [], listed: true };
    const listed = await this.updateOrphans((listedKeys) => [...new Set([...listedKeys, ...failed])]);
    if (listed) this.options.logger.warn(`Listed ${failed.length} secret entr${failed.length === 1 ? 'y' : 'ies'} under '${ORPHANED_SECRETS_KEY}' to delete later.`);
    return { keys: failed, listed, ...(cause ? { cause } : {}) };
  }

  /** Secret entries listed for deletion because removing them failed earlier (only this extension's). */
  orphaned(): string[] {
    const value = this.options.global.get(ORPHANED_SECRETS_KEY);
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string' && key.startsWith(`${SECRET_PREFIX}/`)) : [];
  }

  /** Tries again to delete the listed entries, except `skip` (just listed). Never rejects. */
  async retryOrphans(skip: readonly string[] = []): Promise<OrphanRetry> {
    const listed = this.orphaned().filter((key) => !skip.includes(key));
    const removed: string[] = [];
    for (const key of listed) {
      try {
        await this.options.secrets.delete(key);
        removed.push(key);
      } catch (error) {
        this.options.logger.warn(`Still couldn't delete a leftover secret entry: ${describeCause(error)}`);
      }
    }
    if (removed.length > 0 && (await this.updateOrphans((keys) => keys.filter((key) => !removed.includes(key))))) {
      this.options.logger.info(`Deleted ${removed.length} leftover secret entr${removed.length === 1 ? 'y' : 'ies'}.`);
    }
    return { removed, remaining: this.orphaned() };
  }

  /** Rewrites the list of orphaned secret entries; resolves false (after logging) if that fails. */
  private async updateOrphans(change: (listed: string[]) => string[]): Promise<boolean> {
    try {
      await this.options.global.update(ORPHANED_SECRETS_KEY, change(this.orphaned()));
      return true;
    } catch (error) {
      this.options.logger.error(`Couldn't update the list of secret entries to delete later: ${describeCause(error)}`);
      return false;
    }
  }
}
