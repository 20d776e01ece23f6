/** The part of `@dotenvx/primitives` the product uses; the package ships no types. */
declare module '@dotenvx/primitives' {
  /** Decrypts an `encrypted:…` value with a hex private key; throws (with a `code`) when it can't. */
  export function decrypt(privateKey: string, encrypted: string): string;
}
