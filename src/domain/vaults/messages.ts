/**
 * What reading a vault tells the user (see src/domain/messages.ts): which source failed and why,
 * naming the item, never a value. `detail` is the first line a tool printed on its standard error,
 * scrubbed (src/domain/vaults/scrubOutput.ts) and made inert.
 */
import type { VaultKind } from './grammar';

export type VaultMessage =
  /** The program is not on PATH: where to get it. */
  | { code: 'vault.notInstalled'; vault: VaultKind; command: string }
  | { code: 'vault.notSignedIn'; vault: VaultKind }
  | { code: 'vault.notFound'; vault: VaultKind; item: string }
  | { code: 'vault.fieldMissing'; vault: VaultKind; item: string; field: string }
  /** The vault refused: a wrong or expired token, no access to the item. */
  | { code: 'vault.refused'; vault: VaultKind; item: string; status?: number }
  | { code: 'vault.empty'; vault: VaultKind; item: string }
  | { code: 'vault.timeout'; vault: VaultKind; seconds: number }
  | { code: 'vault.cancelled'; vault: VaultKind }
  | { code: 'vault.failed'; vault: VaultKind; detail: string }
  | { code: 'vault.unreachable'; vault: VaultKind; host: string }
  | { code: 'vault.badAnswer'; vault: VaultKind; host: string }
  /** HashiCorp Vault: VAULT_ADDR is not set or not a URL. */
  | { code: 'vault.noAddress' }
  /** HashiCorp Vault: neither VAULT_TOKEN nor ~/.vault-token. */
  | { code: 'vault.noToken' }
  | { code: 'vault.signInFailed'; reason: string }
  /** A `${command:name}` that the user's settings do not define (workspace settings are never read). */
  | { code: 'vault.commandUnknown'; name: string }
  | { code: 'vault.restricted'; vault: VaultKind }
  /** The person said no to sending this vault item to this host. */
  | { code: 'vault.notAllowed'; reference: string; host: string }
  /** dotenvx: an `encrypted:` value of `.env` without a private key, or one that does not open it. */
  | { code: 'vault.dotenvxNoKey'; file: string; name: string }
  | { code: 'vault.dotenvxWrongKey'; file: string; name: string }
  /** Where a value came from, for Show Resolution and the form's hint: never the value. */
  | { code: 'vault.source'; vault: VaultKind; item: string }
  | { code: 'vault.sourceDotenvx'; file: string; name: string }
  /** Show Resolution of a vault that was not read (the tree and the form never read one). */
  | { code: 'vault.notRead' };

export type VaultCode = VaultMessage['code'];

/** Every vault code, for the schema of kept test results (the compiler checks the list is complete). */
export const VAULT_CODES = {
  'vault.notInstalled': true,
  'vault.notSignedIn': true,
  'vault.notFound': true,
  'vault.fieldMissing': true,
  'vault.refused': true,
  'vault.empty': true,
  'vault.timeout': true,
  'vault.cancelled': true,
  'vault.failed': true,
  'vault.unreachable': true,
  'vault.badAnswer': true,
  'vault.noAddress': true,
  'vault.noToken': true,
  'vault.signInFailed': true,
  'vault.commandUnknown': true,
  'vault.restricted': true,
  'vault.notAllowed': true,
  'vault.dotenvxNoKey': true,
  'vault.dotenvxWrongKey': true,
  'vault.source': true,
  'vault.sourceDotenvx': true,
  'vault.notRead': true,
} as const satisfies Record<VaultCode, true>;
