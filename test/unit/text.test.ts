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
