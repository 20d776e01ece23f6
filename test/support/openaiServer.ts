import { after, before } from 'node:test';
import type { ConnectionInput } from '../../src/domain/connection';
import { startFakeProvider, type FakeProvider } from './fakeProviders';

/**
 * A local OpenAI model-list server for the suite that calls this (started before its tests,
 * closed after), and form input for an OpenAI connection pointing at it with `key`.
 */
export function openAIServerForSuite(key: string) {
  const suite = { server: undefined as unknown as FakeProvider };
  before(async () => {
    suite.server = await startFakeProvider('openai', { key });
  });
  after(() => suite.server.close());
  const input = (over: Partial<ConnectionInput> = {}, values: ConnectionInput['values'] = {}): ConnectionInput => ({
    providerId: 'openai',
    name: 'OpenAI',
    alias: 'openai',
    scope: 'global',
    isActive: true,
    ...over,
    values: { apiKey: key, baseUrl: suite.server.baseUrl, ...values },
  });
  return { suite, input };
}
