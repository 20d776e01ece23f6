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
  it('treats everything else as a literal', () => {
    for (const value of ['sk-test-123', '$', '$ space', '${env:}', '${env:1BAD}', 'pre$OpenAI:ApiKey', '${other:X}']) {
      assert.equal(isReference(value), false, value);
    }
  });
});
