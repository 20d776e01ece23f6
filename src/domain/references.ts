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

/** The seam for resolving references at run time (environment, configuration files, ...). */
export interface ReferenceResolver {
  resolve(reference: Reference): Promise<string | undefined>;
}

/**
 * Resolves `${env:NAME}` from the environment VS Code was started with. Configuration references
 * (`$Section:Key`) stay unresolved until configuration sources are supported.
 */
export function environmentResolver(env: Readonly<Record<string, string | undefined>>): ReferenceResolver {
  return { resolve: async (reference) => (reference.kind === 'env' ? env[reference.name] : undefined) };
}
