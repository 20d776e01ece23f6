/**
 * A workspace with a shared connections file, for the shared connection tests: the harness with
 * the file in its one folder, read, and ways to change it.
 */
import { after, before } from 'node:test';
import { SHARED_FILE_PATH, isShared, type SharedConnection } from '../../src/domain/shared/parse';
import { buildTree } from '../../src/views/connectionTreeModel';
import { startFakeProvider, type FakeProvider } from './fakeProviders';
import { harness } from './uiHarness';

/** The key the local servers of these tests take. */
export const SHARED_KEY = 'sk-test-shared-7Hq2Lp';

/** A definition of the team's OpenAI connection, its key asked of each person. */
export function definition(baseUrl: string, extra: Record<string, unknown> = {}) {
  return { id: 'team-openai', alias: 'team-openai', name: 'Team OpenAI', provider: 'openai', settings: { baseUrl }, secrets: { apiKey: 'ask' }, ...extra };
}

export async function sharedWorld(baseUrl: string, options: { trusted?: boolean; connections?: unknown[] } = {}) {
  const files: Record<string, string> = { [SHARED_FILE_PATH]: JSON.stringify({ connections: options.connections ?? [definition(baseUrl)] }) };
  const h = harness({ files, ...(options.trusted === false ? { trusted: false } : {}) });
  await h.services.shared.reload();
  const shared = () => h.store.list().connections.find(isShared) as SharedConnection;
  const tree = () => buildTree(h.store.list(), { workspaceAvailable: true, bindingState: (c) => h.services.shared.bindingState(c.id) });
  const editFile = async (connections: unknown[]) => {
    files[SHARED_FILE_PATH] = JSON.stringify({ connections });
    await h.services.shared.reload();
  };
  return { h, files, shared, tree, editFile };
}

/**
 * Two local OpenAI servers that take SHARED_KEY, started before a test file's tests and closed
 * after them (`server` the file's host, `other` the host it is pointed at later), and a world over
 * `server`.
 */
export function sharedServers() {
  const servers = {} as { server: FakeProvider; other: FakeProvider };
  before(async () => {
    servers.server = await startFakeProvider('openai', { key: SHARED_KEY });
    servers.other = await startFakeProvider('openai', { key: SHARED_KEY });
  });
  after(async () => {
    await servers.server.close();
    await servers.other.close();
  });
  const world = (options: Parameters<typeof sharedWorld>[1] = {}) => sharedWorld(servers.server.baseUrl, options);
  return { servers, world };
}
