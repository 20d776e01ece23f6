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
 * Anything else that starts with `$` (`$uperS3cret_…`, `$OpenAI`, `$a:b/c`) is a literal.
 */
import type { Message } from './messages';
export type Reference = { kind: 'config'; path: string[] } | { kind: 'env'; name: string };

const MAX_REFERENCE_LENGTH = 256;
const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const CONFIG_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*(?::(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+))+)$/;

export function parseReference(value: string): Reference | undefined {
  if (value.length > MAX_REFERENCE_LENGTH) return undefined;
  const env = ENV_REFERENCE.exec(value);
  if (env) return { kind: 'env', name: env[1]! };
  const config = CONFIG_REFERENCE.exec(value);
  if (config) return { kind: 'config', path: config[1]!.split(':') };
  return undefined;
}

export function isReference(value: string): boolean {
  return parseReference(value) !== undefined;
}

/** What a resolved value is used for: the field, and the host it goes to when that is known. */
export interface ReferenceUse {
  label: string;
  host?: string;
}

/**
 * A value; undefined for "not found" (described by the caller); or a problem that says where it
 * looked, as a message of the resolution (src/domain/resolution/messages.ts).
 */
export type ResolvedReference<P = Message> = string | undefined | { problem: P };

/**
 * The seam for resolving references at run time. In the extension it is
 * `ReferenceResolution.resolverFor(connection)` (src/domain/resolution/): configuration files, the
 * environment, `.env`, and the allow-list of environment variables.
 */
export interface ReferenceResolver<P = Message> {
  resolve(reference: Reference, use?: ReferenceUse): Promise<ResolvedReference<P>>;
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
