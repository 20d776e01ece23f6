/**
 * The import plan and its apply, apart from the command that asks: what is created, updated or in
 * conflict, what is refused, which choices a match offers, and that one refused connection stops
 * only itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionStore } from '../../src/domain/store/connectionStore';
import { applyImport, choicesFor, planImport, readPromptflowFile, toConnectionInput } from '../../src/domain/yaml';
import { azureInput, openAiInput } from '../support/fixtures';
import { MemoryState, MemoryVault } from '../support/memoryPorts';

const FILE = [
  'name: openai-prod',
  'type: open_ai',
  'api_key: sk-test-plan-1',
  '---',
  'name: azure-main',
  'type: azure_open_ai',
  'api_key: "<user-input>"',
  'api_base: https://main.openai.azure.com',
  '---',
  'name: fresh',
  'type: open_ai',
  'api_key: ${env:FRESH_KEY}',
  '---',
  'name: broken',
  'type: not_a_type',
].join('\n');

function store(): ConnectionStore {
  return new ConnectionStore({ global: new MemoryState(), secrets: new MemoryVault() });
}

describe('planImport', () => {
  it('creates what nothing matches, updates a match of the same provider, marks another provider’s match a conflict, and lists what is refused', async () => {
    const s = store();
    await s.create(openAiInput({ name: 'OpenAI Prod', alias: 'openai-prod' }));
    await s.create(openAiInput({ name: 'Azure main', alias: 'azure-main' }));
    const plan = planImport(readPromptflowFile('c.yaml', FILE), s.list().connections);
    assert.deepEqual(
      plan.entries.map((e) => [e.connection.alias, e.action, e.target?.alias]),
      [
        ['openai-prod', 'update', 'openai-prod'],
        ['azure-main', 'conflict', 'azure-main'],
        ['fresh', 'create', undefined],
      ],
    );
    assert.deepEqual(
      plan.refused.map((p) => p.document),
      [4],
      'the fourth document is refused',
    );
    assert.equal(plan.literalKeys, true, 'the first document writes its key');
    assert.deepEqual(choicesFor(plan.entries[0]!), ['update', 'copy', 'skip']);
    assert.deepEqual(choicesFor(plan.entries[1]!), ['copy', 'skip'], 'another provider’s connection is never updated');
  });

  it('says no key is written in a file of references and prompts', () => {
    const plan = planImport(readPromptflowFile('c.yaml', 'name: a\ntype: open_ai\napi_key: ${env:A}\n'), []);
    assert.equal(plan.literalKeys, false);
  });
});

describe('applyImport', () => {
  it('stores each answered connection on its own: one refused (alias taken meanwhile) is reported by name, the others are stored', async () => {
    const s = store();
    const read = readPromptflowFile('c.yaml', FILE);
    const [openai, , fresh] = read.connections;
    await s.create(azureInput({ alias: 'fresh', scope: 'global' }));
    const applied = await applyImport(s, [
      { name: openai!.name, input: toConnectionInput(openai!, { scope: 'global' }) },
      { name: fresh!.name, input: toConnectionInput(fresh!, { scope: 'global' }) },
    ]);
    assert.deepEqual(
      applied.stored.map((c) => c.alias),
      ['openai-prod'],
    );
    assert.deepEqual(
      applied.failed.map((f) => f.name),
      ['fresh'],
    );
    assert.equal(s.list().connections.length, 2, 'nothing but the one stored');
  });

  it('updates the matched connection, checking that it did not change meanwhile', async () => {
    const s = store();
    const target = await s.create(openAiInput({ name: 'OpenAI Prod', alias: 'openai-prod' }));
    const [openai] = readPromptflowFile('c.yaml', FILE).connections;
    const input = toConnectionInput(openai!, { scope: 'global', target });
    const applied = await applyImport(s, [{ name: 'OpenAI Prod', target, input }]);
    assert.equal(applied.stored[0]!.id, target.id, 'the same connection, updated');
    const again = await applyImport(s, [{ name: 'OpenAI Prod', target, input }]);
    assert.equal(again.failed.length, 1, 'an update from a stale plan is refused');
  });
});
