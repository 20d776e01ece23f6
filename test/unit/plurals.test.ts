/**
 * Counts read as English counts: one model is "1 model", never "1 models", in the test's
 * notification, the form's Test line, the tree's tooltip, the status bar's tooltip and a dotenv
 * import's name prompt.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestResult } from '../../src/domain/testing/result';
import { Command } from '../../src/ui/commands/ids';
import { connectionTooltip } from '../../src/views/connectionTreeModel';
import { statusView } from '../../src/views/statusModel';
import { formStrings } from '../../src/ui/text/form';
import { testWorksText } from '../../webview-ui/strings';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { harness } from '../support/uiHarness';

const result = (modelCount: number): TestResult => ({ success: true, latencyMs: 120, modelCount, testedAt: '2026-01-01T00:00:00.000Z' });

let ollama: FakeProvider;
before(async () => {
  ollama = await startFakeProvider('ollama');
});
after(() => ollama.close());

describe('counts of one read in the singular', () => {
  it("a test that lists one model says '1 model'", async () => {
    const h = harness();
    const created = await h.store.create({ providerId: 'ollama', name: 'Local', alias: 'local', scope: 'global', isActive: true, values: { baseUrl: ollama.baseUrl } });
    await h.commands[Command.testConnection]!(created.id);
    assert.match(h.ui.of('info')[0]!.text, /^'Local' works: 1 model, \d+ ms\.$/);
  });

  it("the form's Test line says 1 model, and models for any other count", () => {
    const strings = formStrings();
    assert.equal(testWorksText(strings, 1, 120), 'Works: 1 model, 120 ms.');
    assert.equal(testWorksText(strings, 2, 80), 'Works: 2 models, 80 ms.');
    assert.equal(testWorksText(strings, 0, 80), 'Works: 0 models, 80 ms.');
  });

  it('the tree and the status bar tooltips say 1 model, and 2 models for two', async () => {
    const h = harness();
    const created = await h.store.create({ providerId: 'ollama', name: 'Local', alias: 'local', scope: 'global', isActive: true, values: { baseUrl: ollama.baseUrl } });
    assert.match(connectionTooltip(created, {}, result(1)).replace(/\\/g, ''), /✓ 120 ms, 1 model \(/);
    assert.match(connectionTooltip(created, {}, result(2)).replace(/\\/g, ''), /✓ 120 ms, 2 models \(/);
    assert.match(statusView([created], new Map([[created.id, result(1)]]), { running: false }).tooltip, /\| 120 ms \| 1 model \|/);
    assert.match(statusView([created], new Map([[created.id, result(2)]]), { running: false }).tooltip, /\| 120 ms \| 2 models \|/);
  });

  it('a dotenv file with one key says its one key becomes a secret', async () => {
    const h = harness();
    h.documents.put('file:///w/prod.env', 'TOKEN=abc\n');
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/prod.env' });
    assert.equal(h.documents.inputs[0]!.prompt, "The connection's name (as pf connection create -f prod.env --name takes it); its one key becomes a secret");
  });
});
