/** Set-up shared by store.test.ts and store.windows.test.ts. */
import { ConnectionStore } from '../../src/domain/store/connectionStore';
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
