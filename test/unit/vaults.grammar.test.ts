import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isReference, parseReference } from '../../src/domain/references';
import { parseVaultReference } from '../../src/domain/vaults/grammar';

describe('vault references: the grammar', () => {
  it('reads each documented form', () => {
    assert.deepEqual(parseReference('op://Team/OpenAI/credential'), { kind: 'vault', vault: 'onePassword', text: 'op://Team/OpenAI/credential', item: 'op://Team/OpenAI/credential' });
    assert.equal(parseVaultReference('op://Team Vault/OpenAI key/API section/credential')?.vault, 'onePassword');
    assert.equal(parseVaultReference('op://Private/GitHub/one-time password?attribute=otp')?.vault, 'onePassword');
    assert.deepEqual(parseReference('${pass:team/openai}'), { kind: 'vault', vault: 'pass', text: '${pass:team/openai}', item: 'team/openai' });
    assert.deepEqual(parseReference('${gopass:work/ai/anthropic}'), { kind: 'vault', vault: 'gopass', text: '${gopass:work/ai/anthropic}', item: 'work/ai/anthropic' });
    assert.deepEqual(parseReference('${vault:secret/team/openai#api_key}'), { kind: 'vault', vault: 'hashicorp', text: '${vault:secret/team/openai#api_key}', mount: 'secret', item: 'team/openai', field: 'api_key' });
    assert.deepEqual(parseReference('${azkv:team-vault/openai-key}'), { kind: 'vault', vault: 'azureKeyVault', text: '${azkv:team-vault/openai-key}', host: 'team-vault.vault.azure.net', item: 'openai-key' });
    assert.deepEqual(parseReference('${azkv:Team-Vault.vault.azure.cn/openai-key/0123456789abcdef0123456789abcdef}'), {
      kind: 'vault',
      vault: 'azureKeyVault',
      text: '${azkv:Team-Vault.vault.azure.cn/openai-key/0123456789abcdef0123456789abcdef}',
      host: 'team-vault.vault.azure.cn',
      item: 'openai-key',
      version: '0123456789abcdef0123456789abcdef',
    });
    assert.deepEqual(parseReference('${command:corp-openai}'), { kind: 'vault', vault: 'command', text: '${command:corp-openai}', item: 'corp-openai' });
  });

  it('leaves near misses as literal keys: nothing that merely looks like a reference is read', () => {
    for (const literal of [
      'op://Team/OpenAI',
      'op://Team/a/b/c/d',
      'op://Team/Open$AI/credential',
      'op:/Team/OpenAI/credential',
      ' op://Team/OpenAI/credential',
      '${pass:}',
      '${pass:../etc/passwd}',
      '${pass:team/../../x}',
      '${pass:-rf}',
      '${pass:team/-x}',
      '${pass:team//x}',
      '${pass: team}',
      '${pass:team;rm}',
      '${gopass:team/$(id)}',
      '${vault:secret/openai}',
      '${vault:secret#key}',
      '${vault:secret/x#}',
      '${azkv:ab/key}',
      '${azkv:team-vault.example.com/key}',
      '${azkv:team-vault/key_with_underscore}',
      '${azkv:team-vault/key/notahexversion}',
      '${command:}',
      '${command:a b}',
      '${command:/usr/bin/x}',
      '${PASS:team}',
      'sk-proj-abc${pass:x}',
    ]) {
      assert.equal(parseReference(literal), undefined, literal);
    }
  });

  it('never takes a key-shaped literal for a reference (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^(sk-|sk-ant-|AIza|\$)[A-Za-z0-9_\-$:{}/#.]{0,60}$/)), (value) => {
        const reference = parseVaultReference(value);
        if (!reference) return;
        // Whatever parses is one of the exact forms, and names no option and no parent folder.
        assert.match(value, /^(op:\/\/|\$\{(pass|gopass|vault|azkv|command):)/, value);
        assert.ok(!/(^|\/)\.\.?(\/|$|\})/.test(reference.item), `no . or .. in ${value}`);
        assert.ok(!reference.item.startsWith('-'), `no option in ${value}`);
      }),
      { numRuns: 2000, seed: 2112 },
    );
  });

  it('is at most 256 characters, like every reference', () => {
    assert.equal(isReference(`\${pass:${'a'.repeat(240)}}`), true);
    assert.equal(isReference(`\${pass:${'a'.repeat(260)}}`), false);
  });
});
