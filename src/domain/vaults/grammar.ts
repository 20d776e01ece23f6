/**
 * Vault references: values that name an item in a vault the person already uses, read when a
 * request needs it. The grammar is strict, like the other references (src/domain/references.ts):
 * anything that does not match exactly is a literal key.
 *
 * - `op://vault/item[/section]/field`: 1Password's own secret reference, read with `op read`.
 *   Segments are letters, digits, `_`, `.`, `-` and spaces (1Password's rule; other names are
 *   written by their ID); an optional `?attribute=name` (`otp`, `type`).
 * - `${pass:team/openai}`, `${gopass:team/openai}`: an entry of the standard Unix password store;
 *   the first line of the entry is the secret.
 * - `${vault:secret/team/openai#api_key}`: HashiCorp Vault or OpenBao KV version 2: the mount
 *   (`secret`), the path below it (`team/openai`) and the field (`api_key`).
 * - `${azkv:team-vault/openai-key[/version]}`: an Azure Key Vault secret by vault name (or the
 *   vault's host in another Azure cloud, `team-vault.vault.azure.cn`), secret name and version.
 * - `${command:name}`: the key command of that name in the user's settings
 *   (`aiConnections.vaults.keyCommands`); the first line it prints is the key.
 *
 * Path segments are never `.` or `..` and never start with `-`, so no reference can be read as a
 * command-line option or leave its store. Nothing here reads anything.
 */

/** The vaults read; `dotenvx` is `.env`'s encrypted values, read through `${env:…}`, not a reference of its own. */
export type VaultKind = 'onePassword' | 'pass' | 'gopass' | 'hashicorp' | 'azureKeyVault' | 'command' | 'dotenvx';
export type ReferencedVault = Exclude<VaultKind, 'dotenvx'>;

export interface VaultReference {
  kind: 'vault';
  vault: ReferencedVault;
  /** The reference as written: what messages, questions and remembered answers name. */
  text: string;
  /** The item: the 1Password reference, the store path, the KV path below its mount, the secret name, the command's name. */
  item: string;
  /** HashiCorp Vault: the KV mount. */
  mount?: string;
  /** HashiCorp Vault: the field of the secret's data. */
  field?: string;
  /** Azure Key Vault: the vault's host (`team-vault.vault.azure.net`) and the secret's version. */
  host?: string;
  version?: string;
}

const MAX_LENGTH = 256;
/** A store path segment: no `.`/`..`, never an option. */
const SEGMENT = String.raw`(?!\.\.?(?:/|$))[A-Za-z0-9_@+=,.][A-Za-z0-9_@+=,.-]*`;
const STORE_PATH = `${SEGMENT}(?:/${SEGMENT})*`;
const OP_SEGMENT = String.raw`[A-Za-z0-9_.-][A-Za-z0-9_. -]{0,127}`;
const ONE_PASSWORD = new RegExp(`^op://(${OP_SEGMENT})/(${OP_SEGMENT})(?:/(${OP_SEGMENT}))?/(${OP_SEGMENT})(?:\\?attribute=[a-z-]{1,32})?$`);
const PASS = new RegExp(`^\\$\\{(pass|gopass):(${STORE_PATH})\\}$`);
const HASHICORP = new RegExp(`^\\$\\{vault:(${SEGMENT})/(${STORE_PATH})#([A-Za-z0-9_.-]{1,128})\\}$`);
/** Key Vault names: 3–24 letters, digits and hyphens, starting with a letter; the hosts of the Azure clouds. */
const KEY_VAULT_SUFFIXES = ['.vault.azure.net', '.vault.azure.cn', '.vault.usgovcloudapi.net', '.vault.microsoftazure.de'] as const;
const KEY_VAULT_HOSTS = KEY_VAULT_SUFFIXES.map((suffix) => suffix.replace(/\./g, '\\.')).join('|');
const KEY_VAULT = new RegExp(String.raw`^\$\{azkv:([A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9])(${KEY_VAULT_HOSTS})?/([A-Za-z0-9-]{1,127})(?:/([0-9a-f]{32}))?\}$`);
const COMMAND = /^\$\{command:([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})\}$/;

/** Every shape of vault reference, for the shared file's JSON schema. */
export const VAULT_REFERENCES: readonly RegExp[] = [ONE_PASSWORD, PASS, HASHICORP, KEY_VAULT, COMMAND];

/** A vault reference, or undefined for anything that is not exactly one. */
export function parseVaultReference(text: string): VaultReference | undefined {
  if (text.length > MAX_LENGTH) return undefined;
  if (ONE_PASSWORD.test(text)) return { kind: 'vault', vault: 'onePassword', text, item: text };
  const store = PASS.exec(text);
  if (store) return { kind: 'vault', vault: store[1] === 'pass' ? 'pass' : 'gopass', text, item: store[2]! };
  const kv = HASHICORP.exec(text);
  if (kv) return { kind: 'vault', vault: 'hashicorp', text, mount: kv[1]!, item: kv[2]!, field: kv[3]! };
  const azure = KEY_VAULT.exec(text);
  if (azure) {
    const host = `${azure[1]!.toLowerCase()}${azure[2]?.toLowerCase() ?? KEY_VAULT_SUFFIXES[0]}`;
    return { kind: 'vault', vault: 'azureKeyVault', text, host, item: azure[3]!, ...(azure[4] ? { version: azure[4] } : {}) };
  }
  const command = COMMAND.exec(text);
  if (command) return { kind: 'vault', vault: 'command', text, item: command[1]! };
  return undefined;
}
