/** Set-up shared by resolution.test.ts and resolution.hosts.test.ts. */
import { DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES, EnvironmentPermissions } from '../../src/domain/resolution/allowList';
import { ReferenceResolution, type DestinationRequest, type Environment, type PermissionRequest, type ReferenceFiles } from '../../src/domain/resolution/resolver';
import type { StateStore } from '../../src/domain/store/ports';

export function memoryFiles(files: Record<string, string>): ReferenceFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (name) => {
      reads.push(name);
      return files[name];
    },
  };
}

export function memoryState(): StateStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: (key) => data.get(key), update: async (key, value) => void data.set(key, value) };
}

export const APP = { uri: 'file:///work/app', name: 'app' };

export interface Setup {
  files?: Record<string, string>;
  env?: Environment;
  trusted?: boolean;
  environment?: string;
  allowed?: string[];
  ask?: (request: PermissionRequest) => Promise<boolean>;
  askDestination?: (request: DestinationRequest) => Promise<boolean>;
}

export function resolution(setup: Setup = {}) {
  const files = memoryFiles(setup.files ?? {});
  const states = { global: memoryState(), workspace: memoryState() };
  const service = new ReferenceResolution({
    env: () => setup.env ?? {},
    folders: () => [APP],
    files: () => files,
    isTrusted: () => setup.trusted ?? true,
    settings: () => ({ environment: setup.environment ?? 'Development', allowedEnvironmentVariables: setup.allowed ?? [...DEFAULT_ALLOWED_ENVIRONMENT_VARIABLES] }),
    permissions: new EnvironmentPermissions(states),
    ...(setup.ask ? { ask: setup.ask } : {}),
    ...(setup.askDestination ? { askDestination: setup.askDestination } : {}),
  });
  return { service, files, states };
}
