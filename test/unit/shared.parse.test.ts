/**
 * The shared connections file: definitions read and checked one by one, problems located at their
 * line and column, and keys that are never read from the file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ASK, isShared, parseSharedFile, sharedConnectionId, type SharedProblem } from '../../src/domain/shared/parse';
import { sharedFileSchema } from '../../src/domain/shared/schema';
import { definitionOf, withDefinition, type SharedDefinition } from '../../src/domain/shared/write';
import { isReference } from '../../src/domain/references';
import { say } from '../../src/ui/text';
import { StoredConnectionSchema } from '../../src/domain/connection';

const folder = { uri: 'file:///work/app', name: 'app' };

const openai = (extra: Record<string, unknown> = {}) => ({
  id: 'openai-team',
  alias: 'openai-team',
  name: 'OpenAI (team)',
  provider: 'openai',
  settings: { baseUrl: 'https://api.openai.com/v1' },
  secrets: { apiKey: 'ask' },
  ...extra,
});

function file(...connections: unknown[]): string {
  return JSON.stringify({ connections }, null, 2);
}

function codes(problems: readonly SharedProblem[]): string[] {
  return problems.map((p) => p.message.code);
}

describe('the shared connections file', () => {
  it('reads a definition as a workspace connection of its folder, marked shared, its key asked of each person', () => {
    const { connections, problems } = parseSharedFile(file(openai()), folder);
    assert.deepEqual(problems, []);
    const [c] = connections;
    assert.ok(c && isShared(c), 'one shared connection');
    assert.equal(c.id, sharedConnectionId(folder.uri, 'openai-team'));
    assert.match(c.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUID, as every connection id');
    assert.ok(StoredConnectionSchema.shape.id.safeParse(c.id).success, 'one the stored and form schemas take');
    assert.equal(c.alias, 'openai-team');
    assert.equal(c.scope, 'workspace');
    assert.equal(c.folder, folder.uri);
    assert.deepEqual(c.settings, { baseUrl: 'https://api.openai.com/v1' });
    assert.deepEqual(c.secretKeys, ['apiKey']);
    assert.deepEqual(c.shared, { folder: folder.uri, folderName: 'app', definitionId: 'openai-team', ask: ['apiKey'], references: {} });
  });

  it('keeps references as references, for a plain key and for a custom connection’s secrets', () => {
    const custom = { id: 'tools', alias: 'tools', name: 'Tools', provider: 'custom', settings: { configs: { region: 'eu' } }, secrets: { secrets: { api_key: '${env:TOOLS_KEY}', other: 'ask' } } };
    const { connections, problems } = parseSharedFile(file(openai({ secrets: { apiKey: '$OpenAI:ApiKey' } }), custom), folder);
    assert.deepEqual(problems, []);
    assert.deepEqual(connections[0]!.shared.references, { apiKey: '$OpenAI:ApiKey' });
    assert.deepEqual(connections[0]!.shared.ask, []);
    assert.deepEqual(connections[1]!.shared.references, { 'secrets.api_key': '${env:TOOLS_KEY}' });
    assert.deepEqual(connections[1]!.shared.ask, ['secrets.other']);
    assert.deepEqual([...connections[1]!.secretKeys].sort(), ['secrets.api_key', 'secrets.other']);
  });

  it('takes comments and trailing commas, as VS Code’s own JSON files do', () => {
    const text = `{
  // Our team's connections
  "connections": [
    { "id": "a", "alias": "a", "name": "A", "provider": "openai", "secrets": { "apiKey": "ask" }, },
  ],
}`;
    const { connections, problems } = parseSharedFile(text, folder);
    assert.deepEqual(problems, []);
    assert.equal(connections.length, 1);
  });

  it('no file, or an empty one, is no connections and no problem', () => {
    assert.deepEqual(parseSharedFile(undefined, folder), { connections: [], problems: [] });
    assert.deepEqual(parseSharedFile('  \n', folder), { connections: [], problems: [] });
  });

  it('a file that is not JSON is one problem at the place it breaks, and no connection', () => {
    const { connections, problems } = parseSharedFile('{\n  "connections": [\n    { "id": "a" \n  ]\n}', folder);
    assert.deepEqual(connections, []);
    assert.deepEqual(codes(problems), ['shared.notJson']);
    assert.equal(problems[0]!.line, 3, 'the line of the missing comma or brace');
    assert.match(say(problems[0]!.message), /isn't JSON/);
  });

  it('a bad definition is left out with its problem at its line and column; the others still work', () => {
    const text = file(openai(), { id: 'b', alias: 'b', name: 'B', provider: 'no-such-provider' }, openai({ id: 'c', alias: 'c' }));
    const { connections, problems } = parseSharedFile(text, folder);
    assert.deepEqual(
      connections.map((c) => c.shared.definitionId),
      ['openai-team', 'c'],
    );
    assert.deepEqual(codes(problems), ['shared.unknownProvider']);
    const line = text.split('\n')[problems[0]!.line]!;
    assert.equal(line.slice(problems[0]!.character, problems[0]!.character + problems[0]!.length), '"no-such-provider"', 'the problem marks the provider');
    assert.equal(problems[0]!.id, 'b');
  });

  it('refuses a key written as a literal: the definition is left out, the value never becomes a secret of anything', () => {
    const key = 'sk-test-literal-0000';
    const { connections, problems } = parseSharedFile(file(openai({ secrets: { apiKey: key } })), folder);
    assert.deepEqual(connections, []);
    assert.deepEqual(codes(problems), ['shared.literalSecret']);
    const text = say(problems[0]!.message);
    assert.match(text, /"ask"/);
    assert.ok(!text.includes(key) && !JSON.stringify(problems).includes(key), 'the problem does not quote the key');
  });

  it('refuses a key among the settings, a setting among the secrets, and an unknown property', () => {
    assert.deepEqual(codes(parseSharedFile(file(openai({ settings: { apiKey: 'ask' } })), folder).problems), ['shared.secretInSettings']);
    assert.deepEqual(codes(parseSharedFile(file(openai({ secrets: { baseUrl: 'ask' } })), folder).problems), ['shared.notSecretField']);
    const unknown = parseSharedFile(file(openai({ apiKey: 'sk-test-x' })), folder).problems;
    assert.deepEqual(codes(unknown), ['shared.unknownProperty']);
  });

  it('refuses what the provider refuses, with the provider’s reason: another provider’s host, a bad URL, a missing name', () => {
    const anthropicHost = parseSharedFile(file(openai({ settings: { baseUrl: 'https://api.anthropic.com/v1' } })), folder).problems;
    assert.deepEqual(codes(anthropicHost), ['shared.invalidSetting']);
    assert.match(say(anthropicHost[0]!.message), /baseUrl/);
    assert.deepEqual(codes(parseSharedFile(file(openai({ settings: { baseUrl: 'not a url' } })), folder).problems), ['shared.invalidSetting']);
    assert.deepEqual(codes(parseSharedFile(file({ id: 'x', alias: 'x', provider: 'openai' }), folder).problems), ['shared.missing']);
  });

  it('a duplicate id or alias inside the file: neither is used', () => {
    const ids = parseSharedFile(file(openai(), openai({ alias: 'other' })), folder);
    assert.deepEqual(ids.connections, []);
    assert.deepEqual(codes(ids.problems), ['shared.duplicateId', 'shared.duplicateId']);
    const aliases = parseSharedFile(file(openai(), openai({ id: 'other' })), folder);
    assert.deepEqual(aliases.connections, []);
    assert.deepEqual(codes(aliases.problems), ['shared.duplicateAlias', 'shared.duplicateAlias']);
  });

  it('a file over the size limit is not read; an id that is not usable is refused', () => {
    assert.deepEqual(codes(parseSharedFile(`{"connections": [], "pad": "${'x'.repeat(300 * 1024)}"}`, folder).problems), ['shared.fileTooLarge']);
    assert.deepEqual(codes(parseSharedFile(file(openai({ id: '../../etc' })), folder).problems), ['shared.badId']);
  });

  it('two folders defining the same id are two connections', () => {
    const a = parseSharedFile(file(openai()), folder).connections[0]!;
    const b = parseSharedFile(file(openai()), { uri: 'file:///work/web', name: 'web' }).connections[0]!;
    assert.notEqual(a.id, b.id);
  });
});

describe('no literal key in the file is ever read (property)', () => {
  it('any secret value that is neither "ask" nor a reference leaves its definition out, and appears in no connection', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s !== ASK && !isReference(s)),
        fc.boolean(),
        (literal, custom) => {
          const entry = custom ? { id: 'c', alias: 'c', name: 'C', provider: 'custom', secrets: { secrets: { api_key: literal } } } : openai({ secrets: { apiKey: literal } });
          const { connections, problems } = parseSharedFile(file(entry, openai({ id: 'ok', alias: 'ok' })), folder);
          assert.deepEqual(
            connections.map((c) => c.shared.definitionId),
            ['ok'],
          );
          assert.deepEqual(codes(problems), ['shared.literalSecret']);
          assert.ok(!JSON.stringify(connections).includes(JSON.stringify(literal).slice(1, -1)) || literal.length < 4, 'the literal is in no connection');
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });
});

describe('the file’s JSON Schema', () => {
  it('lists every provider, and for OpenAI its settings and its key as "ask" or a reference', () => {
    const schema = sharedFileSchema() as {
      properties: {
        connections: {
          items: {
            properties: { provider: { enum: string[] } };
            allOf: { if: { properties: { provider: { const: string } } }; then: { properties: { settings: { properties: Record<string, unknown> }; secrets: { properties: Record<string, { anyOf: unknown[] }> } } } }[];
          };
        };
      };
    };
    const items = schema.properties.connections.items;
    assert.ok(items.properties.provider.enum.includes('openai'), 'openai is a provider');
    const openaiCase = items.allOf.find((c) => c.if.properties.provider.const === 'openai')!;
    assert.ok('baseUrl' in openaiCase.then.properties.settings.properties, 'baseUrl is a setting');
    assert.ok(!('apiKey' in openaiCase.then.properties.settings.properties), 'the key is not a setting');
    assert.equal(openaiCase.then.properties.secrets.properties.apiKey!.anyOf.length, 2);
    // JSON Schema patterns are ECMAScript with the `u` flag in VS Code's JSON validation.
    const pattern = new RegExp((openaiCase.then.properties.secrets.properties.apiKey!.anyOf[1] as { pattern: string }).pattern, 'u');
    for (const reference of ['${env:OPENAI_API_KEY}', '$OpenAI:ApiKey', 'op://Team/OpenAI/credential', '${pass:team/openai}', '${gopass:team/openai}', '${vault:secret/team/openai#api_key}', '${azkv:team-vault/openai-key}', '${command:corp}']) {
      assert.match(reference, pattern, reference);
    }
    for (const key of ['sk-proj-abc123', '${pass:../x}', 'op://Team/OpenAI']) assert.doesNotMatch(key, pattern, key);
  });
});

describe('writing a definition into the file', () => {
  const connection = (key: string) => ({
    id: '6f1c2a9e-1b2c-4d3e-8f90-123456789abc',
    alias: 'mine',
    name: 'Mine',
    providerId: 'openai',
    scope: 'global' as const,
    isActive: true,
    settings: { baseUrl: 'https://api.openai.com/v1' },
    secretKeys: ['apiKey'],
    dateCreated: '2026-12-06T00:00:00.000Z',
    dateModified: '2026-12-06T00:00:00.000Z',
    key,
  });

  it('never writes a key, whatever it is (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 120 }).filter((s) => !isReference(s)),
        (key) => {
          const { key: _, ...c } = connection(key);
          const definition = definitionOf(c, { apiKey: key });
          assert.deepEqual(definition.secrets, { apiKey: 'ask' });
          const written = withDefinition(undefined, definition, folder, { apiKey: key });
          assert.ok('text' in written, JSON.stringify(written));
          assert.ok(!written.text.includes(key) || JSON.stringify(definition).includes(key), 'the key is not in the file');
        },
      ),
      { numRuns: 200, seed: 20261206 },
    );
  });

  it('refuses a definition that would put a key into the file anywhere, a key pasted into a setting too', () => {
    const key = 'sk-test-typed-by-mistake';
    for (const definition of <SharedDefinition[]>[
      { id: 'mine', alias: 'mine', name: 'Mine', provider: 'openai', settings: {}, secrets: { apiKey: key } },
      { id: 'mine', alias: 'mine', name: 'Mine', provider: 'openai', settings: { organization: key }, secrets: { apiKey: 'ask' } },
    ]) {
      const written = withDefinition(undefined, definition, folder, { apiKey: key });
      assert.ok('problem' in written, 'refused');
      assert.equal(written.problem.code, 'shared.literalSecret');
    }
  });
});
