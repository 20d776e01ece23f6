import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyBreak } from '../breaks/run';

describe('deliberate breaks', () => {
  it('write the break as it is written, `$&` and `` $` `` included', () => {
    const source = 'const a = check(x);\nconst b = 2;\n';
    const broken = applyBreak(source, { from: 'check(x)', to: "$& + $` + $' + $1" });
    assert.equal(broken, "const a = $& + $` + $' + $1;\nconst b = 2;\n", 'the replacement text is inserted literally');
  });

  it('replace only the first occurrence', () => {
    assert.equal(applyBreak('a a', { from: 'a', to: 'b' }), 'b a', 'one occurrence replaced');
  });
});
