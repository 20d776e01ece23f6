/**
 * Values from vaults in reference resolution: a vault reference read through the one vault reader
 * (src/domain/vaults/vaults.ts), and a `.env` value that dotenvx encrypted, decrypted with the
 * private key from the environment VS Code runs with or from `.env.keys` beside it.
 *
 * Such a value is the person's own secret: for a workspace or shared connection, which a
 * repository brought, it goes to a host only once the person said yes in a question that names the
 * item and the host (remembered per connection, reference and host). Connections the person made
 * in their own (global) scope do not ask.
 */
import type { Scope } from '../connection';
import { environmentValue } from '../references';
import type { VaultReference } from '../vaults/grammar';
import type { VaultMessage } from '../vaults/messages';
import type { EnvironmentPermissions } from './allowList';
import type { ResolutionSourceText } from './messages';

export const DOTENV_KEYS = '.env.keys';
const ENCRYPTED = 'encrypted:';

/** Decrypts one dotenvx value with a private key; throws when the key does not open it. */
export type DotenvxDecrypt = (privateKey: string, value: string) => Promise<string>;

export function isEncrypted(value: string): boolean {
  return value.startsWith(ENCRYPTED);
}

/** The private key for `.env`: `DOTENV_PRIVATE_KEY` of the environment, else of `.env.keys`. */
export function dotenvxKey(env: Readonly<Record<string, string | undefined>>, keysFile: ReadonlyMap<string, string> | undefined): string | undefined {
  const fromEnvironment = environmentValue(env, 'DOTENV_PRIVATE_KEY')?.trim();
  if (fromEnvironment) return fromEnvironment;
  const fromFile = keysFile?.get('DOTENV_PRIVATE_KEY')?.trim();
  return fromFile || undefined;
}

/** Decrypts `.env`'s `name`, or says why not. Never throws. */
export async function decryptDotenvx(decrypt: DotenvxDecrypt | undefined, privateKey: string | undefined, file: string, name: string, value: string): Promise<{ value: string } | { problem: VaultMessage }> {
  if (!privateKey) return { problem: { code: 'vault.dotenvxNoKey', file, name } };
  if (!decrypt) return { problem: { code: 'vault.failed', vault: 'dotenvx', detail: '' } };
  try {
    const decrypted = await decrypt(privateKey, value);
    return { value: decrypted };
  } catch {
    return { problem: { code: 'vault.dotenvxWrongKey', file, name } };
  }
}

/** Where a vault's value came from, as Show Resolution names it: the vault, and the item as its users name it. */
export function vaultSource(reference: VaultReference): ResolutionSourceText {
  return { code: 'vault.source', vault: reference.vault, item: vaultItem(reference) };
}

/** `team/openai`, `secret/team/openai#api_key`, `team-vault.vault.azure.net/openai-key`, `op://Team/OpenAI/credential`. */
function vaultItem(reference: VaultReference): string {
  switch (reference.vault) {
    case 'hashicorp':
      return `${reference.mount!}/${reference.item}#${reference.field!}`;
    case 'azureKeyVault':
      return `${reference.host!}/${reference.item}${reference.version ? `/${reference.version}` : ''}`;
    default:
      return reference.item;
  }
}

/**
 * Whether a vault's value may go to `host` for this connection: always for the person's own
 * (global) connections; for a workspace or shared one, the answer remembered for this reference
 * and host, else ask.
 */
export function vaultPermission(permissions: EnvironmentPermissions | undefined, scope: Scope, id: string | undefined, reference: string, host: string | undefined): 'allowed' | 'ask' | 'denied' {
  if (scope === 'global') return 'allowed';
  const remembered = id && host ? permissions?.get(scope, id, { reference, host }) : undefined;
  return remembered === undefined ? 'ask' : remembered ? 'allowed' : 'denied';
}

/** The question before a vault's value goes to a host. */
export interface VaultPermissionRequest {
  connectionName: string;
  /** The reference as written (`op://Team/OpenAI/credential`, `${env:OPENAI_API_KEY}` for dotenvx). */
  reference: string;
  /** Where it is read from: the vault and item, or the encrypted `.env` and its variable. */
  source: ResolutionSourceText;
  host: string;
  /** The field, as the form labels it. */
  label?: string;
}
