import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskSecret } from '../../src/domain/masking';

describe('maskSecret', () => {
  it('shows sk- keys as sk-*** (three real characters at most)', () => {
    assert.equal(maskSecret('sk-test-abcdef123456'), 'sk-***');
    assert.equal(maskSecret('sk-proj-abcdef'), 'sk-***');
  });
  it('shows sk-ant- keys as sk-*** too, never more than three characters', () => {
    assert.equal(maskSecret('sk-ant-api03-abcdef'), 'sk-***');
  });
  it('shows any other literal as *** only', () => {
    assert.equal(maskSecret('AIzaTestKey0000'), '***');
    assert.equal(maskSecret('azure-test-key'), '***');
    assert.equal(maskSecret('abc'), '***');
    assert.equal(maskSecret('sk-'), '***', 'a bare prefix is not a key shape');
  });
  it('shows references as typed, never masked', () => {
    assert.equal(maskSecret('$OpenAI:ApiKey'), '$OpenAI:ApiKey');
    assert.equal(maskSecret('${env:OPENAI_API_KEY}'), '${env:OPENAI_API_KEY}');
  });
  it('masks a literal key that merely starts with $ (not a reference by the grammar)', () => {
    assert.equal(maskSecret('$uperS3cret_4f9a2c'), '***');
  });
  it('shows nothing for an empty value', () => {
    assert.equal(maskSecret(''), '');
  });
});
