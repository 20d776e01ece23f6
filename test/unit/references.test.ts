import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReference, parseReference } from '../../src/domain/references';

describe('references', () => {
  it('parses configuration references ($Section:Key)', () => {
    assert.deepEqual(parseReference('$OpenAI:ApiKey'), { kind: 'config', path: ['OpenAI', 'ApiKey'] });
    assert.deepEqual(parseReference('$Azure:OpenAI:Key'), { kind: 'config', path: ['Azure', 'OpenAI', 'Key'] });
  });
  it('parses environment references (${env:NAME})', () => {
    assert.deepEqual(parseReference('${env:OPENAI_API_KEY}'), { kind: 'env', name: 'OPENAI_API_KEY' });
  });
  it('parses array indexes in configuration paths ($Items:0)', () => {
    assert.deepEqual(parseReference('$Items:0:Key'), { kind: 'config', path: ['Items', '0', 'Key'] });
  });
  it('treats everything else as a literal', () => {
    for (const value of ['sk-test-123', '$', '$ space', '${env:}', '${env:1BAD}', 'pre$OpenAI:ApiKey', '${other:X}']) {
      assert.equal(isReference(value), false, value);
    }
  });
  it('takes a literal key that starts with $ for a key, not a reference (no section:key shape)', () => {
    for (const value of ['$uperS3cret_4f9a2c', '$OpenAI', '$abc:', '$a:b/c', '$a:b=', '$a:b+c', '$:x', '$1a:b', `$A:${'b'.repeat(300)}`, '$a::b']) {
      assert.equal(isReference(value), false, value);
    }
  });
});
