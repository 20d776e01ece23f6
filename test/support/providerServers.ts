/** A local server of every provider kind, for the tester and test service suites, with the keys each takes. */
import { after, before } from 'node:test';
import { startFakeProvider, type FakeProvider, type ProviderKind } from './fakeProviders';

export const PROVIDER_KEYS = {
  openai: 'sk-test-tester-openai-9c2f71ab',
  azure: 'azure-test-tester-key-4d1e9b0c7a',
  anthropic: 'sk-ant-test-3b7e1f0a9c',
  gemini: 'AIzaTestTesterKey-0000000000000000000',
  mistral: 'mistral-test-tester-key-7e2a91',
  entra: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.test-entra-token',
};

/** Starts one server of each kind before the file's tests and closes them after; the record fills in as they start. */
export function everyProviderServer(): Record<ProviderKind, FakeProvider> {
  const servers = {} as Record<ProviderKind, FakeProvider>;
  before(async () => {
    servers.openai = await startFakeProvider('openai', { key: PROVIDER_KEYS.openai, organization: 'org-test' });
    servers.azure = await startFakeProvider('azure', { key: PROVIDER_KEYS.azure, entraToken: PROVIDER_KEYS.entra });
    servers.anthropic = await startFakeProvider('anthropic', { key: PROVIDER_KEYS.anthropic });
    servers.gemini = await startFakeProvider('gemini', { key: PROVIDER_KEYS.gemini });
    servers.mistral = await startFakeProvider('mistral', { key: PROVIDER_KEYS.mistral });
    servers.ollama = await startFakeProvider('ollama');
  });
  after(async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });
  return servers;
}
