import type { Connection } from '../connection';
import type { Logger } from '../logger';
import type { Message } from '../messages';
import type { FieldErrors } from '../validation';
import type { StoreCause } from './messages';

export type StoreErrorCode = 'invalid' | 'notFound' | 'stale' | 'providerChange' | 'secretStorage' | 'storage';

/**
 * Every failure of the store: what to tell the user (`detail`, rendered by src/ui/text), and field
 * errors when input was refused. `message` is for logs and diagnostics: the code and parameters.
 */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly detail: Message,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(diagnosticText(detail));
    this.name = 'StoreError';
  }
}

/** A message as a log line can carry it: its code and parameters. */
export function diagnosticText(message: Message): string {
  const { code, ...params } = message;
  return Object.keys(params).length === 0 ? code : `${code} ${JSON.stringify(params)}`;
}

/** The reason a lower layer gave, without anything that could be a value we passed in (for logs). */
export function describeCause(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200) || 'unknown error';
}

/** The same reason as a message parameter: the lower layer's words as they are, or "unknown error". */
export function causeOf(error: unknown): StoreCause {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200) || { code: 'store.unknownCause' };
}

export function notFoundError(): StoreError {
  return new StoreError('notFound', { code: 'store.notFound' });
}

/** Another window changed the connection since the caller read it. */
export function staleError(connection: Pick<Connection, 'name'>): StoreError {
  return new StoreError('stale', { code: 'store.stale', name: connection.name });
}

/** A failed record write as the user is told of it (a StoreError passes as it is); logs the lower layer's reason. */
export function recordWriteError(logger: Logger, error: unknown, connection: Pick<Connection, 'alias' | 'name'>, code: 'store.saveFailed' | 'store.moveFailed' = 'store.saveFailed'): StoreError {
  if (error instanceof StoreError) return error;
  logger.error(`Couldn't ${code === 'store.moveFailed' ? 'move' : 'save'} connection '${connection.alias}': ${describeCause(error)}`);
  return new StoreError('storage', { code, name: connection.name, cause: causeOf(error) });
}
