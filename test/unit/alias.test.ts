import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALIAS_PATTERN, copyAlias, suggestAlias } from '../../src/domain/alias';

describe('alias', () => {
  it('suggests a valid alias from a name', () => {
    assert.equal(suggestAlias('OpenAI Production'), 'openai-production');
    assert.equal(suggestAlias('  Équipe A / GPT-4o  '), 'equipe-a-gpt-4o');
    assert.equal(suggestAlias('---'), '');
    const long = suggestAlias('x'.repeat(200));
    assert.equal(long.length, 64);
    assert.match(long, ALIAS_PATTERN);
  });
  it('finds a free copy alias within the length limit', () => {
    assert.equal(copyAlias('prod', new Set()), 'prod-copy');
    assert.equal(copyAlias('prod', new Set(['prod-copy', 'prod-copy-2'])), 'prod-copy-3');
    const copy = copyAlias('a'.repeat(64), new Set());
    assert.equal(copy.length, 64);
    assert.match(copy, ALIAS_PATTERN);
  });
});
