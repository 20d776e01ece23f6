import type { FieldErrors } from '../validation';

export type StoreErrorCode = 'invalid' | 'notFound' | 'stale' | 'providerChange' | 'secretStorage' | 'storage';

/** Every failure of the store: a message for the user, and field errors when input was refused. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The reason a lower layer gave, without anything that could be a value we passed in. */
export function describeCause(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200) || 'unknown error';
}

export const SECRET_STORAGE_HINT =
  "VS Code's secret storage is not available. On Linux this usually means no keyring is running (install and unlock gnome-keyring or KWallet, or start VS Code with --password-store=basic).";
