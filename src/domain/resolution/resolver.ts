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
import { environmentValue, parseReference, type DestinationApproval, type Reference, type ReferenceResolver, type ReferenceUse, type ResolvedReference } from '../references';
import { isAllowedVariable, type EnvironmentPermissions, type PermissionSubject } from './allowList';
import type { ResolutionFileProblem, ResolutionPlace, ResolutionSourceText } from './messages';
import type { ResolutionMessage } from '../messages';
import { parseConfigFile, parseDotenvFile, type ConfigFile } from './sources';

export type Environment = Readonly<Record<string, string | undefined>>;

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

export interface ReferenceSettings {
  /** The `{Environment}` of `appsettings.{Environment}.json`. */
  environment: string;
  allowedEnvironmentVariables: readonly string[];
}

export type ResolutionSource = { kind: 'file'; file: string; key: string } | { kind: 'environment'; name: string } | { kind: 'dotenv'; file: string; name: string } | { kind: 'escape' };

export type ReferenceOutcome =
  | {
      ok: true;
      value: string;
      source: ResolutionSource;
      /** For a variable of the environment outside the allow-list: `ask` before sending, or `denied`. */
      permission?: 'ask' | 'denied' | 'allowed';
    }
  | { ok: false; problem: ResolutionMessage };

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
}

export const APPSETTINGS = 'appsettings.json';
export const DOTENV = '.env';
const RESTRICTED_FILES: ResolutionFileProblem = { code: 'resolution.restricted' };
const ENVIRONMENT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

interface Snapshot {
  /** appsettings.json, then appsettings.{Environment}.json: a later file wins. */
  configs: { name: string; file?: ConfigFile; missing: boolean; problem?: ResolutionFileProblem }[];
  dotenv: { values: Map<string, string>; missing: boolean; problems: ResolutionFileProblem[] };
  /** Why files were not read (global connection, Restricted Mode, no folder, its folder not open). */
  skipped?: ResolutionFileProblem;
}

function placeOf(where: Scope | ReferencePlace): ReferencePlace {
  return typeof where === 'string' ? { scope: where } : where;
}

export function environmentFileName(environment: string): string {
  return `appsettings.${ENVIRONMENT_NAME.test(environment) ? environment : 'Development'}.json`;
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
    const empty = (skipped: ResolutionFileProblem): Snapshot => ({ configs: [], dotenv: { values: new Map(), missing: true, problems: [] }, skipped });
    if (place.scope === 'global') return Promise.resolve(empty({ code: 'resolution.globalOnly' }));
    if (!trusted) return Promise.resolve(empty(RESTRICTED_FILES));
    const where = connectionFolder(place.folder, this.options.folders());
    if (!where.ok) return Promise.resolve(empty(where.problem));
    const folder = where.folder;
    const key = `${folder.uri}|${environment}`;
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      snapshot = this.load(folder, environment).catch(() => empty({ code: 'resolution.filesUnreadable' }));
      this.snapshots.set(key, snapshot);
    }
    return snapshot;
  }

  /** Reads the files of one folder (a workspace connection's, in a trusted workspace). */
  private async load(folder: WorkspaceFolderInfo, environment: string): Promise<Snapshot> {
    const files = this.options.files(folder);
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
    return { configs, dotenv };
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
  async lookup(value: string, where: Scope | ReferencePlace, owner?: ReferenceOwner, host?: string): Promise<ReferenceOutcome | undefined> {
    try {
      if (value.startsWith('$$')) return { ok: true, value: value.slice(1), source: { kind: 'escape' } };
      const reference = parseReference(value);
      if (!reference) return undefined;
      return await this.lookupReference(reference, value, placeOf(where), owner, host);
    } catch {
      return { ok: false, problem: { code: 'resolution.unresolvable', reference: value.slice(0, 300) } };
    }
  }

  private async lookupReference(reference: Reference, text: string, place: ReferencePlace, owner?: ReferenceOwner, host?: string): Promise<ReferenceOutcome> {
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
  resolverFor(owner: ReferenceOwner): ReferenceResolver<ResolutionMessage> {
    return {
      resolve: async (reference: Reference, use?: ReferenceUse): Promise<ResolvedReference<ResolutionMessage>> => {
        const text = reference.kind === 'env' ? `\${env:${reference.name}}` : `$${reference.path.join(':')}`;
        const outcome = await this.lookupReference(reference, text, owner, owner).catch((): ReferenceOutcome => ({ ok: false, problem: { code: 'resolution.unresolvable', reference: text } }));
        if (!outcome.ok) return { problem: outcome.problem };
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
