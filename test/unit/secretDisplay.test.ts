/**
 * A key field shows a reference as text (it names where the key lives and is not a secret) and
 * anything else masked, by the same grammar as the rest of the extension.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isReference } from '../../src/domain/references';
import { secretInputType } from '../../webview-ui/secretDisplay';

describe("a key field's display", () => {
  it('a reference reads as text, anything else is masked', () => {
    for (const value of ['${env:OPENAI_API_KEY}', '$OpenAI:ApiKey', '$Items:0:Key']) assert.equal(secretInputType(value), 'text', value);
    for (const value of ['', 'sk-proj-abc123', '$uperS3cret_4f9a2c', '$OpenAI', '$$OpenAI:ApiKey', '${env:1BAD}', ' ${env:OPENAI_API_KEY}', '${env:OPENAI_API_KEY}x']) assert.equal(secretInputType(value), 'password', value);
  });

  it('follows the reference grammar exactly (property)', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.constantFrom('${env:A}', '$A:b', '$a:0')), (value) => assert.equal(secretInputType(value) === 'text', isReference(value))));
  });

  it('the secret input decides its type from its value as it is typed, a stored reference included', () => {
    const toolkit = readFileSync(join(__dirname, '..', '..', 'webview-ui', 'toolkit.ts'), 'utf8');
    assert.match(toolkit, /input\.addEventListener\('input', display\)/);
    const form = readFileSync(join(__dirname, '..', '..', 'webview-ui', 'form.ts'), 'utf8');
    assert.doesNotMatch(form, /stored\?\.reference \? 'text' : 'password'/, 'a stored reference is no toolkit text field that would stay unmasked when a key is typed over it');
  });
});
