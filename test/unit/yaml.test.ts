import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, parseAllDocuments, visit, type Document } from 'yaml';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import { isSecretField } from '../../src/domain/providers/descriptor';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { MissingValueError, exportPromptflowYaml, formatProblem, parseOverrides, readPromptflowFile, secretsToAsk, toConnectionInput } from '../../src/domain/yaml';
import type { Message } from '../../src/domain/messages';
import { measureYaml } from '../../src/domain/yaml/parse';
import { PROMPTFLOW_TYPES } from '../../src/domain/yaml/promptflowTypes';
import { say } from '../../src/ui/text';
import { MemoryState, MemoryVault } from '../support/memoryPorts';
import { conn } from '../support/connectionRecord';

function fixture() {
  const secrets = new MemoryVault();
  const global = new MemoryState();
  const store = new ConnectionStore({ global, workspace: new MemoryState(), secrets });
  return { store, secrets, global };
}

/** Each problem as its line and message. */
function problems(text: string, file = 'c.yaml'): [number | undefined, Message][] {
  return readPromptflowFile(file, text).problems.map((p) => [p.line, p.message]);
}

const OPENAI = '$schema: https://azuremlschemas.azureedge.net/promptflow/latest/OpenAIConnection.schema.json\nname: oa\ntype: open_ai\napi_key: sk-abc\n';

describe('promptflow YAML: refusing bad input', () => {
  it('names the file, document, line and field', () => {
    const text = 'name: a\ntype: azure_open_ai\napi_key: k\napi_base: 42\n---\nname: b\ntype: open_ai\napi_key: k\n';
    const read = readPromptflowFile('two.yaml', text);
    assert.deepEqual(read.problems.map(formatProblem), [{ code: 'yaml.located', file: 'two.yaml', document: 1, line: 4, problem: { code: 'yaml.quoteText', key: 'api_base', value: '42' } }]);
    assert.equal(say(formatProblem(read.problems[0]!)), 'two.yaml, document 1, line 4: api_base must be text (write "42" in quotes).');
    assert.deepEqual(
      read.connections.map((c) => c.alias),
      ['b'],
      'the valid document of the file is still read',
    );
  });

  it('refuses a file over 1 MB before parsing it', () => {
    const big = OPENAI + `# ${'x'.repeat(2 * 1024 * 1024)}\n`;
    const read = readPromptflowFile('big.yaml', big);
    assert.equal(read.connections.length, 0);
    assert.deepEqual(read.problems[0]!.message, { code: 'yaml.fileTooLarge', kb: Math.ceil(Buffer.byteLength(big) / 1024) });
  });

  it('refuses an alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'name: *d', 'type: open_ai'].join('\n');
    assert.deepEqual(problems(bomb), [[1, { code: 'yaml.tooManyAliases', max: 100 }]]);
  });

  // Each test starts with a file just over a limit: without the limit it fails at once, where the
  // large files after it would keep the composer busy for minutes.
  it('refuses a file with more nodes than a connection file needs, before composing it, naming the line and the limit', () => {
    // Just over the limit: 5,000 keys of configs, with name, type and configs, are 10,005 nodes.
    assert.deepEqual(problems(`name: a\ntype: custom\nconfigs:\n${Array.from({ length: 5_000 }, (_, i) => `  k${i}: v\n`).join('')}`), [[5001, { code: 'yaml.nodeLimit', max: 10_000 }]]);
    assert.deepEqual(problems(`${'- '.repeat(10_001)}x\n`), [[1, { code: 'yaml.nodeLimit', max: 10_000 }]]);
    assert.deepEqual(problems(`x: ${'['.repeat(10_001)}${']'.repeat(10_001)}\n`), [[1, { code: 'yaml.nodeLimit', max: 10_000 }]]);
    assert.deepEqual(problems(`${': '.repeat(10_001)}x\n`), [[1, { code: 'yaml.nodeLimit', max: 10_000 }]]);
    assert.deepEqual(problems(`x: [${'&a '.repeat(10_001)}1]\n`), [[1, { code: 'yaml.nodeLimit', max: 10_000 }]], 'an anchor may stand for a value');
    // Composing a map checks each key against every key before it: 88,000 keys took minutes.
    const bigMap = `name: a\ntype: open_ai\n${Array.from({ length: 88_000 }, (_, i) => `k${i}: 1\n`).join('')}`;
    const read = readPromptflowFile('big.yaml', bigMap);
    assert.equal(read.connections.length, 0);
    assert.equal(read.documentCount, 0);
    assert.deepEqual(read.problems.map(formatProblem), [{ code: 'yaml.located', file: 'big.yaml', document: undefined, line: 5001, problem: { code: 'yaml.nodeLimit', max: 10_000 } }]);
    assert.equal(say(formatProblem(read.problems[0]!)), 'big.yaml, line 5001: the file holds more than 10,000 YAML nodes (keys, values, list entries and documents); connection files are refused beyond that.');
  });

  it('refuses a file with more aliases than a connection file needs, before composing it, naming the line and the limit', () => {
    assert.deepEqual(problems(`name: &n a\ntype: custom\nconfigs:\n  x: [${Array.from({ length: 101 }, () => '*n').join(', ')}]\n`), [[4, { code: 'yaml.aliasLimit', max: 100 }]]);
    const aliases = `name: &n a\ntype: custom\nconfigs:\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: *n\n`).join('')}`;
    const refused = readPromptflowFile('aliases.yaml', aliases);
    assert.deepEqual(refused.problems.map(formatProblem), [{ code: 'yaml.located', file: 'aliases.yaml', document: undefined, line: 104, problem: { code: 'yaml.aliasLimit', max: 100 } }]);
    assert.equal(say(formatProblem(refused.problems[0]!)), 'aliases.yaml, line 104: the file holds more than 100 aliases (*name); connection files are refused beyond that.');
  });

  it('refuses a file with more documents than connections are read from one file, naming the line and the limit', () => {
    assert.deepEqual(problems('a: 1\n...\n---\n'.repeat(1_000)), [[1_502, { code: 'yaml.documentLimit', max: 500 }]], '`...` then `---` is one boundary');
    assert.deepEqual(problems('---\n'.repeat(10_001)), [[501, { code: 'yaml.documentLimit', max: 500 }]]);
    // Each document is checked as the store checks a connection: 20,000 of them took many seconds.
    const smallDocuments = Array.from({ length: 20_000 }, (_, i) => `name: c${i}\ntype: open_ai\napi_key: "\${env:K}"\n---\n`).join('');
    const documents = readPromptflowFile('many.yaml', smallDocuments);
    assert.deepEqual(documents.problems.map(formatProblem), [{ code: 'yaml.located', file: 'many.yaml', document: undefined, line: 2004, problem: { code: 'yaml.documentLimit', max: 500 } }]);
    assert.equal(say(formatProblem(documents.problems[0]!)), 'many.yaml, line 2004: the file holds more than 500 documents (connections); connection files are refused beyond that.');
  });

  it('counts, before composing, at least a third of the nodes the composer makes of any text (property)', () => {
    const fragment = fc.constantFrom('a', 'b: ', ': ', '- ', '? ', '[', ']', '{', '}', ', ', '*x', '&x ', '!!str ', '"q"', "'s'", '|\n  t\n', '>-\n  u\n', '\n', '  ', '---\n', '...\n', '# c\n', 'k: v\n', '\t', '%YAML 1.2\n');
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 120 }), (parts) => {
        const text = parts.join('');
        let composed = 0;
        for (const doc of parseAllDocuments(text) as Document.Parsed[]) {
          composed++;
          visit(doc, { Node: () => void composed++ });
        }
        const counted = measureYaml(text).nodes;
        assert.ok(composed <= 3 * counted + 2, `${JSON.stringify(text)}: ${composed} nodes composed, ${counted} counted`);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads files within the limits: the largest connection, and many connections in one file', () => {
    const entries = (prefix: string) => Array.from({ length: 64 }, (_, i) => `  ${prefix}${i}: "\${env:${prefix.toUpperCase()}${i}}"\n`).join('');
    const largest = `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/CustomConnection.schema.json\nname: big\ndisplay_name: Big\ntype: custom\nconfigs:\n${entries('c')}secrets:\n${entries('s')}`;
    assert.deepEqual(problems(largest), []);
    const many = Array.from({ length: 200 }, (_, i) => OPENAI.replace('name: oa', `name: oa${i}`)).join('---\n');
    const read = readPromptflowFile('many.yaml', many);
    assert.deepEqual(read.problems, []);
    assert.equal(read.connections.length, 200);
  });

  it('a duplicate key is refused naming the key, with its path inside configs and secrets, and the line of its second use', () => {
    assert.deepEqual(problems('name: a\ntype: open_ai\napi_key: x\napi_key: y\n'), [[4, { code: 'yaml.duplicateKey', key: 'api_key' }]]);
    assert.deepEqual(problems('name: a\ntype: custom\nsecrets:\n  token: x\n  "token": y\n'), [[5, { code: 'yaml.duplicateKey', key: 'secrets.token' }]]);
    assert.deepEqual(problems('name: a\ntype: custom\nconfigs: {region: a, region: b}\nsecrets: {k: v}\n'), [[3, { code: 'yaml.duplicateKey', key: 'configs.region' }]]);
    assert.equal(say(formatProblem(readPromptflowFile('openai.yaml', 'name: a\ntype: open_ai\napi_key: x\napi_key: y\n').problems[0]!)), 'openai.yaml, line 4: api_key appears twice; give each key once.');
  });

  it('refuses tabs, duplicate keys, non-string keys and names, wrong types', () => {
    assert.deepEqual(problems('name: a\ntype: custom\nconfigs:\n\tx: y\n'), [[4, { code: 'yaml.tabIndent' }]]);
    assert.deepEqual(problems('name: a\nname: b\ntype: open_ai\n'), [[2, { code: 'yaml.duplicateKey', key: 'name' }]]);
    assert.deepEqual(problems('name: {{ connection }}\ntype: open_ai\napi_key: k\n'), [[1, { code: 'yaml.notText', key: 'name' }]]);
    assert.deepEqual(problems('name: 12\ntype: open_ai\napi_key: k\n'), [[1, { code: 'yaml.notText', key: 'name' }]]);
    assert.deepEqual(problems('name:\ntype: open_ai\n'), [[1, { code: 'yaml.required', key: 'name' }]]);
    assert.deepEqual(problems('name: "  "\ntype: [open_ai]\n'), [
      [1, { code: 'yaml.required', key: 'name' }],
      [2, { code: 'yaml.notText', key: 'type' }],
    ]);
    assert.deepEqual(problems('1: x\nname: a\n'), [[1, { code: 'yaml.keyNotText' }]]);
    assert.deepEqual(problems('name: a\ntype: custom\nconfigs: [a, b]\nsecrets:\n  k: v\n'), [[3, { code: 'yaml.notAMapOfValues', key: 'configs' }]]);
    assert.deepEqual(problems('name: a\ntype: custom\nconfigs:\n  port: 6333\nsecrets:\n  k: v\n'), [[4, { code: 'yaml.quoteText', key: 'configs.port', value: '6333' }]]);
    assert.deepEqual(problems('name: a\ntype: open_ai\napi_key: true\n'), [[3, { code: 'yaml.quoteSecret', key: 'api_key' }]]);
    assert.deepEqual(problems('name: a\ntype: llama\n'), [[2, { code: 'yaml.unknownType', type: 'llama', types: 'open_ai, azure_open_ai, serverless, azure_ai_services, cognitive_search, azure_content_safety, form_recognizer, serp, qdrant, weaviate, custom' }]]);
    assert.deepEqual(problems('- a\n- b\n'), [[1, { code: 'yaml.notAMap' }]]);
    assert.deepEqual(problems('name: a\ntype: azure_open_ai\napi_key: k\napi_base: https://x.openai.azure.com\nauth_mode: oauth\n'), [[5, { code: 'yaml.authMode', key: 'auth_mode', modes: ['key', 'meid_token'] }]]);
  });

  it('refuses __proto__ as a key at the top, in configs, in secrets and in --set, which an object would drop', () => {
    const reserved = (key: string, line: number): [number, Message][] => [[line, { code: 'yaml.reservedName', key }]];
    assert.deepEqual(problems('name: a\ntype: custom\nconfigs:\n  b: y\n  __proto__: x\nsecrets:\n  k: v\n'), reserved('configs.__proto__', 5));
    assert.deepEqual(problems('name: a\ntype: custom\nsecrets:\n  "__proto__": sk-secret-value\n  k: v\n'), reserved('secrets.__proto__', 4));
    assert.deepEqual(problems(`${OPENAI}__proto__: x\n`), reserved('__proto__', 5));
    assert.deepEqual(problems('name: a\ntype: custom\n__proto__:\n  k: v\n'), reserved('__proto__', 3));
    const read = readPromptflowFile('p.yaml', 'name: a\ntype: custom\nsecrets:\n  __proto__: sk-secret-value\n');
    assert.equal(read.connections.length, 0);
    assert.equal(say(formatProblem(read.problems[0]!)), "p.yaml, line 4: 'secrets.__proto__' is not allowed as a name.");
    const set = parseOverrides(['__proto__=x', 'secrets.__proto__=y', 'configs.__proto__=z', 'configs.ok=1']);
    assert.deepEqual(set.problems, [
      { code: 'yaml.setNotKey', index: 1, key: '__proto__' },
      { code: 'yaml.setNotKey', index: 2, key: 'secrets.__proto__' },
      { code: 'yaml.setNotKey', index: 3, key: 'configs.__proto__' },
    ]);
    assert.deepEqual(
      set.overrides.map((o) => o.key),
      ['configs.ok'],
    );
  });

  it('reads keys named like members of every object (constructor, toString) as keys like any other', () => {
    const c = readPromptflowFile('o.yaml', `${OPENAI}constructor: x\ntoString: y\n`).connections[0]!;
    assert.deepEqual(c.kept, ['constructor', 'toString']);
    assert.deepEqual(c.values.extra, { constructor: 'x', toString: 'y' });
    const custom = readPromptflowFile('o.yaml', 'name: a\ntype: custom\nconfigs:\n  constructor: x\nsecrets:\n  toString: sk-1\n').connections[0]!;
    assert.deepEqual(custom.values.configs, { constructor: 'x' });
    assert.deepEqual(
      custom.secrets.map((s) => s.key),
      ['secrets.toString'],
    );
    const azure = 'name: a\ntype: azure_open_ai\napi_key: k\napi_base: https://x.openai.azure.com\n';
    for (const mode of ['toString', 'constructor', '__proto__']) {
      assert.deepEqual(problems(`${azure}auth_mode: ${mode}\n`), [[5, { code: 'yaml.authMode', key: 'auth_mode', modes: ['key', 'meid_token'] }]], mode);
    }
  });

  it('refuses an alias that repeats a secret, naming the alias, its line and the secret, never the value', () => {
    const secret = 'sk-proj-SECRETSECRETSECRET';
    const refused = (text: string) => {
      const read = readPromptflowFile('a.yaml', text);
      assert.equal(read.connections.length, 0, text);
      for (const p of read.problems) assert.ok(!JSON.stringify(p).includes(secret) && !say(formatProblem(p)).includes(secret), say(formatProblem(p)));
      return read.problems.map((p) => [p.line, p.message]);
    };
    const aliased = (alias: string, field: string, line: number): [number, Message][] => [[line, { code: 'yaml.secretAlias', alias, field }]];
    // Into a plain setting (stored in settings, shown in the tooltip, exported).
    assert.deepEqual(refused(`name: a\ntype: open_ai\napi_key: &k ${secret}\norganization: *k\n`), aliased('k', 'api_key', 4));
    assert.deepEqual(refused(`name: a\ntype: open_ai\napi_key: &k ${secret}\ntemperature: *k\n`), aliased('k', 'api_key', 4));
    assert.deepEqual(refused(`name: a\ntype: open_ai\napi_key: &k ${secret}\ndisplay_name: *k\n`), aliased('k', 'api_key', 4));
    // From a custom connection's secrets, into configs or a strong type's keys.
    assert.deepEqual(refused(`name: a\ntype: custom\nsecrets:\n  token: &t ${secret}\nconfigs:\n  copy: *t\n`), aliased('t', 'secrets.token', 6));
    assert.deepEqual(refused(`name: a\ntype: custom\nsecrets:\n  token: &t ${secret}\ncustom_type: *t\n`), aliased('t', 'secrets.token', 5));
    // The whole map of secrets, and a secret repeated as another secret or as a key.
    assert.deepEqual(refused(`name: a\ntype: custom\nsecrets: &s\n  token: ${secret}\nconfigs: *s\n`), aliased('s', 'secrets.token', 5));
    assert.deepEqual(refused(`name: a\ntype: custom\nsecrets:\n  a: &t ${secret}\n  b: *t\n`), aliased('t', 'secrets.a', 5));
    assert.deepEqual(refused(`name: a\ntype: open_ai\napi_key: &t ${secret}\nextra:\n  ? *t\n  : v\n`), aliased('t', 'api_key', 5));
    // A provider promptflow lacks, carried on a custom connection.
    assert.deepEqual(refused(`name: a\ntype: custom\nsecrets:\n  api_key: &k ${secret}\nconfigs:\n  ai_connections_provider: anthropic\n  base_url: *k\n`), aliased('k', 'secrets.api_key', 7));
    // Into name or type, which other messages quote: the type is not known then, so any key that is a secret of some type counts.
    assert.deepEqual(refused(`api_key: &k ${secret}\nname: a\ntype: *k\n`), aliased('k', 'api_key', 3));
    assert.deepEqual(refused(`name: a\ntype: llama\nsecrets:\n  x: &k ${secret}\nmodel: *k\n`), aliased('k', 'secrets.x', 5));
    assert.equal(refused(`name: *k\ntype: serp\napi_key: &k ${secret}\n`).length, 1, 'an alias before its anchor repeats nothing, and is refused');
    // A number as a secret is repeated as it is written, and never quoted either.
    assert.deepEqual(refused('name: a\ntype: open_ai\napi_key: &k 12345678901234\norganization: *k\n'), aliased('k', 'api_key', 4));
    // The anchor redefined: the alias repeats the last one before it.
    assert.deepEqual(refused(`name: a\ntype: open_ai\norganization: &k org\napi_key: &k ${secret}\nproject: *k\n`), aliased('k', 'api_key', 5));
    assert.equal(
      say(formatProblem(readPromptflowFile('a.yaml', `name: a\ntype: open_ai\napi_key: &k ${secret}\norganization: *k\n`).problems[0]!)),
      'a.yaml, line 4: *k repeats the secret api_key: an alias may not copy a secret into another value. Write the secret once, or a reference such as ${env:NAME} in each place.',
    );
  });

  it('refuses a secret of any type repeated by an alias anywhere, and never quotes it (property)', () => {
    const cases = PROMPTFLOW_TYPES.flatMap((pf) => {
      const provider = PROVIDERS.find((p) => p.id === pf.providerId)!;
      const secret = (key: string) => isSecretField(provider.fields.find((f) => f.key === pf.keys[key])!);
      const plain = Object.keys(pf.keys).filter((key) => !secret(key));
      return Object.keys(pf.keys)
        .filter(secret)
        .map((key) => ({ type: pf.type, key, plain }));
    });
    assert.ok(cases.length >= 10);
    fc.assert(
      fc.property(
        fc.constantFrom(...cases).chain((c) => fc.record({ c: fc.constant(c), into: fc.oneof(fc.constantFrom(...c.plain, 'display_name', 'temperature'), fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/)) })),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{11,40}$/),
        fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/),
        ({ c, into }, value, anchor) => {
          fc.pre(!['name', 'type', c.key].includes(into) && !into.includes(value) && !value.includes(anchor));
          const text = `name: a\ntype: ${c.type}\n${c.key}: &${anchor} ${value}\n${into}: *${anchor}\n`;
          const read = readPromptflowFile('a.yaml', text);
          assert.equal(read.connections.length, 0, text);
          assert.deepEqual(
            read.problems.map((p) => [p.line, p.message]),
            [[4, { code: 'yaml.secretAlias', alias: anchor, field: c.key }]],
            text,
          );
          assert.ok(!say(formatProblem(read.problems[0]!)).includes(value));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads aliases that repeat anything but a secret', () => {
    const c = readPromptflowFile('a.yaml', 'name: &n a\ntype: azure_open_ai\napi_key: sk-1\napi_base: &u https://x.openai.azure.com\ndeployment: *n\napi_version: &k sk-looking-but-plain\nresource_id: *k\n').connections[0]!;
    assert.equal(c.values.deployment, 'a');
    assert.equal(c.values.resourceId, 'sk-looking-but-plain');
    const custom = readPromptflowFile('a.yaml', 'name: a\ntype: custom\nconfigs:\n  region: &r eastus\n  backup: *r\nsecrets:\n  token: sk-1\n').connections[0]!;
    assert.deepEqual(custom.values.configs, { region: 'eastus', backup: 'eastus' });
    // An anchor on a secret that nothing repeats is harmless, and an alias of a key is a key's name.
    assert.deepEqual(problems('name: a\ntype: open_ai\napi_key: &k sk-1\n'), []);
    assert.deepEqual(problems('name: a\ntype: open_ai\n&k api_key: sk-1\norganization: *k\n'), []);
  });

  it('accepts CRLF line ends and a byte order mark', () => {
    const read = readPromptflowFile('w.yaml', Buffer.from(`\uFEFF${OPENAI.replace(/\n/g, '\r\n')}`, 'utf8'));
    assert.deepEqual(read.problems, []);
    assert.equal(read.connections[0]!.alias, 'oa');
  });

  it('never quotes a secret in a message', () => {
    const secret = 'sk-proj-SECRETSECRETSECRET';
    const all = [problems(`name: a\ntype: open_ai\napi_key: ${secret}\nbase_url: 3\n`), problems(`name: a\ntype: custom\nsecrets:\n  k: ${secret}\n  j: [1]\n`), problems(`name: a\ntype: open_ai\napi_key: ${secret}\napi_key: ${secret}\n`)].flat();
    assert.ok(all.length >= 3);
    for (const [, message] of all) assert.ok(!JSON.stringify(message).includes(secret) && !say(message).includes(secret), say(message));
  });

  it('never quotes a secret written as a number, and says to quote it', () => {
    const digits = '81234567890123456';
    const numbers = [
      [problems(`name: a\ntype: serp\napi_key: ${digits}\n`), [[3, { code: 'yaml.quoteSecret', key: 'api_key' }]]],
      [problems(`name: a\ntype: custom\nsecrets:\n  pin: ${digits}\n`), [[4, { code: 'yaml.quoteSecret', key: 'secrets.pin' }]]],
      [problems(`name: a\ntype: custom\nsecrets:\n  flag: true\n`), [[4, { code: 'yaml.quoteSecret', key: 'secrets.flag' }]]],
    ] as const;
    for (const [actual, expected] of numbers) assert.deepEqual(actual, expected);
    assert.equal(say(formatProblem(readPromptflowFile('n.yaml', `name: a\ntype: serp\napi_key: ${digits}\n`).problems[0]!)), 'n.yaml, line 3: api_key must be text (write the secret in quotes).');
    assert.deepEqual(problems(`name: a\ntype: custom\nconfigs:\n  port: 6333\nsecrets:\n  k: v\n`), [[4, { code: 'yaml.quoteText', key: 'configs.port', value: '6333' }]], 'a setting is quoted');
  });

  it('stores nothing when a <user-input> secret of a new connection has no answer', async () => {
    const { store, secrets } = fixture();
    const c = readPromptflowFile('u.yaml', 'name: a\ntype: open_ai\napi_key: "<user-input>"\n').connections[0]!;
    assert.deepEqual(
      secretsToAsk(c).map((s) => s.field),
      ['api_key'],
    );
    assert.throws(
      () => toConnectionInput(c, { scope: 'global' }),
      (e: unknown) => e instanceof MissingValueError && JSON.stringify(e.detail) === JSON.stringify({ code: 'yaml.missingValue', field: 'api_key' }),
    );
    assert.throws(() => toConnectionInput(c, { scope: 'global', answers: { apiKey: '' } }), MissingValueError);
    assert.equal(store.list().connections.length, 0);
    assert.equal(secrets.data.size, 0);
  });

  it('keeps the stored secret for ******, empty and <no-change> on an update, and asks on a create', async () => {
    const { store } = fixture();
    const first = readPromptflowFile('c.yaml', 'name: my_custom\ntype: custom\nconfigs:\n  key1: v\nsecrets:\n  key2: test2\n').connections[0]!;
    const created = await store.create(toConnectionInput(first, { scope: 'global' }));
    for (const kept of ['"******"', '""', '"<no-change>"']) {
      const update = readPromptflowFile('u.yaml', `name: my_custom\ntype: custom\nconfigs:\n  key1: new_value\nsecrets:\n  key2: ${kept}\n`).connections[0]!;
      assert.deepEqual(secretsToAsk(update, created), []);
      assert.deepEqual(
        secretsToAsk(update).map((s) => s.field),
        ['secrets.key2'],
        'a create would ask',
      );
      const current = store.get(created.id)!;
      const updated = await store.update(created.id, toConnectionInput(update, { scope: 'global', target: current }));
      assert.deepEqual(updated.settings.configs, { key1: 'new_value' });
      assert.deepEqual(await store.readSecrets(updated), { 'secrets.key2': 'test2' });
    }
  });

  it("keeps a connection's display name on an update from a file without display_name", async () => {
    const { store } = fixture();
    const created = await store.create({ providerId: 'serp', name: 'My Search', alias: 'my_serp', scope: 'global', isActive: true, values: { apiKey: 'serp-key-1234567' } });
    const update = readPromptflowFile('u.yaml', 'name: my_serp\ntype: serp\napi_key: "******"\n').connections[0]!;
    const updated = await store.update(created.id, toConnectionInput(update, { scope: 'global', target: created }));
    assert.equal(updated.name, 'My Search');
    const renamed = readPromptflowFile('u.yaml', 'name: my_serp\ndisplay_name: Search\ntype: serp\napi_key: "******"\n').connections[0]!;
    assert.equal((await store.update(created.id, toConnectionInput(renamed, { scope: 'global', target: updated }))).name, 'Search');
  });

  it('reads --set pairs as promptflow does, and refuses malformed ones by key only', () => {
    const { overrides, problems: bad } = parseOverrides(['api_key=a=b', 'configs.region=eastus', 'secrets.token=${env:T}', 'nokey', 'a.b=c', '=x']);
    assert.deepEqual(
      overrides.map((o) => [o.path, o.value]),
      [
        [['api_key'], 'a=b'],
        [['configs', 'region'], 'eastus'],
        [['secrets', 'token'], '${env:T}'],
      ],
    );
    assert.deepEqual(bad, [
      { code: 'yaml.setNotPair', index: 4 },
      { code: 'yaml.setDot', key: 'a.b' },
      { code: 'yaml.setNotPair', index: 6 },
    ]);
    const read = readPromptflowFile('c.yaml', 'name: c\ntype: custom\nsecrets:\n  k: v\n', overrides.slice(1));
    const c = read.connections[0]!;
    assert.deepEqual(c.values.configs, { region: 'eastus' });
    assert.deepEqual(
      c.secrets.map((s) => [s.field, s.source]),
      [
        ['secrets.k', 'value'],
        ['secrets.token', 'reference'],
      ],
    );
    const wrong = readPromptflowFile('c.yaml', OPENAI, parseOverrides(['base_url=not a url']).overrides);
    assert.deepEqual(
      wrong.connections[0]!.placeholders.map((p) => p.field),
      ['base_url'],
    );
  });

  it('keeps unknown keys and shows them, and carries providers promptflow lacks on custom connections', () => {
    const c = readPromptflowFile('x.yaml', `${OPENAI}temperature: "0.2"\n`).connections[0]!;
    assert.deepEqual(c.kept, ['temperature']);
    assert.deepEqual(c.values.extra, { temperature: '0.2' });
    const yaml = exportPromptflowYaml([conn({ providerId: 'anthropic', alias: 'claude', name: 'claude', settings: { baseUrl: 'https://api.anthropic.com' }, secretKeys: ['apiKey'] })], 'env');
    assert.deepEqual(parse(yaml), {
      $schema: 'https://azuremlschemas.azureedge.net/promptflow/latest/CustomConnection.schema.json',
      name: 'claude',
      type: 'custom',
      configs: { ai_connections_provider: 'anthropic', base_url: 'https://api.anthropic.com' },
      secrets: { api_key: '${env:CLAUDE_API_KEY}' },
    });
    const back = readPromptflowFile('b.yaml', yaml).connections[0]!;
    assert.equal(back.providerId, 'anthropic');
    assert.deepEqual(back.values, { baseUrl: 'https://api.anthropic.com' });
  });

  it('carries the services and local servers on custom connections that name them, and reads them back as the same provider', () => {
    const yaml = exportPromptflowYaml(
      [
        conn({ providerId: 'openrouter', alias: 'router', name: 'router', settings: { baseUrl: 'https://openrouter.ai/api/v1' }, secretKeys: ['apiKey'] }),
        conn({ providerId: 'lmstudio', alias: 'studio', name: 'studio', settings: { baseUrl: 'http://localhost:1234/v1' }, secretKeys: [] }),
      ],
      'env',
    );
    const [router, studio] = yaml.split('---\n').map((doc) => parse(doc) as Record<string, unknown>);
    assert.deepEqual(router!.configs, { ai_connections_provider: 'openrouter', base_url: 'https://openrouter.ai/api/v1' });
    assert.deepEqual(router!.secrets, { api_key: '${env:ROUTER_API_KEY}' });
    assert.deepEqual([studio!.type, studio!.configs], ['custom', { ai_connections_provider: 'lmstudio', base_url: 'http://localhost:1234/v1' }]);
    const back = readPromptflowFile('b.yaml', yaml).connections;
    assert.deepEqual(
      back.map((c) => [c.providerId, c.values.baseUrl]),
      [
        ['openrouter', 'https://openrouter.ai/api/v1'],
        ['lmstudio', 'http://localhost:1234/v1'],
      ],
    );
  });
});
