/** Set-up and checks shared by store.test.ts and store.windows.test.ts. */
import assert from 'node:assert/strict';
import type { Message } from '../../src/domain/messages';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { StoreError } from '../../src/domain/store/errors';
import type { Logger } from '../../src/domain/logger';
import { MemoryState, MemoryVault } from './memoryPorts';

export function setup(options: { workspace?: boolean; clock?: () => Date } = {}) {
  const global = new MemoryState();
  const workspace = new MemoryState();
  const secrets = new MemoryVault();
  const lines: string[] = [];
  const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const store = new ConnectionStore({
    global,
    ...(options.workspace === false ? {} : { workspace }),
    secrets,
    logger,
    ...(options.clock ? { now: options.clock } : {}),
  });
  return { store, global, workspace, secrets, lines };
}

/** Expects a StoreError of `code` whose message to the user has the given code and parameters. */
export async function rejectsWith(promise: Promise<unknown>, code: string, detail?: Partial<Record<string, unknown>> & { code: Message['code'] }): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StoreError, `expected StoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (detail) for (const [key, value] of Object.entries(detail)) assert.deepEqual((error.detail as Record<string, unknown>)[key], value, `${key} of ${error.message}`);
    return error;
  }
  assert.fail('expected a rejection');
}
