/**
 * The turns of the UI flows a user meets: a form closed on purpose or by accident, what a save
 * tells the rest of the window, the double click that opens a connection, the Test All summary,
 * and an import whose placeholder URL is left empty.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '../../src/domain/connection';
import { Command } from '../../src/ui/commands/ids';
import { runTestAll } from '../../src/ui/commands/testCommands';
import { yamlLabels } from '../../src/ui/commands/yamlCommands';
import { ConnectionForms } from '../../src/ui/form/connectionForms';
import { buildTree } from '../../src/views/connectionTreeModel';
import { FakeFormViews } from '../support/fakeForms';
import { openAIServerForSuite } from '../support/openaiServer';
import { harness } from '../support/uiHarness';

const KEY = 'sk-test-flows-3Jx8Qm2Rv6';
const { suite, input } = openAIServerForSuite(KEY);
const REOPEN_OFFER = /was closed with unsaved changes/;

describe('a form closed on purpose', () => {
  it('offers Reopen only when the user closed a form with unsaved changes, not after Cancel → Discard, Delete or a deleted connection', async () => {
    const h = harness();
    const reopenOffers = () => h.ui.of('warn').filter((w) => REOPEN_OFFER.test(w.text));
    const dirty = input({ name: 'Half typed' }, { apiKey: '' });

    // Closing the tab with unsaved changes: the draft can be reopened.
    h.forms.open();
    await h.forms.session('new')!.receive({ type: 'dirty', dirty: true, draft: dirty });
    h.views.last.close();
    assert.deepEqual(
      reopenOffers().map((w) => w.actions),
      [['Reopen']],
      'closed by the user: offered',
    );

    // Cancel, then Discard: the user threw the changes away.
    h.forms.open();
    await h.forms.session('new')!.receive({ type: 'dirty', dirty: true, draft: dirty });
    h.ui.answers = ['Discard'];
    await h.forms.session('new')!.receive({ type: 'cancel' });
    assert.equal(h.views.last.disposed, true, 'Discard closes the form');

    // Delete from the form of a connection with unsaved changes.
    const deleted = await h.store.create(input({ name: 'To delete', alias: 'to-delete' }));
    h.forms.open(deleted);
    await h.forms.session(deleted.id)!.receive({ type: 'dirty', dirty: true, draft: input({ name: 'Edited' }, { apiKey: '' }) });
    h.ui.answers = ['Delete'];
    await h.forms.session(deleted.id)!.receive({ type: 'delete' });
    assert.equal(h.store.get(deleted.id), undefined);
    assert.equal(h.views.last.disposed, true, 'Delete closes the form');

    // The connection is deleted from the tree while its form has unsaved changes.
    const other = await h.store.create(input({ name: 'Deleted elsewhere', alias: 'deleted-elsewhere' }));
    h.forms.open(other);
    await h.forms.session(other.id)!.receive({ type: 'dirty', dirty: true, draft: input({ name: 'Edited' }, { apiKey: '' }) });
    h.ui.answers = ['Delete'];
    await h.commands[Command.deleteConnection]!(other.id);
    assert.equal(h.views.last.disposed, true, "the deleted connection's form is closed");

    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reopenOffers().length, 1, `no Reopen after closing on purpose: ${h.ui.everything}`);
  });
});

describe('a form save', () => {
  it('tells the window what was saved and whether it is new (the tree reveals it, a new one offers Open in Chat); not when the save failed', async () => {
    const h = harness();
    const saved: [string, boolean][] = [];
    const views = new FakeFormViews();
    const forms = new ConnectionForms(views, h.store, h.logger, h.ui, {
      deleteConnection: async () => false,
      saved: (connection: Connection, created: boolean) => saved.push([connection.name, created]),
      test: (candidate, existingId) => h.service.testInput(candidate, existingId),
    });
    forms.open();
    await forms.session('new')!.receive({ type: 'save', requestId: 1, input: input({ name: 'Fresh', alias: 'fresh' }) });
    assert.equal(views.last.last('saveResult')!.ok, true);
    assert.deepEqual(saved, [['Fresh', true]], 'a new connection');
    const fresh = h.store.list().connections.find((c) => c.alias === 'fresh')!;
    forms.open(fresh);
    await forms.session(fresh.id)!.receive({ type: 'save', requestId: 2, input: input({ name: 'Fresh, renamed', alias: 'fresh' }, { apiKey: '' }) });
    assert.deepEqual(
      saved,
      [
        ['Fresh', true],
        ['Fresh, renamed', false],
      ],
      'an edited one',
    );
    forms.open();
    await forms.session('new')!.receive({ type: 'save', requestId: 3, input: input({ name: 'Taken', alias: 'fresh' }) });
    assert.equal(views.last.last('saveResult')!.ok, false, 'the alias is taken');
    assert.equal(saved.length, 2, 'nothing to tell after a failed save');
  });
});

describe('opening a connection from the tree', () => {
  it('takes a double click (two opens within half a second on the same item) unless VS Code opens on one', async (t) => {
    const h = harness();
    const first = await h.store.create(input({ name: 'First', alias: 'first' }));
    await h.store.create(input({ name: 'Second', alias: 'second' }));
    const nodes = buildTree(h.store.list(), { workspaceAvailable: true }).flatMap((g) => g.children);
    const node = (name: string) => nodes.find((n) => n.label === name)!;
    let now = 1_000_000;
    t.mock.method(Date, 'now', () => now);
    const click = async (name: string, afterMs: number) => {
      now += afterMs;
      await h.commands[Command.activateItem]!(node(name));
    };
    const opened = () => h.views.views.map((v) => v.title);

    await click('First', 0);
    assert.deepEqual(opened(), [], 'one click selects only');
    await click('First', 600);
    assert.deepEqual(opened(), [], 'two clicks 600 ms apart are two single clicks');
    await click('Second', 100);
    assert.deepEqual(opened(), [], 'two clicks on different items');
    await click('First', 100);
    await click('First', 499);
    assert.deepEqual(opened(), ['Edit: First'], 'a double click opens the form');
    h.forms.close(first.id);
    await click('First', 100);
    assert.deepEqual(opened(), ['Edit: First'], 'the click after a double click starts over');

    h.workbench.openMode = () => 'doubleClick';
    await click('Second', 5_000);
    assert.deepEqual(opened(), ['Edit: First', 'Edit: Second'], 'with openMode doubleClick, VS Code already asked for two');
  });
});

describe('Test All', () => {
  it('a single failure among the connections is reported too, with Show Log', async () => {
    const h = harness();
    await h.store.create(input({ name: 'Works', alias: 'works' }));
    await h.store.create(input({ name: 'Wrong key', alias: 'wrong-key' }, { apiKey: 'sk-test-flows-wrong-000000' }));
    await runTestAll(h.testContext);
    const summary = h.ui.of('warn');
    assert.deepEqual(
      summary.map((w) => [w.text, w.actions]),
      [['1 of 2 connections failed their test. Hover the status bar item for the reasons.', ['Show Log']]],
      h.ui.everything,
    );
    assert.ok(suite.server.requests.length >= 2, 'both were tested');
  });
});

describe('Import from YAML… with a placeholder URL', () => {
  const { IMPORT } = yamlLabels();
  const AZURE = 'name: open_ai_connection\ntype: azure_open_ai\napi_key: "<user-input>"\napi_base: "aoai-api-endpoint"\napi_type: "azure"\n';

  for (const [what, answer] of [
    ['empty', ''],
    ['blank', '   '],
  ] as const) {
    it(`a required URL answered ${what} imports nothing, and asks nothing more`, async () => {
      const h = harness();
      h.documents.put('file:///w/azure.yaml', AZURE);
      h.ui.answers = [IMPORT];
      h.documents.answers = [answer, 'typed-key-123456'];
      await h.commands[Command.importYaml]({ fakeUri: 'file:///w/azure.yaml' });
      assert.deepEqual(
        h.ui.of('warn').map((w) => w.text),
        ["No URL for api_base of 'open_ai_connection'. Nothing was imported."],
        h.ui.everything,
      );
      assert.equal(h.documents.inputs.length, 1, 'the key is not asked for');
      assert.equal(h.store.list().connections.length, 0);
    });
  }

  it('an optional URL left empty keeps the provider default', async () => {
    const h = harness();
    h.documents.put('file:///w/openai.yaml', 'name: pf_openai\ntype: open_ai\napi_key: "<user-input>"\nbase_url: "your-base-url"\n');
    h.ui.answers = [IMPORT];
    h.documents.answers = ['', 'typed-key-123456'];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/openai.yaml' });
    assert.equal(h.ui.of('warn').length, 0, h.ui.everything);
    const [stored] = h.store.list().connections;
    assert.equal(stored?.alias, 'pf_openai');
    assert.equal(stored.settings.baseUrl, 'https://api.openai.com/v1', "OpenAI's own, not the placeholder");
  });
});
