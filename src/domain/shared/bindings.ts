/**
 * Each person's keys for the shared connections: bound on this machine, in secret storage, to the
 * definition (its folder and id) and to the host its requests went to when the key was bound. A
 * key is handed out only while the definition still sends its requests to that host; when the file
 * points it elsewhere (a pull, a branch switch, a hostile change), the person is asked first, in a
 * question that names both hosts. A definition never receives a key bound for another one.
 */
import { z } from 'zod';
import type { SecretBag } from '../connection';
import { destinationText, literalUrl, requestTarget } from '../destination';
import type { SecretVault } from '../store/ports';
import type { TestingPlainMessage } from '../testing/messages';
import type { SharedConnection } from './parse';

const BOUND_PREFIX = 'aiConnections/bound';

const BindingSchema = z
  .object({
    /** Where requests went when the key was bound: an origin, or the reference the URL is. */
    target: z.string().max(4096),
    secrets: z.record(z.string().max(256), z.string().max(16_384)),
  })
  .strict();
type Binding = z.infer<typeof BindingSchema>;

/** A shared connection's key could not be had: none bound, or bound for another host. */
export class SharedKeyError extends Error {
  constructor(readonly detail: Extract<TestingPlainMessage, { code: 'testing.keyNeeded' | 'testing.keyHostChanged' }>) {
    super(detail.code);
    this.name = 'SharedKeyError';
  }
}

/** The secret storage entry of a definition's keys. */
export function boundKeyFor(connection: Pick<SharedConnection, 'id'>): string {
  return `${BOUND_PREFIX}/${connection.id}`;
}

/** Where a connection's requests go, as a key is bound to it: the origin of its URL, or the reference it is. */
export function bindingTarget(connection: Pick<SharedConnection, 'providerId' | 'settings'>): string {
  const target = requestTarget(connection) ?? '';
  return literalUrl(target)?.origin ?? target;
}

/** How a host is named to the person: `api.openai.com`, `http://example.com`, or the reference. */
export function bindingHost(target: string): string {
  return destinationText(target) ?? target;
}

export type BindingState =
  /** Every key it needs comes from the file (references) or none is needed. */
  { state: 'none' } | { state: 'bound' } | { state: 'needed'; missing: readonly string[] } | { state: 'hostChanged'; from: string; to: string };

/** What the person is asked, when they are there to answer (a test of one connection, a chat request). */
export interface BindingQuestions {
  /** The keys to bind, for the host named: undefined when they decline. */
  keys(connection: SharedConnection, missing: readonly string[], host: string): Promise<SecretBag | undefined>;
  /** Whether the key bound for `from` may go to `to` from now on. */
  moveHost(connection: SharedConnection, from: string, to: string): Promise<boolean>;
}

export class SharedKeys {
  constructor(private readonly vault: SecretVault) {}

  private async read(connection: SharedConnection): Promise<Binding | undefined> {
    const text = await this.vault.get(boundKeyFor(connection));
    if (text === undefined) return undefined;
    try {
      const parsed = BindingSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether this machine holds the keys the definition asks each person for, for its current host. */
  async state(connection: SharedConnection): Promise<BindingState> {
    if (connection.shared.ask.length === 0) return { state: 'none' };
    const binding = await this.read(connection);
    const missing = connection.shared.ask.filter((key) => binding?.secrets[key] === undefined);
    if (!binding || missing.length === connection.shared.ask.length) return { state: 'needed', missing: connection.shared.ask };
    const target = bindingTarget(connection);
    if (binding.target !== target) return { state: 'hostChanged', from: bindingHost(binding.target), to: bindingHost(target) };
    return missing.length > 0 ? { state: 'needed', missing } : { state: 'bound' };
  }

  /**
   * The connection's secrets: its references as the file names them, and the keys bound here for
   * its current host. Asks `questions` (when given) for keys not bound, and before a key goes to
   * another host than the one it was bound for; without an answer, throws SharedKeyError and nothing
   * is handed out.
   */
  async secrets(connection: SharedConnection, questions?: BindingQuestions): Promise<SecretBag> {
    const state = await this.state(connection);
    if (state.state === 'hostChanged') {
      if (!(await questions?.moveHost(connection, state.from, state.to))) throw new SharedKeyError({ code: 'testing.keyHostChanged', name: connection.name, from: state.from, to: state.to });
      await this.moveHost(connection);
      return this.secrets(connection, questions);
    }
    if (state.state === 'needed') {
      const typed = await questions?.keys(connection, state.missing, bindingHost(bindingTarget(connection)));
      if (!typed || state.missing.some((key) => !typed[key])) throw new SharedKeyError({ code: 'testing.keyNeeded', name: connection.name, ...(connection.shared.synced ? { synced: true } : {}) });
      await this.bind(connection, typed);
      return this.secrets(connection);
    }
    const bound = state.state === 'bound' ? ((await this.read(connection))?.secrets ?? {}) : {};
    const bag: SecretBag = { ...connection.shared.references };
    for (const key of connection.shared.ask) if (bound[key] !== undefined) bag[key] = bound[key];
    return bag;
  }

  /** Binds keys to the definition for the host its requests go to now; keys already bound for that host and not given are kept. */
  async bind(connection: SharedConnection, keys: SecretBag): Promise<void> {
    const target = bindingTarget(connection);
    const existing = await this.read(connection);
    const kept = existing?.target === target ? existing.secrets : {};
    const secrets: SecretBag = {};
    for (const key of connection.shared.ask) {
      const value = keys[key] ?? kept[key];
      if (value !== undefined && value !== '') secrets[key] = value;
    }
    await this.vault.store(boundKeyFor(connection), JSON.stringify({ target, secrets } satisfies Binding));
  }

  /** The person agreed: the keys bound for the old host go to the definition's current host from now on. */
  async moveHost(connection: SharedConnection): Promise<void> {
    const existing = await this.read(connection);
    if (existing) await this.vault.store(boundKeyFor(connection), JSON.stringify({ target: bindingTarget(connection), secrets: existing.secrets } satisfies Binding));
  }

  /** Forget My Key: the keys bound on this machine for the definition go. */
  async forget(connection: Pick<SharedConnection, 'id'>): Promise<void> {
    await this.vault.delete(boundKeyFor(connection));
  }
}
