import type { Connection, Scope, SecretBag } from '../connection';
import type { NetworkPort } from '../network/route';
import type { Logger } from '../logger';
import { findProvider } from '../providers/catalog';
import type { Capability } from '../providers/descriptor';
import type { ReferenceResolver } from '../references';
import type { ReferenceOwner } from '../resolution/resolver';
import type { ConnectionStore } from '../store/connectionStore';
import { validateConnection, type FieldErrors } from '../validation';
import { assertTrusted, prepareRequest, type Prepared, type RequestRefusal, type SameOriginGet } from '../requests';
import type { ServerModels } from '../serverModel';
import { resultBadge, type TestResult } from './result';
import type { TestResultStore } from './resultStore';
import { runPool } from './runner';
import { SharedKeyError, type BindingQuestions, type SharedKeys } from '../shared/bindings';
import { isShared } from '../shared/parse';
import { boundHere } from '../shared/machineKeys';
import { testConnection, type TestDependencies } from './tester';

export interface TestSettings {
  timeoutSeconds: number;
  concurrency: number;
}

/** A request that can't be made: its connection is gone or disabled. `detail` says so to the user. */
class RequestError extends Error {
  constructor(readonly detail: RequestRefusal) {
    super(detail.code);
    this.name = 'RequestError';
  }
}

export interface TestServiceOptions {
  /** Whether the workspace is trusted: in Restricted Mode no request is sent (`assertTrusted`). */
  isTrusted: () => boolean;
  store: ConnectionStore;
  results: TestResultStore;
  settings: () => TestSettings;
  logger: Logger;
  getEntraToken?: (scope: string) => Promise<string>;
  resolveReference?: ReferenceResolver;
  /**
   * The resolver for one connection (its folder's files, the allow-list and the ask); when set, it
   * is used instead of `resolveReference`.
   */
  resolverFor?: (owner: ReferenceOwner) => ReferenceResolver;
  fetch?: typeof fetch;
  /** Proxies and TLS: a request whose connection or machine asks for them is sent over its route. */
  network?: NetworkPort;
  /**
   * Asked, during a test, what the server says of its listed models beyond the list (an
   * OpenAI-compatible server's own endpoint: serverModels.ts), through a GET to the origin the
   * list came from, with the list's headers.
   */
  modelDetails?: (connection: Pick<Connection, 'providerId' | 'settings'>, body: unknown, sameOrigin: SameOriginGet) => Promise<ServerModels | undefined>;
  /** The keys each person binds to shared connections (src/domain/shared), and what to ask when one is missing or its host changed. */
  shared?: { keys: SharedKeys; questions?: BindingQuestions };
  /** Told of each stored connection's successful model list, as the provider sent it, and what `modelDetails` found. */
  onModelList?: (connection: Connection, body: unknown, details?: ServerModels) => void | Promise<void>;
}

/**
 * The model list a form test received, with the provider and settings it was sent with: what the
 * connection offers in Chat once it is saved with the same values.
 */
export interface TestedModelList {
  providerId: string;
  settings: Connection['settings'];
  body: unknown;
  /** What the server said of its models beyond the list, during the same test. */
  details?: ServerModels;
}

/** Whether a saved connection is the one a form test listed the models of: same provider, same settings. */
export function isListOf(listed: TestedModelList, connection: Pick<Connection, 'providerId' | 'settings'>): boolean {
  if (listed.providerId !== connection.providerId) return false;
  const keys = new Set([...Object.keys(listed.settings), ...Object.keys(connection.settings)]);
  return [...keys].every((key) => JSON.stringify(listed.settings[key]) === JSON.stringify(connection.settings[key]));
}

/** Tests stored connections (one, or all active ones) and form values, and keeps the last results. */
export class ConnectionTestService {
  constructor(private readonly options: TestServiceOptions) {}

  /**
   * The trust gate (src/domain/requests/trust.ts), asked first by every path of this service that
   * sends a request, and by commands before they show progress: in Restricted Mode nothing is read
   * from secret storage, no reference is resolved, no token is fetched and nothing is sent.
   */
  assertTrusted(): void {
    assertTrusted(() => this.options.isTrusted());
  }

  private deps(signal: AbortSignal | undefined, owner: ReferenceOwner): TestDependencies {
    const { getEntraToken, fetch, resolverFor, network } = this.options;
    const resolveReference = resolverFor ? resolverFor(owner) : this.options.resolveReference;
    return {
      timeoutMs: this.options.settings().timeoutSeconds * 1000,
      ...(signal ? { signal } : {}),
      ...(getEntraToken ? { getEntraToken } : {}),
      ...(resolveReference ? { resolveReference } : {}),
      ...(fetch ? { fetch } : {}),
      ...(network ? { network } : {}),
    };
  }

  /**
   * A connection's secrets for a request: a stored one's from secret storage; a shared one's from
   * its file's references and the keys bound here for its host, asking when someone is there to answer.
   */
  private async secretsFor(connection: Connection, ask: boolean): Promise<SecretBag> {
    const shared = this.options.shared;
    if (isShared(connection) && shared) return shared.keys.secrets(connection, ask ? shared.questions : undefined);
    const bag = await this.options.store.readSecrets(connection);
    // A record without its keys: its definition came from another machine (Settings Sync), its keys never do; they are set here as a shared connection's are.
    const missing = connection.secretKeys.filter((key) => bag[key] === undefined);
    if (missing.length === 0) return bag;
    if (!shared) throw new SharedKeyError({ code: 'testing.keyNeeded', name: connection.name, synced: true });
    return { ...(await shared.keys.secrets(boundHere(connection, missing), ask ? shared.questions : undefined)), ...bag };
  }

  private async run(connection: Connection, signal?: AbortSignal, ask = false): Promise<TestResult> {
    let secrets: SecretBag;
    try {
      secrets = await this.secretsFor(connection, ask);
    } catch (error) {
      const message = error instanceof SharedKeyError ? error.detail : { code: 'testing.reason' as const, text: error instanceof Error ? error.message : String(error) };
      return { success: false, errorKind: 'config', message, latencyMs: 0, testedAt: new Date().toISOString() };
    }
    let listed: unknown;
    let details: ServerModels | undefined;
    const result = await testConnection(connection, secrets, {
      ...this.deps(signal, connection),
      onModelList: async (body, sameOrigin) => {
        listed = body;
        details = await this.options.modelDetails?.(connection, body, sameOrigin);
      },
    });
    if (listed !== undefined) await this.options.onModelList?.(connection, listed, details);
    this.options.logger.info(`Tested '${connection.alias}': ${resultBadge(result)}${result.status ? ` (${result.status})` : ''}${result.success && result.modelCount !== undefined ? `, ${result.modelCount} model${result.modelCount === 1 ? '' : 's'}` : ''}.`);
    return result;
  }

  private existing(): Connection[] {
    return this.options.store.list().connections;
  }

  /** Tests one stored connection and records the result. */
  async test(id: string, signal?: AbortSignal): Promise<TestResult> {
    this.assertTrusted();
    const connection = this.options.store.get(id);
    if (!connection) throw new RequestError({ code: 'testing.connectionGone' });
    const result = await this.run(connection, signal, true);
    if (result.errorKind !== 'cancelled') await this.options.results.set([[connection, result]], this.existing());
    return result;
  }

  /** Tests every active connection, `concurrency` at a time; cancelling aborts requests in flight. */
  async testAll(options: { signal?: AbortSignal; onProgress?: (done: number, total: number, connection: Connection, result: TestResult) => void } = {}): Promise<Map<Connection, TestResult>> {
    this.assertTrusted();
    const connections = this.options.store.list().connections.filter((c) => c.isActive);
    const results = await runPool(connections, this.options.settings().concurrency, (c) => this.run(c, options.signal), {
      ...(options.signal ? { signal: options.signal } : {}),
      onResult: (connection, result, done) => options.onProgress?.(done, connections.length, connection, result),
    });
    const finished = [...results].filter(([, r]) => r.errorKind !== 'cancelled');
    await this.options.results.set(finished, this.existing());
    return results;
  }

  /**
   * Tests what the form holds, before saving. A secret left empty while editing is taken from the
   * stored connection here, in the extension host: the form never sees it. The stored secret is
   * used only while the request still goes to the saved scheme, host and port.
   */
  async testInput(input: unknown, existingId?: string, signal?: AbortSignal): Promise<{ result: TestResult; listed?: TestedModelList } | { errors: FieldErrors }> {
    this.assertTrusted();
    const existing = existingId ? this.options.store.get(existingId) : undefined;
    if (typeof input !== 'object' || input === null) return { errors: { form: { code: 'validation.nothingToTest' } } };
    // Name, alias and scope don't matter to a test; everything the request needs does.
    const valid = validateConnection({ ...input, name: 'test', alias: 'test', scope: existing?.scope ?? 'global' }, { takenAliases: new Map(), workspaceAvailable: true, ...(existing ? { existing } : {}) });
    // Validation refuses a kept key whose URL now points elsewhere: a stored key is filled in only for its own host.
    if (!valid.ok) return { errors: valid.errors };
    const kept = valid.value.secretKeys.some((key) => valid.value.secrets[key] === undefined);
    const stored = existing && kept ? await this.options.store.readSecrets(existing) : {};
    const secrets: SecretBag = {};
    for (const key of valid.value.secretKeys) {
      const value = valid.value.secrets[key] ?? stored[key];
      if (value !== undefined) secrets[key] = value;
    }
    const { providerId, settings } = valid.value;
    let body: unknown;
    let details: ServerModels | undefined;
    const result = await testConnection({ providerId, settings, isActive: true }, secrets, {
      ...this.deps(signal, testOwner(input, existing)),
      onModelList: async (listed, sameOrigin) => {
        body = listed;
        details = await this.options.modelDetails?.({ providerId, settings }, listed, sameOrigin);
      },
    });
    this.options.logger.info(`Tested form values for provider '${providerId}': ${resultBadge(result)}.`);
    return result.success && body !== undefined ? { result, listed: { providerId, settings, body, ...(details ? { details } : {}) } } : { result };
  }

  /**
   * What a request to a stored connection needs (a chat request, say), after the same trust check
   * as a test: the connection, its secrets, and how to reach it (sign-in, references, timeout).
   */
  async requestContext(id: string): Promise<{ connection: Connection; secrets: SecretBag; deps: TestDependencies }> {
    this.assertTrusted();
    const connection = this.options.store.get(id);
    if (!connection) throw new RequestError({ code: 'chat.connectionGone' });
    if (!connection.isActive) throw new RequestError({ code: 'chat.connectionDisabled', name: connection.name });
    const secrets = await this.secretsFor(connection, true);
    return { connection, secrets, deps: this.deps(undefined, connection) };
  }

  /**
   * A stored connection's request as its test would send it (resolving and asking as a test does),
   * without sending it: where it goes and its route, to read its server's certificate.
   */
  async prepared(id: string): Promise<Prepared> {
    this.assertTrusted();
    const connection = this.options.store.get(id);
    if (!connection) throw new RequestError({ code: 'testing.connectionGone' });
    const provider = findProvider(connection.providerId);
    if (!provider?.test) throw new RequestError({ code: 'testing.connectionGone' });
    const secrets = await this.secretsFor(connection, true);
    return prepareRequest(provider, provider.test, connection, secrets, this.deps(undefined, connection));
  }

  /** Active connections whose provider offers a capability (chat, embedding, ...). */
  findByCapability(capability: Capability): Connection[] {
    return findByCapability(this.options.store.list().connections, capability);
  }
}

function scopeOf(input: object): Scope {
  return 'scope' in input && input.scope === 'workspace' ? 'workspace' : 'global';
}

/**
 * Whose references a form test resolves: the stored connection's (in the folder the form now
 * names, which may have been changed), or the new connection's scope and folder. Its name is the
 * one typed in the form, so a question asked during the test names what the user sees; '' for a
 * new connection not named yet.
 */
function testOwner(input: object, existing: Connection | undefined): ReferenceOwner {
  const scope = existing?.scope ?? scopeOf(input);
  const typed = scope === 'workspace' && 'folder' in input && typeof input.folder === 'string' ? input.folder : undefined;
  const folder = typed ?? existing?.folder;
  const typedName = 'name' in input && typeof input.name === 'string' ? input.name.trim() : '';
  return { ...(existing ? { id: existing.id } : {}), name: typedName || existing?.name || '', scope, ...(folder !== undefined ? { folder } : {}) };
}

export function findByCapability(connections: readonly Connection[], capability: Capability): Connection[] {
  return connections.filter((c) => c.isActive && (findProvider(c.providerId)?.capabilities.includes(capability) ?? false));
}
