/**
 * Configuration references: values that name where the real value lives instead of holding it.
 * `$OpenAI:ApiKey` (a configuration path, as Umbraco.AI) and `${env:OPENAI_API_KEY}` (an environment
 * variable, as promptflow). They are stored as typed and shown as is; resolving them is a separate step.
 */
export type Reference = { kind: 'config'; path: string[] } | { kind: 'env'; name: string };

const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const CONFIG_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_.-]+)*)$/;

export function parseReference(value: string): Reference | undefined {
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
