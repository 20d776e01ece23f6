/**
 * Configuration references: values that name where the real value lives instead of holding it.
 *
 * The grammar is strict on purpose, because a value that is not a reference is a secret (masked,
 * never sent to the form, never quoted):
 * - `${env:NAME}`: an environment variable, NAME being letters, digits and `_`, not starting with
 *   a digit (promptflow's form);
 * - `$Section:Key[:Sub…]`: a configuration path (Umbraco.AI's form) of at least two segments
 *   joined by `:`, each an identifier (letters, digits, `_`, starting with a letter or `_`) or an
 *   array index (digits), at most 256 characters in all.
 *
 * - a vault reference (`op://…`, `${pass:…}`, `${gopass:…}`, `${vault:…#…}`, `${azkv:…}`,
 *   `${command:…}`): src/domain/vaults/grammar.ts.
 *
 * Anything else that starts with `$` (`$uperS3cret_…`, `$OpenAI`, `$a:b/c`) is a literal.
 */
import type { Message } from './messages';
import { parseVaultReference, type VaultReference } from './vaults/grammar';
export type Reference = { kind: 'config'; path: string[] } | { kind: 'env'; name: string } | VaultReference;

const MAX_REFERENCE_LENGTH = 256;
export const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
export const CONFIG_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*(?::(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+))+)$/;

export function parseReference(value: string): Reference | undefined {
  if (value.length > MAX_REFERENCE_LENGTH) return undefined;
  const env = ENV_REFERENCE.exec(value);
  if (env) return { kind: 'env', name: env[1]! };
  const config = CONFIG_REFERENCE.exec(value);
  if (config) return { kind: 'config', path: config[1]!.split(':') };
  return parseVaultReference(value);
}

export function isReference(value: string): boolean {
  return parseReference(value) !== undefined;
}

/**
 * What a resolved value is used for: the field, and the host it goes to. `destination` marks the
 * URL the request goes to: its own host is where it is sent.
 */
export interface ReferenceUse {
  label: string;
  host?: string;
  destination?: boolean;
  /** Cancels the request: a vault command still running for it is killed. */
  signal?: AbortSignal;
}

/** A reference as written: what messages and questions name. */
export function referenceText(reference: Reference): string {
  switch (reference.kind) {
    case 'env':
      return `\${env:${reference.name}}`;
    case 'config':
      return `$${reference.path.join(':')}`;
    case 'vault':
      return reference.text;
  }
}

/**
 * A value; undefined for "not found" (described by the caller); or a problem that says where it
 * looked, as a message of the resolution (src/domain/resolution/messages.ts). A value read from
 * the workspace's own files (`.env`, `appsettings*.json`) comes with the file's name; a vault's
 * value, with the host the person agreed to send it to.
 */
export type ResolvedReference<P = Message> = string | undefined | { problem: P } | { value: string; workspaceFile: string } | { value: string; approvedFor: string };

/**
 * A request's keys about to go to a host that the workspace's files named (a base URL from `.env`,
 * say), while the key is the user's own: stored in secret storage, read from the environment, or
 * a Microsoft Entra ID token.
 */
export interface DestinationApproval {
  /** The host the request goes to (`attacker.example:8080`). */
  host: string;
  /** The field whose reference named the host (`Base URL`), and the reference (`${env:OPENAI_BASE_URL}`). */
  field: string;
  reference: string;
  /** The workspace file the host came from (`.env`). */
  file: string;
  /** The key's field (`API Key`), and the reference it came from; absent for a key in secret storage or a sign-in. */
  keyField: string;
  keyReference?: string;
}

/**
 * The seam for resolving references at run time. In the extension it is
 * `ReferenceResolution.resolverFor(connection)` (src/domain/resolution/): configuration files, the
 * environment, `.env`, and the allow-list of environment variables.
 */
export interface ReferenceResolver<P = Message> {
  resolve(reference: Reference, use?: ReferenceUse): Promise<ResolvedReference<P>>;
  /**
   * Whether the user's own key may go to a host the workspace's files named; absent: never.
   * Asked once per connection and host (the form's values, which have no connection, each time).
   */
  approveDestination?(request: DestinationApproval): Promise<boolean>;
}

/** `$$…` is not a reference but the literal with one `$` less (Umbraco.AI's escape). */
export function unescapeLiteral(value: string): string {
  return value.startsWith('$$') ? value.slice(1) : value;
}

/**
 * A variable of an environment: its own value, and only text. `constructor`, `toString` or
 * `__proto__` are not variables because every object has them.
 */
export function environmentValue(env: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (!Object.hasOwn(env, name)) return undefined;
  const value = env[name];
  return typeof value === 'string' ? value : undefined;
}

/** Resolves `${env:NAME}` from an environment only (tests, and anything without files). */
export function environmentResolver(env: Readonly<Record<string, string | undefined>>): ReferenceResolver {
  return { resolve: async (reference) => (reference.kind === 'env' ? environmentValue(env, reference.name) : undefined) };
}
