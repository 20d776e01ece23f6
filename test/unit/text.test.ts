/**
 * What each message code says in English: one row per code (the coverage test below fails when a
 * code's text has no row). Domain tests assert on codes; this is where the words are checked.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Message } from '../../src/domain/messages';
import { say } from '../../src/ui/text';

const ENGLISH: ReadonlyArray<readonly [Message, string]> = [
  // store
  [{ code: 'store.notFound' }, 'The connection no longer exists. It may have been deleted in another window.'],
  // resolution
  [{ code: 'resolution.placeFile', file: 'appsettings.json', missing: false }, 'appsettings.json'],
  [{ code: 'resolution.placeFile', file: 'appsettings.Development.json', missing: true }, 'appsettings.Development.json (no such file)'],
  [{ code: 'resolution.placeVariable', name: 'OpenAI__ApiKey' }, 'env OpenAI__ApiKey'],
  [{ code: 'resolution.placeEnvironment' }, "VS Code's environment"],
  [{ code: 'resolution.sourceFile', file: 'appsettings.Development.json', key: 'OpenAI:ApiKey' }, 'appsettings.Development.json, OpenAI:ApiKey'],
  [{ code: 'resolution.sourceEnvironment', name: 'OPENAI_API_KEY' }, 'environment variable OPENAI_API_KEY'],
  [{ code: 'resolution.sourceEscape' }, 'literal ($$ stands for $)'],
  [{ code: 'resolution.globalOnly' }, 'global connections read only the environment'],
  [{ code: 'resolution.restricted' }, 'appsettings*.json and .env are not read in Restricted Mode'],
  [{ code: 'resolution.noFolder' }, 'no workspace folder is open'],
  [{ code: 'resolution.folderNotOpen', folder: 'web app' }, 'its folder web app is not open in this workspace'],
  [{ code: 'resolution.filesUnreadable' }, 'the files could not be read'],
  [{ code: 'resolution.fileUnreadable', file: '.env' }, '.env could not be read.'],
  [{ code: 'resolution.fileTooLarge', file: 'appsettings.json' }, 'appsettings.json is larger than 1 MB and was not read.'],
  [{ code: 'resolution.fileNotJson', file: 'appsettings.json' }, 'appsettings.json could not be read as JSON.'],
  [{ code: 'resolution.jsonError', file: 'appsettings.json', line: 4, error: 'CommaExpected', more: 0 }, 'appsettings.json line 4: Comma expected.'],
  [{ code: 'resolution.jsonError', file: 'appsettings.json', line: 1, error: 'PropertyNameExpected', more: 2 }, 'appsettings.json line 1: Property name expected (and 2 more).'],
  [{ code: 'resolution.topLevelNotObject', file: 'appsettings.json' }, 'appsettings.json line 1: the top level must be an object.'],
  [
    {
      code: 'resolution.notFound',
      reference: '$OpenAI:ApiKey',
      places: [
        { code: 'resolution.placeFile', file: 'appsettings.json', missing: false },
        { code: 'resolution.placeFile', file: 'appsettings.Development.json', missing: false },
        { code: 'resolution.placeVariable', name: 'OpenAI__ApiKey' },
      ],
      problems: [],
      trim: true,
    },
    '$OpenAI:ApiKey not found in appsettings.json, appsettings.Development.json or env OpenAI__ApiKey',
  ],
  [
    {
      code: 'resolution.notFound',
      reference: '$OpenAI:ApiKey',
      places: [
        { code: 'resolution.placeFile', file: 'appsettings.json', missing: false },
        { code: 'resolution.placeFile', file: 'appsettings.Development.json', missing: true },
        { code: 'resolution.placeVariable', name: 'OpenAI__ApiKey' },
      ],
      problems: [
        { code: 'resolution.jsonError', file: 'appsettings.json', line: 4, error: 'CommaExpected', more: 1 },
        { code: 'resolution.fileUnreadable', file: 'appsettings.Development.json' },
      ],
      trim: true,
    },
    '$OpenAI:ApiKey not found in appsettings.json, appsettings.Development.json (no such file) or env OpenAI__ApiKey; appsettings.json line 4: Comma expected (and 1 more); appsettings.Development.json could not be read',
  ],
  [
    { code: 'resolution.notFound', reference: '$A:B', places: [{ code: 'resolution.placeVariable', name: 'A__B' }], problems: [{ code: 'resolution.restricted' }], trim: true },
    '$A:B not found in env A__B; appsettings*.json and .env are not read in Restricted Mode',
  ],
  [
    {
      code: 'resolution.notFound',
      reference: '${env:KEY}',
      places: [{ code: 'resolution.placeEnvironment' }, { code: 'resolution.placeFile', file: '.env', missing: false }],
      problems: [{ code: 'resolution.fileUnreadable', file: '.env' }],
      trim: false,
    },
    "${env:KEY} not found in VS Code's environment or .env; .env could not be read.",
  ],
  [{ code: 'resolution.unresolvable', reference: '$A:B' }, '$A:B could not be resolved.'],
  [
    { code: 'resolution.notAllowed', reference: '${env:GITHUB_TOKEN}', variable: 'GITHUB_TOKEN' },
    '${env:GITHUB_TOKEN}: sending the environment variable GITHUB_TOKEN was not allowed. Allow it when asked, or add it to aiConnections.references.allowedEnvironmentVariables.',
  ],
  [{ code: 'resolution.denied', source: { code: 'resolution.sourceEnvironment', name: 'GITHUB_TOKEN' } }, 'sending environment variable GITHUB_TOKEN was denied for this connection'],
  [
    { code: 'resolution.settingProblem', label: 'API Key', problem: { code: 'resolution.unresolvable', reference: '$A:B' } },
    'API Key: $A:B could not be resolved.',
  ],
  [{ code: 'resolution.hintProblem', problem: { code: 'resolution.unresolvable', reference: '$A:B' } }, '✗ $A:B could not be resolved.'],
  [{ code: 'resolution.hintSource', source: { code: 'resolution.sourceFile', file: 'appsettings.Development.json', key: 'OpenAI:ApiKey' }, permission: 'allowed' }, '→ appsettings.Development.json, OpenAI:ApiKey'],
  [{ code: 'resolution.hintSource', source: { code: 'resolution.sourceEnvironment', name: 'MY_TOKEN' }, permission: 'ask' }, '→ environment variable MY_TOKEN (asks before it is sent)'],
  [{ code: 'resolution.hintSource', source: { code: 'resolution.sourceEnvironment', name: 'MY_TOKEN' }, permission: 'denied' }, '→ environment variable MY_TOKEN (denied for this connection)'],
  // yaml
  [{ code: 'yaml.located', file: 'c.yaml', problem: { code: 'yaml.keyNotText' } }, 'c.yaml: every key must be text.'],
  [{ code: 'yaml.located', file: 'c.yaml', line: 3, problem: { code: 'yaml.keyNotText' } }, 'c.yaml, line 3: every key must be text.'],
  [{ code: 'yaml.located', file: 'c.yaml', document: 2, problem: { code: 'yaml.keyNotText' } }, 'c.yaml, document 2: every key must be text.'],
  [{ code: 'yaml.located', file: 'c.yaml', document: 2, line: 7, problem: { code: 'yaml.keyNotText' } }, 'c.yaml, document 2, line 7: every key must be text.'],
  [{ code: 'yaml.fileTooLarge', kb: 2049 }, 'the file is 2049 KB; connection files are limited to 1 MB.'],
  [{ code: 'yaml.notAMap' }, 'a connection must be a map of keys and values (name, type, ...).'],
  [{ code: 'yaml.keyNotText' }, 'every key must be text.'],
  [{ code: 'yaml.tooManyAliases', max: 100 }, 'too many alias expansions; connection files are refused when aliases expand beyond 100 nodes.'],
  [{ code: 'yaml.documentUnreadable' }, 'the document could not be read.'],
  [{ code: 'yaml.duplicateKey' }, 'a key appears twice in the same map.'],
  [{ code: 'yaml.tabIndent' }, 'tabs are not allowed for indentation in YAML; indent with spaces.'],
  [{ code: 'yaml.syntax', text: 'missing closing "quote.' }, 'missing closing "quote.'],
  [{ code: 'yaml.required', key: 'name' }, 'name is required.'],
  [{ code: 'yaml.typeRequired', key: 'type', types: 'open_ai, custom' }, 'type is required (one of open_ai, custom).'],
  [{ code: 'yaml.notText', key: 'name' }, 'name must be text.'],
  [{ code: 'yaml.quoteText', key: 'api_base', value: '42' }, 'api_base must be text (write "42" in quotes).'],
  [{ code: 'yaml.unknownType', type: 'llama', types: 'open_ai, custom' }, "type 'llama' is not a promptflow connection type (open_ai, custom)."],
  [{ code: 'yaml.authMode', key: 'auth_mode', modes: ['key', 'meid_token'] }, 'auth_mode must be key or meid_token.'],
  [{ code: 'yaml.notAMapOfValues', key: 'configs' }, 'configs must be a map of names and values.'],
  [{ code: 'yaml.carriedProvider', key: 'configs.ai_connections_provider', providers: 'anthropic, mistral' }, 'configs.ai_connections_provider must name one of: anthropic, mistral.'],
  [{ code: 'yaml.notASetting', key: 'configs.x', provider: 'Anthropic' }, 'configs.x is not a setting of a Anthropic connection.'],
  [{ code: 'yaml.notASecret', key: 'secrets.x', provider: 'Anthropic' }, 'secrets.x is not a secret of a Anthropic connection.'],
  [{ code: 'yaml.requiredKey', key: 'secrets.api_key' }, "'secrets.api_key' is required."],
  [{ code: 'yaml.requiredForKeyAuth', key: 'api_key' }, "'api_key' is required for key auth mode connection."],
  [{ code: 'yaml.invalid', key: 'name', problem: 'Name is too long.' }, 'name: name is too long.'],
  [{ code: 'yaml.invalidConnection', problem: 'The connection is not valid.' }, 'The connection is not valid.'],
  [{ code: 'yaml.overridden', problem: { code: 'yaml.placeholder', field: 'api_base' } }, '--set api_base must be a URL (http:// or https://); give it with --set api_base=https://…'],
  [{ code: 'yaml.placeholder', field: 'api_base' }, 'api_base must be a URL (http:// or https://); give it with --set api_base=https://…'],
  [{ code: 'yaml.missingValue', field: 'api_key' }, 'api_key has no value: the file asks for it (<user-input>) or leaves it out, and none was given. Nothing was imported.'],
  [{ code: 'yaml.missingUrl', field: 'api_base' }, 'api_base must be a URL (http:// or https://), and none was given. Nothing was imported.'],
  [{ code: 'yaml.setNotText', index: 2 }, '--set #2 must be text of at most 16,384 characters.'],
  [{ code: 'yaml.setNotPair', index: 4 }, '--set #4: write key=value (for example api_base=https://… or configs.region=eastus).'],
  [{ code: 'yaml.setNotKey', index: 1, key: '1x' }, "--set #1: '1x' is not a key."],
  [{ code: 'yaml.setDot', key: 'a.b' }, '--set a.b: only configs.<name> and secrets.<name> take a dot.'],
  [{ code: 'yaml.loadNothing', file: '.env' }, "Load nothing from dotenv file '.env', please make sure the file is not empty and readable."],
  [{ code: 'yaml.tooManyKeys', count: 65, max: 64 }, 'the file holds 65 keys; a custom connection holds at most 64 secrets.'],
  [{ code: 'yaml.badSecretName', name: '1BAD' }, "'1BAD' is not a valid secret name: use letters, digits, '_', '-' or '.', starting with a letter or '_', at most 64 characters."],
  [{ code: 'yaml.valueTooLong', key: 'BIG', length: 16_385, max: 16_384 }, "the value of 'BIG' is too long (16,385 characters; at most 16,384)."],
  [{ code: 'yaml.needsName' }, 'the connection needs a name (pf connection create -f .env --name <name>).'],
];

describe('English texts of message codes', () => {
  for (const [message, english] of ENGLISH) {
    it(message.code, () => assert.equal(say(message), english));
  }

  it('every code the text layer knows has a row here', () => {
    const dir = join(__dirname, '..', '..', 'src', 'ui', 'text');
    const codes = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/case '([a-z]+\.[A-Za-z]+)':/g)].map((m) => m[1]!));
    const tested = new Set<string>(ENGLISH.map(([m]) => m.code));
    assert.deepEqual(codes.filter((c) => !tested.has(c)), []);
    assert.ok(codes.length >= 1);
  });
});
