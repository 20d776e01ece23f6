/**
 * Fuzzing the form host: generated webview messages (valid, mutated, wrong types, 10 MB strings,
 * `__proto__`/`constructor` keys, references in every field) go through the real form host, store
 * and test service over in-memory ports. Nothing may crash, an invalid message may change nothing,
 * and nothing sent to the webview may hold a stored secret or a resolved reference.
 *
 * `npm test` runs a fixed seed (1,000 messages); `npm run fuzz` runs 10,000 (FUZZ_FULL=1).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import { parseWebviewMessage } from '../../src/protocol/formProtocol';
import { harness } from '../support/uiHarness';

const FULL = process.env.FUZZ_FULL === '1';
const RUNS = FULL ? 500 : 50;
const SEED = 20261130;

const STORED_KEY = 'sk-test-fuzz-Qm7Zt2Vx9Lw4';
const STORED_DOLLAR = '$uperS3cret_fuzz_Kp3s';
const ENV = { FUZZ_SECRET: 'env-secret-Hc5Nr8Ty1Ub6', OPENAI_API_KEY: 'sk-test-env-Wd4Gk7Pq2Js9' };
/** The workspace's files: values a reference resolves to, which must never reach the webview either. */
const FILE_SECRETS = { appsettings: 'sk-test-file-Bv6Rm1Xe8Nq3', item: 'item-secret-Tg2Lk9Wd5Hs7', dotenv: 'dotenv-secret-Fy4Jp7Cz1Ka8' };
const FILES = {
  'appsettings.json': `{ // the workspace's configuration\n "OpenAI": { "ApiKey": "${FILE_SECRETS.appsettings}", }, "Items": ["${FILE_SECRETS.item}"], }`,
  '.env': `DOTENV_SECRET=${FILE_SECRETS.dotenv}\n`,
};
const SECRETS = [STORED_KEY, STORED_DOLLAR, ...Object.values(ENV), ...Object.values(FILE_SECRETS)];
const HUGE = 'x'.repeat(10 * 1024 * 1024);

/** A fetch that answers as a careless server would: echoing every header it got and the URL. */
let fetched = 0;
const echoFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  fetched++;
  const headers = Object.values((init?.headers ?? {}) as Record<string, string>).join(' ');
  return new Response(JSON.stringify({ error: { message: `Incorrect API key provided: ${headers} for ${String(input)}` } }), { status: 401, headers: { 'content-type': 'application/json' } });
}) as typeof fetch;

const reference = fc.constantFrom('${env:FUZZ_SECRET}', '${env:OPENAI_API_KEY}', '${env:UNSET_VAR}', '${env:DOTENV_SECRET}', '$OpenAI:ApiKey', '$Items:0', '$$literal', '$uperS3cret_x');
const text = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: reference },
  { weight: 2, arbitrary: fc.constantFrom('https://api.openai.com/v1', 'http://127.0.0.1:9/v1', 'https://u:p@example.com', 'https://my.openai.azure.com', 'not a url', '') },
  { weight: 1, arbitrary: fc.constant(HUGE) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString') },
);
const value = fc.oneof(text, fc.boolean(), fc.dictionary(fc.oneof(fc.constantFrom('api_key', 'test_url', 'test_secret', 'test_header', '__proto__', 'constructor'), fc.string({ maxLength: 8 })), text, { maxKeys: 4 }));
const fieldKeys = [...new Set(PROVIDERS.flatMap((p) => p.fields.map((f) => f.key)))];
const values = fc.dictionary(fc.oneof(fc.constantFrom(...fieldKeys), fc.constantFrom('__proto__', 'constructor'), fc.string({ maxLength: 6 })), value, { maxKeys: 6 });
const input = fc.record({
  providerId: fc.oneof(fc.constantFrom(...PROVIDERS.map((p) => p.id)), text),
  name: text,
  alias: fc.oneof(fc.constantFrom('fuzz', 'openai', 'fuzz-2'), text),
  scope: fc.oneof(fc.constantFrom('global', 'workspace'), text),
  isActive: fc.oneof(fc.boolean(), text),
  values,
});
/** Inputs that pass validation often, so saves and tests really run (with references and stored keys). */
const goodInput = fc.record({
  providerId: fc.constantFrom('openai', 'anthropic', 'mistral', 'azure-openai', 'custom'),
  name: fc.constantFrom('Fuzz', 'Other', 'Prod'),
  alias: fc.constantFrom('fuzz', 'fuzz-2', 'other'),
  scope: fc.constantFrom('global', 'workspace'),
  isActive: fc.boolean(),
  values: fc.record({
    apiKey: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: reference }, { weight: 2, arbitrary: fc.constant('sk-test-typed-1') }),
    baseUrl: fc.oneof({ weight: 4, arbitrary: fc.constant('https://api.openai.com/v1') }, { weight: 1, arbitrary: fc.constantFrom('http://127.0.0.1:9/v1', '${env:FUZZ_SECRET}') }),
    endpoint: fc.constantFrom('https://my.openai.azure.com', '${env:FUZZ_SECRET}'),
    authMode: fc.constantFrom('key', 'entra'),
    organization: fc.oneof(fc.constant('org-1'), reference),
    configs: fc.constantFrom({ test_url: 'https://example.com/check' }, { test_url: '${env:FUZZ_SECRET}', test_header: 'X-Key' }, {}),
    secrets: fc.constantFrom({ api_key: '' }, { api_key: '${env:FUZZ_SECRET}' }, { ref: '' }, { api_key: 'typed-secret-2' }),
  }),
});
const requestId = fc.oneof({ weight: 5, arbitrary: fc.nat(1000) }, { weight: 1, arbitrary: fc.oneof(fc.double(), fc.string({ maxLength: 3 }), fc.constant(-1)) });
const validish = fc.oneof(
  fc.constant({ type: 'ready' }),
  fc.record({ type: fc.constant('test'), requestId: fc.nat(1000), input: goodInput }),
  fc.record({ type: fc.constant('save'), requestId, input: fc.oneof({ weight: 1, arbitrary: input }, { weight: 3, arbitrary: goodInput }) }),
  fc.record({ type: fc.constant('test'), requestId, input: fc.oneof({ weight: 1, arbitrary: input }, { weight: 3, arbitrary: goodInput }) }),
  fc.constant({ type: 'cancel' }),
  fc.constant({ type: 'delete' }),
  fc.record({ type: fc.constant('dirty'), dirty: fc.boolean(), draft: fc.option(input, { nil: undefined }) }),
  fc.record({ type: fc.constant('resolveReference'), requestId, field: fc.constantFrom('apiKey', 'baseUrl', 'organization'), reference: fc.oneof(reference, text), scope: fc.oneof(fc.constantFrom('global', 'workspace'), text) }),
);
/** Mutations: extra keys, missing keys, wrong types, prototype keys, non-objects. */
const message = fc.oneof(
  { weight: 6, arbitrary: validish },
  {
    weight: 2,
    arbitrary: fc.tuple(validish, fc.constantFrom('__proto__', 'constructor', 'extra', 'type', 'requestId'), fc.anything()).map(([m, k, v]) => JSON.parse(JSON.stringify({ ...m })) && Object.assign(JSON.parse(`{"${k}": ${JSON.stringify(v ?? null) ?? 'null'}}`), m)),
  },
  { weight: 1, arbitrary: fc.tuple(validish, fc.constantFrom('type', 'requestId', 'input')).map(([m, k]) => Object.fromEntries(Object.entries(m).filter(([key]) => key !== k))) },
  { weight: 1, arbitrary: fc.anything() },
);

function snapshot(h: ReturnType<typeof harness>): string {
  return JSON.stringify([[...h.global.data], [...h.workspace.data], [...h.secrets.data].filter(([k]) => k !== 'aiConnections/revision')]);
}

describe('form host fuzzing', () => {
  it(`${RUNS * 20} generated messages: no crash, invalid ones change nothing, no secret or resolved value reaches the webview`, async (t) => {
    let crashes = 0;
    const stats = { posted: 0 };
    let invalid = 0;
    const onRejection = () => crashes++;
    process.on('unhandledRejection', onRejection);
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(message, { minLength: 20, maxLength: 20 }), fc.boolean(), fc.array(fc.constantFrom('Delete', 'Disable Instead', 'Discard', 'Allow', 'Deny', undefined), { maxLength: 20 }), async (messages, editing, answers) => {
          const h = harness({ env: ENV, fetch: echoFetch, files: { ...FILES } });
          h.ui.answers = answers;
          const stored = await h.store.create({ providerId: 'openai', name: 'Fuzz', alias: 'fuzz', scope: 'global', isActive: true, values: { apiKey: STORED_KEY, baseUrl: 'https://api.openai.com/v1' } });
          await h.store.create({ providerId: 'custom', name: 'Fuzz custom', alias: 'fuzz-custom', scope: 'workspace', isActive: true, values: { configs: { test_url: 'https://example.com/check' }, secrets: { api_key: STORED_DOLLAR, ref: '${env:FUZZ_SECRET}' } } });
          h.forms.open(editing ? stored : undefined);
          const session = h.forms.session(editing ? stored.id : 'new');
          for (const data of messages) {
            if (!session) break;
            const before = snapshot(h);
            const valid = parseWebviewMessage(data).ok;
            await session.receive(data);
            if (!valid) {
              invalid++;
              assert.equal(snapshot(h), before, 'an invalid message changed stored state');
            }
          }
          stats.posted += h.views.views.reduce((n, v) => n + v.posted.length, 0);
          const toWebview = JSON.stringify(h.views.views.map((v) => v.posted));
          for (const secret of SECRETS) assert.ok(!toWebview.includes(secret), `sent to the webview: ${secret}`);
          const shown = h.ui.everything + h.logger.lines.join('\n');
          for (const secret of SECRETS) assert.ok(!shown.includes(secret), `shown or logged: ${secret}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    t.diagnostic(`messages ${RUNS * 20}, invalid ${invalid}, requests sent ${fetched}, answers posted ${stats.posted}, seed ${SEED}`);
    assert.equal(crashes, 0);
    assert.ok(invalid > 0, 'the generator produced invalid messages');
  });
});
