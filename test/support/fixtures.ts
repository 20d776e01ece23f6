import type { ConnectionInput } from '../../src/domain/connection';

/** Obviously fake keys: shaped like real ones so masking rules apply, never valid anywhere. */
export const FAKE_OPENAI_KEY = 'sk-test-openai-0000000000000000';
export const FAKE_AZURE_KEY = 'azure-test-key-11111111111111';

export function openAiInput(overrides: Partial<ConnectionInput> = {}, values: ConnectionInput['values'] = {}): ConnectionInput {
  return {
    providerId: 'openai',
    name: 'OpenAI Production',
    alias: 'openai-prod',
    scope: 'global',
    isActive: true,
    ...overrides,
    values: { apiKey: FAKE_OPENAI_KEY, ...values },
  };
}

export function azureInput(overrides: Partial<ConnectionInput> = {}, values: ConnectionInput['values'] = {}): ConnectionInput {
  return {
    providerId: 'azure-openai',
    name: 'Azure Dev',
    alias: 'azure-dev',
    scope: 'workspace',
    isActive: true,
    ...overrides,
    values: { endpoint: 'https://my-resource.openai.azure.com', authMode: 'key', apiKey: FAKE_AZURE_KEY, ...values },
  };
}
