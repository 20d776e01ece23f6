/**
 * The one place references are resolved: tests, chat requests, the tree's warnings, the form's
 * hints and Show Resolution all ask this, so they see the same answer.
 *
 * - `$Section:Key[:Sub…]`: `appsettings.json`, then `appsettings.{Environment}.json`, then the
 *   environment variable `Section__Key` (each later source wins, as in ASP.NET Core); keys without
 *   regard to case; arrays by index.
 * - `${env:NAME}`: the environment VS Code's extension host runs with, then the folder's `.env`.
 * - `$$…` is not a reference: it stands for the literal with one `$` less (Umbraco.AI's escape).
 *
 * Files are read only for workspace connections in a trusted workspace, from the connection's own
 * folder (the first folder for a record without one); global connections read only the
 * environment. A folder that is no longer open is never replaced by another. A value from the environment goes to a provider only when its variable is
 * allowed by `aiConnections.references.allowedEnvironmentVariables` or the user said yes.
 * Nothing here throws on bad input, and no outcome but a successful one carries a value.
 */
import type { Scope } from '../connection';
import { Emitter, type Event } from '../events';
import { urlHost } from '../destination';
import { connectionFolder, type WorkspaceFolderInfo } from '../folders';
import { environmentValue, parseReference, referenceText, type DestinationApproval, type Reference, type ReferenceResolver, type ReferenceUse, type ResolvedReference } from '../references';
import { isAllowedVariable, type EnvironmentPermissions, type PermissionSubject } from './allowList';
import type { ResolutionFileProblem, ResolutionPlace, ResolutionSourceText } from './messages';
import type { ResolutionMessage } from '../messages';
import { APPSETTINGS, DOTENV, environmentFileName, loadSnapshot, ReferenceFileRefused, type ReferenceFiles, type Snapshot } from './folderSnapshot';

export { APPSETTINGS, DOTENV, environmentFileName, ReferenceFileRefused, type ReferenceFiles };
import type { VaultReference } from '../vaults/grammar';
import type { VaultMessage } from '../vaults/messages';
import type { Vaults } from '../vaults/vaults';
import { decryptDotenvx, dotenvxKey, isEncrypted, vaultPermission, vaultSource, type DotenvxDecrypt, type VaultPermissionRequest } from './vaultValues';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ReferenceSettings {
  /** The `{Environment}` of `appsettings.{Environment}.json`. */
  environment: string;
  allowedEnvironmentVariables: readonly string[];
}

export type ResolutionSource =
  | { kind: 'file'; file: string; key: string }
  | { kind: 'environment'; name: string }
  | { kind: 'dotenv'; file: string; name: string }
  | { kind: 'escape' }
  | { kind: 'vault'; reference: VaultReference }
  | { kind: 'dotenvx'; file: string; name: string; reference: string };

/** What a reference can fail with: a resolution problem, or a vault's. */
export type ReferenceProblemMessage = ResolutionMessage | VaultMessage;

export type ReferenceOutcome =
  | {
      ok: true;
      /** Absent for a vault that was not read (the tree and the form never read one). */
      value?: string;
      source: ResolutionSource;
      /** For a variable of the environment outside the allow-list or a vault's value: `ask` before sending, or `denied`. */
      permission?: 'ask' | 'denied' | 'allowed';
    }
  | { ok: false; problem: ReferenceProblemMessage };

/** How a lookup may go: whether vaults are read (Show Resolution) or only named (the tree, the form). */
export interface LookupOptions {
  readVaults?: boolean;
}

/** Where a reference is resolved: a scope and, for the workspace, the connection's folder (its URI). */
export interface ReferencePlace {
  scope: Scope;
  /** Absent: the workspace's first folder. */
  folder?: string | undefined;
}

/** Who uses a reference: a stored connection (answers are remembered) or the form's values. */
export interface ReferenceOwner extends ReferencePlace {
  id?: string;
  name: string;
}

export interface PermissionRequest {
  connectionName: string;
  variable: string;
  /** The field the value goes into, as the form labels it; absent when not known. */
  label?: string;
  /** The host the value will be sent to (a base URL's own host, for the base URL). */
  host: string;
}

/** The question before the user's own key goes to a host the workspace's files named. */
export interface DestinationRequest extends DestinationApproval {
  connectionName: string;
}

export interface ReferenceResolutionOptions {
  env: () => Environment;
  /** The open workspace folders, first one first. */
  folders: () => readonly WorkspaceFolderInfo[];
  /** The files of one of those folders. */
  files: (folder: WorkspaceFolderInfo) => ReferenceFiles;
  isTrusted: () => boolean;
  settings: () => ReferenceSettings;
  permissions?: EnvironmentPermissions;
  /** Asks the user (a modal naming the variable and the host); resolves true for Allow. */
  ask?: (request: PermissionRequest) => Promise<boolean>;
  /** Asks the user (a modal naming the host, the file that named it and the key); resolves true for Allow. */
  askDestination?: (request: DestinationRequest) => Promise<boolean>;
  /** Reads vault references; without it they do not resolve. */
  vaults?: Vaults;
  /** Decrypts `.env` values that dotenvx encrypted (loaded when first needed). */
  decryptDotenvx?: DotenvxDecrypt;
  /** Asks the user (a modal naming the vault's item and the host); resolves true for Allow. */
  askVault?: (request: VaultPermissionRequest) => Promise<boolean>;
}

const RESTRICTED_FILES: ResolutionFileProblem = { code: 'resolution.restricted' };

function placeOf(where: Scope | ReferencePlace): ReferencePlace {
  return typeof where === 'string' ? { scope: where } : where;
}

/** The variable ASP.NET Core reads for a configuration path: `Section__Key__0`. */
function environmentNameFor(path: readonly string[]): string {
  return path.join('__');
}

/** Where a resolved value came from, without the value. */
export function describeSource(source: ResolutionSource): ResolutionSourceText {
  switch (source.kind) {
    case 'file':
      return { code: 'resolution.sourceFile', file: source.file, key: source.key };
    case 'environment':
      return { code: 'resolution.sourceEnvironment', name: source.name };
    case 'dotenv':
      return { code: 'resolution.sourceFile', file: source.file, key: source.name };
    case 'escape':
      return { code: 'resolution.sourceEscape' };
    case 'vault':
      return vaultSource(source.reference);
    case 'dotenvx':
      return { code: 'vault.sourceDotenvx', file: source.file, name: source.name };
  }
}

export class ReferenceResolution {
  private readonly snapshots = new Map<string, Promise<Snapshot>>();
  private readonly changed = new Emitter<void>();
  /** Asks one at a time: Test All must not stack dialogs. */
  private asking: Promise<unknown> = Promise.resolve();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(private readonly options: ReferenceResolutionOptions) {}

  /** Forgets what was read (a file changed, trust was granted, a setting changed). */
  invalidate(): void {
    this.snapshots.clear();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private snapshot(place: ReferencePlace): Promise<Snapshot> {
    const trusted = this.options.isTrusted();
    const environment = this.options.settings().environment;
    const empty = (skipped: ResolutionFileProblem): Snapshot => ({ configs: [], dotenv: { values: new Map(), missing: true, problems: [] }, decrypted: new Map(), skipped });
    if (place.scope === 'global') return Promise.resolve(empty({ code: 'resolution.globalOnly' }));
    if (!trusted) return Promise.resolve(empty(RESTRICTED_FILES));
    const where = connectionFolder(place.folder, this.options.folders());
    if (!where.ok) return Promise.resolve(empty(where.problem));
    const folder = where.folder;
    const key = `${folder.uri}|${environment}`;
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      snapshot = loadSnapshot(this.options.files(folder), environment).catch(() => empty({ code: 'resolution.filesUnreadable' }));
      this.snapshots.set(key, snapshot);
    }
    return snapshot;
  }

  /** Whether a variable may go to `host`: allow-listed, or the user's answer for this connection and host. */
  private permission(owner: ReferenceOwner | undefined, variable: string, host: string | undefined): 'allowed' | 'ask' | 'denied' {
    if (isAllowedVariable(variable, this.options.settings().allowedEnvironmentVariables)) return 'allowed';
    const remembered = owner?.id && host ? this.options.permissions?.get(owner.scope, owner.id, { variable, host }) : undefined;
    return remembered === undefined ? 'ask' : remembered ? 'allowed' : 'denied';
  }

  /**
   * Where a value resolves from, and the value; never asks. A value from the environment VS Code
   * runs with carries whether it may be sent (`permission`).
   */
  async lookup(value: string, where: Scope | ReferencePlace, owner?: ReferenceOwner, host?: string, options: LookupOptions = {}): Promise<ReferenceOutcome | undefined> {
    try {
      if (value.startsWith('$$')) return { ok: true, value: value.slice(1), source: { kind: 'escape' } };
      const reference = parseReference(value);
      if (!reference) return undefined;
      const place = placeOf(where);
      if (reference.kind === 'vault') return await this.lookupVault(reference, place, owner, host, options);
      return await this.lookupReference(reference, value, place, owner, host);
    } catch {
      return { ok: false, problem: { code: 'resolution.unresolvable', reference: value.slice(0, 300) } };
    }
  }

  /** A vault reference: named, with its value if it is kept in memory; read only when asked to. */
  private async lookupVault(reference: VaultReference, place: ReferencePlace, owner: ReferenceOwner | undefined, host: string | undefined, options: LookupOptions): Promise<ReferenceOutcome> {
    const source: ResolutionSource = { kind: 'vault', reference };
    const permission = vaultPermission(this.options.permissions, place.scope, owner?.id, reference.text, host);
    const kept = this.options.vaults?.cached(reference);
    if (!options.readVaults || permission === 'denied' || kept !== undefined || !this.options.vaults) return { ok: true, source, permission, ...(kept !== undefined ? { value: kept } : {}) };
    const read = await this.options.vaults.read(reference);
    return read.ok ? { ok: true, value: read.value, source, permission } : { ok: false, problem: read.problem };
  }

  /** A `.env` value that dotenvx encrypted, decrypted with the person's private key. */
  private async decrypted(snapshot: Snapshot, name: string, encrypted: string, place: ReferencePlace, owner: ReferenceOwner | undefined, host: string | undefined): Promise<ReferenceOutcome> {
    const reference = `\${env:${name}}`;
    const source: ResolutionSource = { kind: 'dotenvx', file: DOTENV, name, reference };
    const permission = vaultPermission(this.options.permissions, place.scope, owner?.id, reference, host);
    const known = snapshot.decrypted.get(name);
    if (known !== undefined) return { ok: true, value: known, source, permission };
    const result = await decryptDotenvx(this.options.decryptDotenvx, dotenvxKey(this.options.env(), snapshot.dotenvKeys), DOTENV, name, encrypted);
    if ('problem' in result) return { ok: false, problem: result.problem };
    snapshot.decrypted.set(name, result.value);
    return { ok: true, value: result.value, source, permission };
  }

  private async lookupReference(reference: Exclude<Reference, VaultReference>, text: string, place: ReferencePlace, owner?: ReferenceOwner, host?: string): Promise<ReferenceOutcome> {
    const env = this.options.env();
    const snapshot = await this.snapshot(place);
    const fromEnvironment = (name: string, value: string): ReferenceOutcome => ({ ok: true, value, source: { kind: 'environment', name }, permission: this.permission(owner, name, host) });
    const notFound = (places: ResolutionPlace[], problems: ResolutionFileProblem[], trim: boolean): ReferenceOutcome => ({
      ok: false,
      problem: { code: 'resolution.notFound', reference: text, places, problems: [...problems, ...(snapshot.skipped ? [snapshot.skipped] : [])], trim },
    });
    if (reference.kind === 'env') {
      const fromProcess = environmentValue(env, reference.name);
      if (fromProcess !== undefined && fromProcess !== '') return fromEnvironment(reference.name, fromProcess);
      const fromFile = snapshot.dotenv.values.get(reference.name);
      if (fromFile !== undefined && isEncrypted(fromFile)) return this.decrypted(snapshot, reference.name, fromFile, place, owner, host);
      if (fromFile !== undefined && fromFile !== '') return { ok: true, value: fromFile, source: { kind: 'dotenv', file: DOTENV, name: reference.name } };
      const looked: ResolutionPlace[] = [{ code: 'resolution.placeEnvironment' }, ...(snapshot.skipped ? [] : [{ code: 'resolution.placeFile' as const, file: DOTENV, missing: snapshot.dotenv.missing }])];
      return notFound(looked, snapshot.dotenv.problems, false);
    }
    const path = reference.path.join(':').toLowerCase();
    const envName = environmentNameFor(reference.path);
    // ASP.NET Core: environment variables are added last, so they win; `__` stands for `:`.
    for (const [name, value] of Object.entries(env)) {
      if (typeof value === 'string' && name.replace(/__/g, ':').toLowerCase() === path) return fromEnvironment(name, value);
    }
    for (const config of [...snapshot.configs].reverse()) {
      const found = config.file?.values.get(path);
      if (found) return { ok: true, value: found.value, source: { kind: 'file', file: config.name, key: found.key } };
    }
    const looked: ResolutionPlace[] = [...snapshot.configs.map((c) => ({ code: 'resolution.placeFile' as const, file: c.name, missing: c.missing })), { code: 'resolution.placeVariable', name: envName }];
    const fileProblems = snapshot.configs.flatMap((c) => [...(c.problem ? [c.problem] : []), ...(c.file?.problems ?? [])]);
    return notFound(looked, fileProblems, true);
  }

  /**
   * Which of `names` are set, and where: the environment VS Code runs with, else the folder's
   * `.env` (read only for the workspace scope in a trusted workspace). Names only, never values.
   */
  async variables(names: readonly string[], where: Scope | ReferencePlace): Promise<Map<string, 'environment' | 'dotenv'>> {
    const env = this.options.env();
    const snapshot = await this.snapshot(placeOf(where));
    const found = new Map<string, 'environment' | 'dotenv'>();
    for (const name of names) {
      if (environmentValue(env, name)) found.set(name, 'environment');
      else if (snapshot.dotenv.values.get(name)) found.set(name, 'dotenv');
    }
    return found;
  }

  /**
   * A resolver for a request to a provider on behalf of `owner`: a variable outside the allow-list
   * is used only after the user said yes (asked once per connection and variable; the form's
   * values, which have no connection yet, ask each time).
   */
  resolverFor(owner: ReferenceOwner): ReferenceResolver<ReferenceProblemMessage> {
    return {
      resolve: async (reference: Reference, use?: ReferenceUse): Promise<ResolvedReference<ReferenceProblemMessage>> => {
        const text = referenceText(reference);
        if (reference.kind === 'vault') return this.resolveVault(owner, reference, use);
        const outcome = await this.lookupReference(reference, text, owner, owner).catch((): ReferenceOutcome => ({ ok: false, problem: { code: 'resolution.unresolvable', reference: text } }));
        if (!outcome.ok) return { problem: outcome.problem };
        if (outcome.value === undefined) return undefined;
        if (outcome.source.kind === 'dotenvx') return this.consented(owner, outcome.source, use, () => Promise.resolve({ ok: true, value: outcome.value! }));
        // The workspace's own files: sent without asking, but the caller learns where the value came from.
        if (outcome.source.kind === 'file' || outcome.source.kind === 'dotenv') return { value: outcome.value, workspaceFile: outcome.source.file };
        if (outcome.source.kind !== 'environment' || outcome.permission === 'allowed') return outcome.value;
        const variable = outcome.source.name;
        const refused = { problem: { code: 'resolution.notAllowed', reference: text, variable } as const };
        // Every question names the host the value goes to: a base URL's is its own.
        const host = use?.host ?? (use?.destination ? urlHost(outcome.value) : undefined);
        if (!host || !this.options.ask) return refused;
        const permission = this.permission(owner, variable, host);
        if (permission === 'allowed') return outcome.value;
        if (permission === 'denied') return refused;
        const ask = this.options.ask;
        const allowed = await this.askOnce(owner, { variable, host }, () => ask({ connectionName: owner.name, variable, host, ...(use?.label !== undefined ? { label: use.label } : {}) }));
        return allowed ? outcome.value : refused;
      },
      approveDestination: async (request: DestinationApproval): Promise<boolean> => {
        const ask = this.options.askDestination;
        if (!ask) return false;
        return this.askOnce(owner, { destination: request.host }, () => ask({ connectionName: owner.name, ...request }));
      },
    };
  }

  /**
   * A vault's value for a request: for a workspace or shared connection, asked about first (naming
   * the item and the host), so that a No reads nothing and sends nothing. A value for the request's
   * base URL is read first, since it names the host.
   */
  private resolveVault(owner: ReferenceOwner, reference: VaultReference, use?: ReferenceUse): Promise<ResolvedReference<ReferenceProblemMessage>> {
    const vaults = this.options.vaults;
    if (!vaults) return Promise.resolve({ problem: { code: 'resolution.unresolvable', reference: reference.text } });
    return this.consented(owner, { kind: 'vault', reference }, use, () => vaults.read(reference, use?.signal));
  }

  /** A vault's value once the person agreed to send it to the request's host (their own connections need not). */
  private async consented(
    owner: ReferenceOwner,
    source: Extract<ResolutionSource, { kind: 'vault' | 'dotenvx' }>,
    use: ReferenceUse | undefined,
    read: () => Promise<{ ok: true; value: string } | { ok: false; problem: VaultMessage }>,
  ): Promise<ResolvedReference<ReferenceProblemMessage>> {
    const reference = source.kind === 'vault' ? source.reference.text : source.reference;
    const agreed = async (host: string | undefined): Promise<boolean> => {
      if (owner.scope === 'global') return true;
      if (!host || !this.options.askVault) return false;
      const permission = vaultPermission(this.options.permissions, owner.scope, owner.id, reference, host);
      if (permission !== 'ask') return permission === 'allowed';
      const ask = this.options.askVault;
      return this.askOnce(owner, { reference, host }, () => ask({ connectionName: owner.name, reference, source: describeSource(source), host, ...(use?.label !== undefined ? { label: use.label } : {}) }));
    };
    const refused = (host: string | undefined) => ({ problem: { code: 'vault.notAllowed', reference, host: host ?? '' } as const });
    // The base URL names the host only once it is read.
    if (use?.destination) {
      const result = await read();
      if (!result.ok) return { problem: result.problem };
      const host = urlHost(result.value);
      return (await agreed(host)) ? result.value : refused(host);
    }
    if (!(await agreed(use?.host))) return refused(use?.host);
    const result = await read();
    if (!result.ok) return { problem: result.problem };
    return owner.scope === 'global' ? result.value : { value: result.value, approvedFor: use!.host! };
  }

  /**
   * Asks one question at a time and remembers the answer for the connection (the form's values,
   * which have no connection yet, ask each time). A dialog that fails counts as Deny.
   */
  private askOnce(owner: ReferenceOwner, subject: PermissionSubject, ask: () => Promise<boolean>): Promise<boolean> {
    const next = this.asking.then(async () => {
      // Another request may have asked meanwhile.
      const remembered = owner.id ? this.options.permissions?.get(owner.scope, owner.id, subject) : undefined;
      if (remembered !== undefined) return remembered;
      let allowed: boolean;
      try {
        allowed = await ask();
      } catch {
        allowed = false;
      }
      if (owner.id) await this.options.permissions?.set(owner.scope, owner.id, subject, allowed).catch(() => undefined);
      return allowed;
    });
    this.asking = next.catch(() => undefined);
    return next;
  }
}
