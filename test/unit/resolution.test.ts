import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { environmentResolver, isReference } from '../../src/domain/references';
import { globMatches, PERMISSIONS_KEY } from '../../src/domain/resolution/allowList';
import type { ResolutionPlace } from '../../src/domain/resolution/messages';
import { type ResolutionMessage } from '../../src/domain/messages';
import { ReferenceResolution, type Environment, type PermissionRequest, type ReferenceFiles } from '../../src/domain/resolution/resolver';
import { say } from '../../src/ui/text';
import { testConnection } from '../../src/domain/testing/tester';
import { APP, Setup, resolution } from '../support/resolutionSetup';

async function resolved(setup: Setup, value: string, scope: 'workspace' | 'global' = 'workspace') {
  const outcome = await resolution(setup).service.lookup(value, scope);
  if (!outcome) return undefined;
  return outcome.ok ? { value: outcome.value, source: outcome.source } : { problem: outcome.problem };
}

const file = (name: string, missing = false): ResolutionPlace => ({ code: 'resolution.placeFile', file: name, missing });
const variable = (name: string): ResolutionPlace => ({ code: 'resolution.placeVariable', name });
const ENVIRONMENT: ResolutionPlace = { code: 'resolution.placeEnvironment' };
const notFound = (reference: string, places: ResolutionPlace[], problems: Extract<ResolutionMessage, { code: 'resolution.notFound' }>['problems'] = [], trim = true): ResolutionMessage => ({
  code: 'resolution.notFound',
  reference,
  places,
  problems,
  trim,
});

const BASE = `{
  // comments and trailing commas, as ASP.NET Core allows
  "OpenAI": { "ApiKey": "from-base", "Endpoint": "https://base.example", },
  "Items": [ { "Key": "first" }, "second", 3, true ],
  "Nested": { "A": { "B": { "C": "deep" } } },
}`;

describe('reference resolution: configuration ($Section:Key)', () => {
  const table: [string, Setup, string, { value?: string; problem?: ResolutionMessage; source?: object }][] = [
    ['appsettings.json', { files: { 'appsettings.json': BASE } }, '$OpenAI:ApiKey', { value: 'from-base', source: { kind: 'file', file: 'appsettings.json', key: 'OpenAI:ApiKey' } }],
    [
      'appsettings.{Environment}.json wins over appsettings.json',
      { files: { 'appsettings.json': BASE, 'appsettings.Development.json': '{"OpenAI":{"ApiKey":"from-dev"}}' } },
      '$OpenAI:ApiKey',
      { value: 'from-dev', source: { kind: 'file', file: 'appsettings.Development.json', key: 'OpenAI:ApiKey' } },
    ],
    ['the environment setting picks the file', { environment: 'Staging', files: { 'appsettings.Development.json': '{"A":{"B":"dev"}}', 'appsettings.Staging.json': '{"A":{"B":"stage"}}' } }, '$A:B', { value: 'stage' }],
    [
      'the environment variable Section__Key wins over both files',
      { env: { OpenAI__ApiKey: 'from-env' }, files: { 'appsettings.json': BASE, 'appsettings.Development.json': '{"OpenAI":{"ApiKey":"from-dev"}}' } },
      '$OpenAI:ApiKey',
      { value: 'from-env', source: { kind: 'environment', name: 'OpenAI__ApiKey' } },
    ],
    ['keys without regard to case', { files: { 'appsettings.json': BASE } }, '$openai:APIKEY', { value: 'from-base', source: { kind: 'file', file: 'appsettings.json', key: 'OpenAI:ApiKey' } }],
    ['environment variables without regard to case', { env: { OPENAI__APIKEY: 'env-upper' } }, '$OpenAI:ApiKey', { value: 'env-upper' }],
    ['nesting', { files: { 'appsettings.json': BASE } }, '$Nested:A:B:C', { value: 'deep' }],
    ['arrays by index', { files: { 'appsettings.json': BASE } }, '$Items:0:Key', { value: 'first' }],
    ['array items that are values', { files: { 'appsettings.json': BASE } }, '$Items:1', { value: 'second' }],
    ['numbers and booleans as text', { files: { 'appsettings.json': BASE } }, '$Items:3', { value: 'true' }],
    ['an object is not a value', { files: { 'appsettings.json': BASE } }, '$Nested:A', { problem: notFound('$Nested:A', [file('appsettings.json'), file('appsettings.Development.json', true), variable('Nested__A')]) }],
    [
      'a missing key names every place it looked',
      { files: { 'appsettings.json': '{}', 'appsettings.Development.json': '{}' } },
      '$OpenAI:ApiKey',
      { problem: notFound('$OpenAI:ApiKey', [file('appsettings.json'), file('appsettings.Development.json'), variable('OpenAI__ApiKey')]) },
    ],
    ['missing files', {}, '$OpenAI:ApiKey', { problem: notFound('$OpenAI:ApiKey', [file('appsettings.json', true), file('appsettings.Development.json', true), variable('OpenAI__ApiKey')]) }],
    [
      'invalid JSON names the file and line',
      { files: { 'appsettings.json': '{\n  "OpenAI": {\n    "ApiKey": "x"\n    "Other": 1\n  }\n}' } },
      '$OpenAI:ApiKey',
      {
        problem: notFound('$OpenAI:ApiKey', [file('appsettings.json'), file('appsettings.Development.json', true), variable('OpenAI__ApiKey')], [{ code: 'resolution.jsonError', file: 'appsettings.json', line: 4, error: 'CommaExpected', more: 0 }]),
      },
    ],
    [
      'a top level that is not an object',
      { files: { 'appsettings.json': '[1,2]' } },
      '$A:B',
      { problem: notFound('$A:B', [file('appsettings.json'), file('appsettings.Development.json', true), variable('A__B')], [{ code: 'resolution.topLevelNotObject', file: 'appsettings.json' }]) },
    ],
    ['a later valid file still resolves beside an invalid one', { files: { 'appsettings.json': '{ nope', 'appsettings.Development.json': '{"A":{"B":"ok"}}' } }, '$A:B', { value: 'ok' }],
    ['untrusted: files are not read, the environment still is', { trusted: false, env: { A__B: 'env' }, files: { 'appsettings.json': '{"A":{"B":"file"}}' } }, '$A:B', { value: 'env' }],
    ['untrusted: the reason is given', { trusted: false, files: { 'appsettings.json': '{"A":{"B":"file"}}' } }, '$A:B', { problem: notFound('$A:B', [variable('A__B')], [{ code: 'resolution.restricted' }]) }],
    ['$$ is the literal with one $', { files: { 'appsettings.json': BASE } }, '$$OpenAI:ApiKey', { value: '$OpenAI:ApiKey', source: { kind: 'escape' } }],
  ];
  for (const [name, setup, value, expected] of table) {
    it(name, async () => {
      const outcome = await resolved(setup, value);
      assert.ok(outcome, 'a reference');
      if (expected.problem) {
        assert.ok('problem' in outcome, `expected a problem, got ${JSON.stringify(outcome)}`);
        assert.deepEqual(outcome.problem, expected.problem);
      } else {
        assert.ok('value' in outcome, `expected a value, got ${JSON.stringify(outcome)}`);
        assert.equal(outcome.value, expected.value);
        if (expected.source) assert.deepEqual(outcome.source, expected.source);
      }
    });
  }

  it('global connections read only the environment', async () => {
    const { service, files } = resolution({ files: { 'appsettings.json': BASE }, env: { X__Y: 'env' } });
    const outcome = await service.lookup('$OpenAI:ApiKey', 'global');
    assert.ok(outcome && !outcome.ok, 'does not resolve');
    assert.deepEqual(outcome.problem, notFound('$OpenAI:ApiKey', [variable('OpenAI__ApiKey')], [{ code: 'resolution.globalOnly' }]));
    assert.deepEqual(files.reads, []);
    assert.equal((await service.lookup('$X:Y', 'global'))?.ok, true);
  });

  it('a literal is not a reference, and $$ never is', async () => {
    assert.equal(await resolved({}, 'sk-literal'), undefined);
    assert.equal(await resolved({}, '$uperS3cret'), undefined);
    assert.equal(isReference('$$OpenAI:ApiKey'), false);
    assert.equal(isReference('$${env:HOME}'), false);
    assert.deepEqual(await resolved({ env: { HOME: 'h' } }, '$${env:HOME}'), { value: '${env:HOME}', source: { kind: 'escape' } });
  });

  it('files are read once until invalidated, and a change is announced', async () => {
    const { service, files } = resolution({ files: { 'appsettings.json': BASE } });
    await service.lookup('$OpenAI:ApiKey', 'workspace');
    await service.lookup('$OpenAI:Endpoint', 'workspace');
    assert.equal(files.reads.filter((n) => n === 'appsettings.json').length, 1);
    let fired = 0;
    service.onDidChange(() => fired++);
    service.invalidate();
    await service.lookup('$OpenAI:ApiKey', 'workspace');
    assert.equal(files.reads.filter((n) => n === 'appsettings.json').length, 2);
    assert.equal(fired, 1);
  });

  it('reads files from a folder on disk (temporary directory)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refs-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'appsettings.json'), '{ "OpenAI": { "ApiKey": "disk", }, }');
    writeFileSync(join(dir, '.env'), 'export DISK_KEY="from env file"\n');
    const folder: ReferenceFiles = {
      read: (name) => readFile(join(dir, name), 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error))),
    };
    const service = new ReferenceResolution({ env: () => ({}), folders: () => [APP], files: () => folder, isTrusted: () => true, settings: () => ({ environment: 'Development', allowedEnvironmentVariables: [] }) });
    assert.deepEqual(await service.lookup('$OpenAI:ApiKey', 'workspace'), { ok: true, value: 'disk', source: { kind: 'file', file: 'appsettings.json', key: 'OpenAI:ApiKey' } });
    assert.deepEqual(await service.lookup('${env:DISK_KEY}', 'workspace'), { ok: true, value: 'from env file', source: { kind: 'dotenv', file: '.env', name: 'DISK_KEY' } });
  });
});

describe('reference resolution: environment (${env:NAME}) and .env', () => {
  const DOTENV = '# a comment\nexport FROM_FILE=file-value\nQUOTED="a b # not a comment"\nMULTI="line1\\nline2"\nBOTH=file\nEMPTY=\n';
  const table: [string, Setup, string, { value?: string; problem?: ResolutionMessage; source?: object }][] = [
    ['the process environment', { env: { OPENAI_API_KEY: 'proc' } }, '${env:OPENAI_API_KEY}', { value: 'proc', source: { kind: 'environment', name: 'OPENAI_API_KEY' } }],
    ['the .env file', { files: { '.env': DOTENV } }, '${env:FROM_FILE}', { value: 'file-value', source: { kind: 'dotenv', file: '.env', name: 'FROM_FILE' } }],
    ['the process environment wins over .env', { env: { BOTH: 'proc' }, files: { '.env': DOTENV } }, '${env:BOTH}', { value: 'proc' }],
    ['quoted values keep a #', { files: { '.env': DOTENV } }, '${env:QUOTED}', { value: 'a b # not a comment' }],
    ['\\n in double quotes is a new line', { files: { '.env': DOTENV } }, '${env:MULTI}', { value: 'line1\nline2' }],
    ['an empty value is not found', { files: { '.env': DOTENV } }, '${env:EMPTY}', { problem: notFound('${env:EMPTY}', [ENVIRONMENT, file('.env')], [], false) }],
    ['no .env', {}, '${env:NOPE}', { problem: notFound('${env:NOPE}', [ENVIRONMENT, file('.env', true)], [], false) }],
    ['untrusted: .env is not read', { trusted: false, files: { '.env': DOTENV } }, '${env:FROM_FILE}', { problem: notFound('${env:FROM_FILE}', [ENVIRONMENT], [{ code: 'resolution.restricted' }], false) }],
    ['names are exact', { env: { openai_api_key: 'lower' } }, '${env:OPENAI_API_KEY}', { problem: notFound('${env:OPENAI_API_KEY}', [ENVIRONMENT, file('.env', true)], [], false) }],
  ];
  for (const [name, setup, value, expected] of table) {
    it(name, async () => {
      const outcome = await resolved(setup, value);
      assert.ok(outcome, 'an outcome');
      if (expected.problem) {
        assert.ok('problem' in outcome, JSON.stringify(outcome));
        assert.deepEqual(outcome.problem, expected.problem);
      } else {
        assert.ok('value' in outcome, JSON.stringify(outcome));
        assert.equal(outcome.value, expected.value);
        if (expected.source) assert.deepEqual(outcome.source, expected.source);
      }
    });
  }
});

describe('reference resolution: only variables that are set', () => {
  // Every object has these; none of them is a variable of an empty environment.
  const inherited = Object.getOwnPropertyNames(Object.prototype).filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));

  it('${env:constructor}, ${env:toString}, ${env:__proto__} are not found in an environment that does not set them (property)', async () => {
    assert.ok(inherited.includes('constructor') && inherited.includes('toString') && inherited.includes('__proto__'), 'every object has these members');
    const { service } = resolution({ env: {} });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...inherited), async (name) => {
        const outcome = await service.lookup(`\${env:${name}}`, 'workspace');
        assert.deepEqual(outcome, { ok: false, problem: notFound(`\${env:${name}}`, [ENVIRONMENT, file('.env', true)], [], false) });
        assert.deepEqual(await service.resolverFor({ name: 'x', scope: 'workspace' }).resolve({ kind: 'env', name }), { problem: notFound(`\${env:${name}}`, [ENVIRONMENT, file('.env', true)], [], false) });
        assert.equal(await environmentResolver({}).resolve({ kind: 'env', name }), undefined);
      }),
    );
    assert.deepEqual([...(await service.variables(inherited, 'workspace'))], []);
  });

  it('a variable is used when it is set, under any name, as text only', async () => {
    const env = { constructor: 'set-in-env', Section__toString: 'config' } as unknown as Environment;
    assert.deepEqual(await resolved({ env }, '${env:constructor}'), { value: 'set-in-env', source: { kind: 'environment', name: 'constructor' } });
    assert.deepEqual(await resolved({ env }, '$Section:toString'), { value: 'config', source: { kind: 'environment', name: 'Section__toString' } });
    const odd = { NUMBER: 42, Section__Key: { not: 'text' } } as unknown as Environment;
    assert.ok('problem' in (await resolved({ env: odd }, '${env:NUMBER}'))!, 'a number is not a value');
    assert.ok('problem' in (await resolved({ env: odd }, '$Section:Key'))!, 'a number is not a value');
    assert.deepEqual(await resolved({ files: { '.env': 'toString=from-file\n' } }, '${env:toString}'), { value: 'from-file', source: { kind: 'dotenv', file: '.env', name: 'toString' } });
  });
});

describe('reference resolution: the allow-list and the ask', () => {
  it('globs match names without regard to case', () => {
    assert.equal(globMatches('*_API_KEY', 'MY_API_KEY'), true);
    assert.equal(globMatches('*_API_KEY', 'my_api_key'), true);
    assert.equal(globMatches('*_API_KEY', 'API_KEY_X'), false);
    assert.equal(globMatches('A?C', 'ABC'), true);
    assert.equal(globMatches('a.b', 'aXb'), false);
  });

  const owner = { id: 'c1', name: 'Prod', scope: 'workspace' as const };

  it('an allowed variable is sent without asking', async () => {
    const asked: PermissionRequest[] = [];
    const { service } = resolution({ env: { OPENAI_API_KEY: 'k', MY_API_KEY: 'm' }, ask: async (r) => (asked.push(r), true) });
    const resolver = service.resolverFor(owner);
    assert.equal(await resolver.resolve({ kind: 'env', name: 'OPENAI_API_KEY' }), 'k');
    assert.equal(await resolver.resolve({ kind: 'env', name: 'MY_API_KEY' }), 'm');
    assert.deepEqual(asked, []);
  });

  it('any other variable asks once per connection, variable and host, naming the variable and the host; the answer is kept', async () => {
    const asked: PermissionRequest[] = [];
    const { service, states } = resolution({ env: { GITHUB_TOKEN: 'ghp' }, ask: async (r) => (asked.push(r), true) });
    const resolver = service.resolverFor(owner);
    assert.equal(await resolver.resolve({ kind: 'env', name: 'GITHUB_TOKEN' }, { label: 'API Key', host: 'api.example.com' }), 'ghp');
    assert.equal(await resolver.resolve({ kind: 'env', name: 'GITHUB_TOKEN' }, { label: 'API Key', host: 'api.example.com' }), 'ghp');
    assert.deepEqual(asked, [{ connectionName: 'Prod', variable: 'GITHUB_TOKEN', label: 'API Key', host: 'api.example.com' }]);
    assert.deepEqual(states.workspace.data.get(PERMISSIONS_KEY), { 'c1/GITHUB_TOKEN→api.example.com': true });
    assert.equal(JSON.stringify([...states.workspace.data.values()]).includes('ghp'), false, 'no value is stored');
    // Another connection asks again.
    await service.resolverFor({ id: 'c2', name: 'Other', scope: 'workspace' }).resolve({ kind: 'env', name: 'GITHUB_TOKEN' }, { label: 'API Key', host: 'api.example.com' });
    assert.equal(asked.length, 2);
  });

  it('an answer is bound to the host it was given for: the same connection moved to another host asks again', async () => {
    const asked: PermissionRequest[] = [];
    const answers = [true, false];
    const { service } = resolution({ env: { GITHUB_TOKEN: 'ghp' }, ask: async (r) => (asked.push(r), answers.shift()!) });
    const resolver = service.resolverFor(owner);
    assert.equal(await resolver.resolve({ kind: 'env', name: 'GITHUB_TOKEN' }, { label: 'API Key', host: 'a.example' }), 'ghp');
    const moved = await resolver.resolve({ kind: 'env', name: 'GITHUB_TOKEN' }, { label: 'API Key', host: 'b.example:8080' });
    assert.deepEqual(moved, { problem: { code: 'resolution.notAllowed', reference: '${env:GITHUB_TOKEN}', variable: 'GITHUB_TOKEN' } });
    assert.deepEqual(
      asked.map((r) => r.host),
      ['a.example', 'b.example:8080'],
    );
    // Each host keeps its own answer; the tree and Show Resolution see the answer for the host they name.
    assert.equal(await resolver.resolve({ kind: 'env', name: 'GITHUB_TOKEN' }, { label: 'API Key', host: 'a.example' }), 'ghp');
    assert.equal(asked.length, 2);
    assert.equal((await service.lookup('${env:GITHUB_TOKEN}', owner, owner, 'a.example'))?.ok && ((await service.lookup('${env:GITHUB_TOKEN}', owner, owner, 'a.example')) as { permission?: string }).permission, 'allowed');
    assert.equal(((await service.lookup('${env:GITHUB_TOKEN}', owner, owner, 'b.example:8080')) as { permission?: string }).permission, 'denied');
    assert.equal(((await service.lookup('${env:GITHUB_TOKEN}', owner, owner, 'c.example')) as { permission?: string }).permission, 'ask');
  });

  it('a variable whose host is not known is never asked about: it is refused', async () => {
    const asked: PermissionRequest[] = [];
    const { service } = resolution({ env: { GITHUB_TOKEN: 'ghp', SECRET_URL: 'https://gw.example:9443/v1' }, ask: async (r) => (asked.push(r), true) });
    const resolver = service.resolverFor(owner);
    assert.ok(typeof (await resolver.resolve({ kind: 'env', name: 'GITHUB_TOKEN' })) === 'object', 'refused without a host to name');
    assert.deepEqual(asked, []);
    // A base URL names its own host.
    assert.equal(await resolver.resolve({ kind: 'env', name: 'SECRET_URL' }, { label: 'Base URL', destination: true }), 'https://gw.example:9443/v1');
    assert.deepEqual(asked, [{ connectionName: 'Prod', variable: 'SECRET_URL', label: 'Base URL', host: 'gw.example:9443' }]);
  });

  it('a denied variable is never sent, and the refusal says how to allow it', async () => {
    let asks = 0;
    const { service } = resolution({ env: { GITHUB_TOKEN: 'ghp' }, ask: async () => (asks++, false) });
    const resolver = service.resolverFor(owner);
    for (let i = 0; i < 2; i++) {
      const outcome = await resolver.resolve({ kind: 'env', name: 'GITHUB_TOKEN' }, { label: 'API Key', host: 'api.example.com' });
      assert.ok(typeof outcome === 'object' && outcome !== null && 'problem' in outcome, 'refused');
      assert.deepEqual(outcome.problem, { code: 'resolution.notAllowed', reference: '${env:GITHUB_TOKEN}', variable: 'GITHUB_TOKEN' });
      assert.equal(say(outcome.problem).includes('ghp'), false);
    }
    assert.equal(asks, 1);
  });

  it('without a way to ask, a variable outside the list is refused', async () => {
    const { service } = resolution({ env: { SECRET: 's' } });
    const outcome = await service.resolverFor(owner).resolve({ kind: 'env', name: 'SECRET' });
    assert.ok(typeof outcome === 'object', 'refused without a way to ask');
  });

  it('the allow-list also guards Section__Key variables; files and .env need no permission', async () => {
    const asked: string[] = [];
    const { service } = resolution({ env: { OpenAI__ApiKey: 'e' }, files: { '.env': 'SECRET=x', 'appsettings.json': '{"A":{"B":"c"}}' }, ask: async (r) => (asked.push(r.variable), false) });
    const resolver = service.resolverFor(owner);
    const use = { label: 'API Key', host: 'api.example.com' };
    assert.ok(typeof (await resolver.resolve({ kind: 'config', path: ['OpenAI', 'ApiKey'] }, use)) === 'object', 'refused until allowed');
    assert.deepEqual(await resolver.resolve({ kind: 'env', name: 'SECRET' }, use), { value: 'x', workspaceFile: '.env' });
    assert.deepEqual(await resolver.resolve({ kind: 'config', path: ['A', 'B'] }, use), { value: 'c', workspaceFile: 'appsettings.json' });
    assert.deepEqual(asked, ['OpenAI__ApiKey']);
  });

  it('a test with an unresolved reference fails as config, naming the reference and where it looked, and sends nothing', async () => {
    const { service } = resolution({ files: { 'appsettings.json': '{"OpenAI":{}}' } });
    let sent = 0;
    const result = await testConnection({ providerId: 'openai', settings: {}, isActive: true }, { apiKey: '$OpenAI:ApiKey' }, { timeoutMs: 1000, resolveReference: service.resolverFor(owner), fetch: async () => (sent++, new Response('{}')) });
    assert.equal(result.errorKind, 'config');
    assert.equal(say(result.message!), 'API Key: $OpenAI:ApiKey not found in appsettings.json, appsettings.Development.json (no such file) or env OpenAI__ApiKey');
    assert.equal(sent, 0);
  });

  it('a test sends the resolved value and the $$ literal', async () => {
    const { service } = resolution({ files: { 'appsettings.json': '{"OpenAI":{"ApiKey":"sk-from-file"}}' } });
    const headers: Record<string, string>[] = [];
    const fetch = async (_url: unknown, init?: RequestInit) => {
      headers.push(Object.fromEntries(new Headers(init?.headers).entries()));
      return new Response('{"data":[]}', { headers: { 'content-type': 'application/json' } });
    };
    const ok = await testConnection({ providerId: 'openai', settings: { organization: '$$org' }, isActive: true }, { apiKey: '$OpenAI:ApiKey' }, { timeoutMs: 1000, resolveReference: service.resolverFor(owner), fetch: fetch as typeof globalThis.fetch });
    assert.equal(ok.success, true, JSON.stringify(ok));
    assert.equal(headers[0]!.authorization, 'Bearer sk-from-file');
    assert.equal(headers[0]!['openai-organization'], '$org');
  });
});
