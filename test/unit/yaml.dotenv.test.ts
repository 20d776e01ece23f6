import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canReferenceKeys, defaultDotenvName, formatProblem, isDotenvFile, readDotenvFile, referenceDotenvKeys, toConnectionInput } from '../../src/domain/yaml';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { say } from '../../src/ui/text';
import { MemoryState, MemoryVault } from '../support/memoryPorts';

/** Each problem as its line and message. */
const problemsOf = (read: ReturnType<typeof readDotenvFile>) => read.problems.map((p) => [p.line, p.message]);

describe('dotenv files (pf connection create -f .env --name X)', () => {
  it('are told from YAML by their name', () => {
    for (const name of ['.env', 'prod.env', 'PROD.ENV']) assert.ok(isDotenvFile(name), name);
    for (const name of ['env', 'a.yaml', 'x.env.yaml', '.envrc', '.env.local']) assert.ok(!isDotenvFile(name), name);
  });

  it('offer a name from the file, or its folder for a bare .env', () => {
    assert.equal(defaultDotenvName('prod.env'), 'prod');
    assert.equal(defaultDotenvName('.env', 'my-project'), 'my-project');
    assert.equal(defaultDotenvName('.env'), 'env');
    assert.equal(defaultDotenvName('.env', '  '), 'env');
  });

  it('become a custom connection whose every key is a secret, following the YAML secret rules', async () => {
    const text = '# keys\nexport OPENAI_API_KEY=sk-dotenv-literal-000\nQUOTED="two words"\nREF=${env:OTHER}\nASK=<user-input>\nmulti="a\nb"\n';
    const read = readDotenvFile('prod.env', text, 'Prod Keys');
    assert.deepEqual(problemsOf(read), []);
    const [c] = read.connections;
    assert.equal(c!.providerId, 'custom');
    assert.equal(c!.type, 'custom');
    assert.equal(c!.name, 'Prod Keys');
    assert.equal(c!.alias, 'prod-keys');
    assert.deepEqual(c!.values, {});
    assert.deepEqual(
      c!.secrets.map((s) => [s.key, s.field, s.source, s.line]),
      [
        ['secrets.OPENAI_API_KEY', 'OPENAI_API_KEY', 'value', 2],
        ['secrets.QUOTED', 'QUOTED', 'value', 3],
        ['secrets.REF', 'REF', 'reference', 4],
        ['secrets.ASK', 'ASK', 'prompt', 5],
        ['secrets.multi', 'multi', 'value', 6],
      ],
    );
    assert.equal(c!.secrets[1]!.value, 'two words');
    assert.equal(c!.secrets[4]!.value, 'a\nb');

    const secrets = new MemoryVault();
    const store = new ConnectionStore({ global: new MemoryState(), workspace: new MemoryState(), secrets });
    const stored = await store.create(toConnectionInput(c!, { scope: 'global', answers: { 'secrets.ASK': 'typed' } }));
    assert.deepEqual(await store.readSecrets(stored), { 'secrets.OPENAI_API_KEY': 'sk-dotenv-literal-000', 'secrets.QUOTED': 'two words', 'secrets.REF': '${env:OTHER}', 'secrets.ASK': 'typed', 'secrets.multi': 'a\nb' });
    assert.ok(!JSON.stringify(stored).includes('sk-dotenv-literal'));
  });

  it('refuse a file without a key with promptflow\'s "Load nothing", naming the file', () => {
    for (const text of ['', '\n\n# only a comment\n', 'not a key line\n']) {
      const read = readDotenvFile('empty.env', text, 'x');
      assert.equal(read.connections.length, 0);
      assert.deepEqual(problemsOf(read), [[undefined, { code: 'yaml.loadNothing', file: 'empty.env' }]]);
      // promptflow's own wording, which English users see exactly.
      assert.equal(say(formatProblem(read.problems[0]!)), "empty.env: Load nothing from dotenv file 'empty.env', please make sure the file is not empty and readable.");
    }
  });

  it('refuse a key that is not a secret name and a value over the limit, naming the line and never the value', () => {
    const big = 'v'.repeat(16_385);
    const read = readDotenvFile('bad.env', `GOOD=ok-value\n1BAD=secret-one\nBIG=${big}\n`, 'x');
    assert.equal(read.connections.length, 0);
    assert.deepEqual(problemsOf(read), [
      [2, { code: 'yaml.badSecretName', name: '1BAD' }],
      [3, { code: 'yaml.valueTooLong', key: 'BIG', length: 16_385, max: 16_384 }],
    ]);
    assert.ok(
      !read.problems
        .map((p) => say(formatProblem(p)))
        .join()
        .includes('secret-one'),
    );
  });

  it('refuse __proto__ as a key, which dotenv drops without a word, and keep constructor and toString', () => {
    for (const text of ['A=b\n__proto__=sk-secret-value\n', 'A=b\nexport __proto__="sk-secret-value"\n', 'A=b\n__proto__: sk-secret-value\n']) {
      const read = readDotenvFile('p.env', text, 'x');
      assert.equal(read.connections.length, 0, text);
      assert.deepEqual(problemsOf(read), [[2, { code: 'yaml.reservedName', key: '__proto__' }]], text);
      assert.equal(say(formatProblem(read.problems[0]!)), "p.env, line 2: '__proto__' is not allowed as a name.");
    }
    assert.deepEqual(problemsOf(readDotenvFile('p.env', '__proto__=\n', 'x')), [[1, { code: 'yaml.reservedName', key: '__proto__' }]], 'not "load nothing"');
    const kept = readDotenvFile('o.env', 'constructor=one\ntoString=two\n', 'x');
    assert.deepEqual(
      kept.connections[0]!.secrets.map((s) => [s.key, s.value]),
      [
        ['secrets.constructor', 'one'],
        ['secrets.toString', 'two'],
      ],
    );
  });

  it('refuse a file over 1 MB, more keys than a connection holds, and no name', () => {
    assert.deepEqual(problemsOf(readDotenvFile('big.env', `A=${'x'.repeat(1024 * 1024)}\n`, 'x')), [[undefined, { code: 'yaml.fileTooLarge', kb: 1025 }]]);
    const many = Array.from({ length: 65 }, (_, i) => `K${i}=v`).join('\n');
    assert.deepEqual(problemsOf(readDotenvFile('many.env', many, 'x')), [[undefined, { code: 'yaml.tooManyKeys', count: 65, max: 64 }]]);
    assert.deepEqual(problemsOf(readDotenvFile('a.env', 'A=b', '  ')), [[undefined, { code: 'yaml.needsName' }]]);
    const long = readDotenvFile('a.env', 'A=b', 'n'.repeat(101)).problems[0]!.message;
    assert.ok(long.code === 'yaml.invalid' && long.key === 'name', JSON.stringify(long));
  });

  it('can keep the values in the file, storing ${env:KEY} for each key', () => {
    const c = readDotenvFile('.env', 'A_KEY=one\nREF=${env:X}\n', 'e').connections[0]!;
    assert.ok(canReferenceKeys(c));
    assert.deepEqual(
      referenceDotenvKeys(c).secrets.map((s) => [s.source, s.value]),
      [
        ['reference', '${env:A_KEY}'],
        ['reference', '${env:X}'],
      ],
    );
    assert.ok(!canReferenceKeys(readDotenvFile('.env', 'api-key=one\n', 'e').connections[0]!), 'api-key cannot be an environment variable');
  });
});
