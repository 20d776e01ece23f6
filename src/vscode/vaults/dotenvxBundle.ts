// dotenvx's decryption (`@dotenvx/primitives`, the library the dotenvx CLI decrypts with) as its
// own bundle (`dist/dotenvx.js`): loaded on the first encrypted `.env` value, never at activation.
// Only `decrypt` is used: dotenvx's own `parse` would expand `$(…)` commands written in the file.
import { decrypt as primitiveDecrypt } from '@dotenvx/primitives';

/** The value that dotenvx encrypted for the public key of `privateKey`; throws when that key does not open it. */
export function decrypt(privateKey: string, value: string): string {
  return primitiveDecrypt(privateKey, value);
}
