import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

const RESTRICTED_MESSAGE = 'Testing connections is off in Restricted Mode. Trust this workspace to test connections.';
import { Command } from '../../src/ui/commands/ids';
import { reportingHandler } from '../../src/ui/commands/runCommand';
import { runTestAll } from '../../src/ui/commands/testCommands';
import { inertUi } from '../../src/ui/inertUi';
import { FakeUi, MemoryLogger } from '../support/fakeUi';
import { openAIServerForSuite } from '../support/openaiServer';
import { harness } from '../support/uiHarness';
import { NOTIFICATION_LINK } from '../support/inertPatterns';

const KEY = 'sk-test-ui-7Hq2Lw9Zp4Xc';
const OTHER_HOST = "The URL now points at another host than the saved one, so the stored key isn't sent there. Type the key again to use it with the new host.";
const LITERAL_DOLLAR = '$uperS3cret_ui_8c1e';
const { suite, input } = openAIServerForSuite(KEY);

describe('form host', () => {
  it('save sends the version the form edited: a change made meanwhile in another window is not overwritten', async () => {
    const h = harness();
    const created = await h.store.create(input());
    h.forms.open(created);
    const session = h.forms.session(created.id)!;
    // Another window renames it after this form opened.
    const other = harness({ global: h.global, secrets: h.secrets });
    await other.store.update(created.id, input({ name: 'Renamed elsewhere' }, { apiKey: '' }));
    await session.receive({ type: 'save', requestId: 1, input: input({ name: 'Mine' }, { apiKey: '' }) });
    const answer = h.views.last.last('saveResult')!;
    assert.equal(answer.ok, false);
    assert.match(answer.message!, /changed in another window/);
    assert.equal(h.store.get(created.id)!.name, 'Renamed elsewhere');
  });

  it('tells the form which secrets are stored, sending a reference as typed and never a literal (even one starting with $)', async () => {
    const h = harness();
    const created = await h.store.create(input({}, { apiKey: LITERAL_DOLLAR }));
    const custom = await h.store.create({ providerId: 'custom', name: 'Custom', alias: 'custom', scope: 'global', isActive: true, values: { configs: { region: 'eu' }, secrets: { api_key: KEY, ref: '${env:SOME_KEY}' } } });
    h.forms.open(created);
    await h.forms.session(created.id)!.receive({ type: 'ready' });
    const init = h.views.last.last('init')!;
    assert.deepEqual(init.storedSecrets, { apiKey: {} });
    h.forms.open(custom);
    await h.forms.session(custom.id)!.receive({ type: 'ready' });
    assert.deepEqual(h.views.last.last('init')!.storedSecrets, { 'secrets.api_key': {}, 'secrets.ref': { reference: '${env:SOME_KEY}' } });
    const everything = JSON.stringify(h.views.views.map((v) => v.posted));
    assert.ok(!everything.includes(LITERAL_DOLLAR) && !everything.includes(KEY));
  });

  it('a form test in Restricted Mode is answered with the reason, and nothing is read, resolved or sent', async () => {
    const h = harness({ trusted: false, env: { SOME_KEY: KEY } });
    const created = await h.store.create(input({}, { apiKey: '${env:SOME_KEY}' }));
    h.forms.open(created);
    const before = suite.server.requests.length;
    const reads = h.secrets.reads;
    await h.forms.session(created.id)!.receive({ type: 'test', requestId: 7, input: input({}, { apiKey: '' }) });
    assert.deepEqual(h.views.last.last('testResult'), { type: 'testResult', requestId: 7, errors: { form: RESTRICTED_MESSAGE } });
    assert.equal(suite.server.requests.length, before);
    assert.equal(h.secrets.reads, reads, 'no secret was read');
    await h.forms.session(created.id)!.receive({ type: 'test', requestId: 8, input: input({}, { apiKey: 'typed-key' }) });
    assert.equal(suite.server.requests.length, before, 'a typed key is not sent either');
  });

  it('uses the stored key only while the URL still points at the saved host', async () => {
    const h = harness();
    const created = await h.store.create(input());
    const session = (h.forms.open(created), h.forms.session(created.id)!);
    await session.receive({ type: 'test', requestId: 1, input: input({}, { apiKey: '' }) });
    assert.equal(h.views.last.last('testResult')!.result?.success, true);
    const moved = suite.server.baseUrl.replace('127.0.0.1', 'localhost');
    const before = suite.server.requests.length;
    await session.receive({ type: 'test', requestId: 2, input: input({}, { apiKey: '', baseUrl: moved }) });
    assert.deepEqual(h.views.last.last('testResult'), { type: 'testResult', requestId: 2, errors: { apiKey: OTHER_HOST } });
    assert.equal(suite.server.requests.length, before, 'nothing sent to the new host');
    await session.receive({ type: 'test', requestId: 3, input: input({}, { apiKey: KEY, baseUrl: moved }) });
    assert.equal(h.views.last.last('testResult')!.result?.success, true, 'a key typed again is used');
  });

  it('refuses to save a kept key for a new host: the key field asks for the key again, nothing changes', async () => {
    const h = harness();
    const created = await h.store.create(input());
    const session = (h.forms.open(created), h.forms.session(created.id)!);
    await session.receive({ type: 'save', requestId: 1, input: input({}, { apiKey: '', baseUrl: 'http://attacker.example:8080/v1' }) });
    const answer = h.views.last.last('saveResult')!;
    assert.equal(answer.ok, false);
    assert.deepEqual(answer.errors, { apiKey: OTHER_HOST });
    assert.equal(h.store.get(created.id)!.settings.baseUrl, created.settings.baseUrl);
    // The same host keeps the key.
    await session.receive({ type: 'save', requestId: 2, input: input({}, { apiKey: '', baseUrl: `${created.settings.baseUrl as string}/` }) });
    assert.equal(h.views.last.last('saveResult')!.ok, true);
    assert.deepEqual(await h.store.readSecrets(h.store.get(created.id)!), { apiKey: KEY });
  });

  it('answers every save and test, even when the message is invalid or the result is out of bounds', async () => {
    const h = harness();
    h.forms.open();
    const session = h.forms.session('new')!;
    await session.receive({ type: 'save', requestId: 4, input: { providerId: 'openai' } });
    assert.equal(h.views.last.last('saveResult')!.requestId, 4);
    await session.receive({ type: 'test', requestId: 5, input: input({}, { apiKey: 'x'.repeat(2 * 1024 * 1024) }) });
    assert.equal(h.views.last.last('testResult')!.requestId, 5);
    // A provider's result that can't be shown still gets an answer.
    const forms = h.forms as unknown as { actions: { test: unknown } };
    forms.actions.test = async () => ({ result: { success: false, errorKind: 'server', message: { code: 'testing.reason', text: 'x'.repeat(5000) }, latencyMs: -1, testedAt: new Date().toISOString() } });
    await session.receive({ type: 'test', requestId: 6, input: input() });
    assert.equal(h.views.last.last('testResult')!.requestId, 6);
    assert.ok(h.views.last.last('testResult')!.errors.form);
  });
});

describe('commands', () => {
  it('Test Connection in Restricted Mode refuses before asking anything, and says how to trust', async () => {
    const h = harness({ trusted: false });
    await h.store.create(input());
    const before = suite.server.requests.length;
    h.ui.answers = ['Manage Workspace Trust'];
    await h.commands[Command.testConnection]!();
    assert.equal(h.ui.of('pick').length, 0, 'no picker before the refusal');
    assert.equal(h.ui.of('info')[0]!.text, RESTRICTED_MESSAGE);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      h.ui.commands.map((c) => c.command),
      ['workbench.trust.manage'],
    );
    await h.commands[Command.showModels]!();
    await h.commands[Command.testAll]!();
    assert.equal(suite.server.requests.length, before);
    assert.equal(h.ui.of('pick').length, 0);
  });

  it('no failure of a handler escapes unreported: logged and shown, and VS Code gets undefined', async () => {
    const logger = new MemoryLogger();
    const ui = new FakeUi();
    const handler = reportingHandler(
      'aiConnections.x',
      async () => {
        throw new Error('Disk full [fix](command:evil)');
      },
      logger,
      ui,
    );
    assert.equal(await handler(), undefined);
    assert.deepEqual(logger.lines, ['error aiConnections.x: Disk full [fix](command:evil)']);
    assert.equal(ui.of('error')[0]!.text, 'Disk full [fix](command:evil)');
    const h = harness();
    const created = await h.store.create(input());
    h.global.failNextUpdate = new Error('state write refused');
    assert.equal(await h.commands[Command.disableConnection]!(created.id), undefined);
    assert.match(h.ui.of('error')[0]!.text, /state write refused/);
  });

  it("a provider's words reach notifications as plain text: no link, no icon", async () => {
    const shown: string[] = [];
    const raw = new FakeUi();
    const ui = inertUi(raw);
    await ui.error("'Prod' failed its test: Invalid key. [Fix it](command:workbench.action.terminal.sendSequence) $(alert)");
    await ui.pick([{ label: '$(sync~spin) gpt-[x](command:y)', description: '[d](https://evil.example)' }], { placeHolder: 'p' });
    ui.flash('copy', "Copied model id '[x](command:y)'");
    for (const s of raw.shown) shown.push(s.text);
    for (const text of shown) {
      assert.equal(text.replace(/^\$\(copy\) /, '').match(NOTIFICATION_LINK), null, text);
      assert.ok(!/\$\((?!copy\))/.test(text), text);
    }
  });

  it('Delete tells the user when a key could not be removed (it is listed and retried)', async () => {
    const h = harness();
    const created = await h.store.create(input());
    h.secrets.refuse('delete', new Error('keyring locked'));
    h.ui.answers = ['Delete'];
    await h.commands[Command.deleteConnection]!(created.id);
    assert.equal(h.store.get(created.id), undefined);
    const warning = h.ui.of('warn')[0];
    assert.ok(warning, h.ui.everything);
    assert.ok(!warning.text.includes(KEY));
    assert.equal(h.store.orphanedSecrets().length, 1);
    h.secrets.clearFailures();
    await h.store.retryOrphanedSecrets();
    assert.deepEqual(h.store.orphanedSecrets(), []);
  });

  it('Show Models lists the ids a server sent, inert, and copies the exact id picked', async () => {
    const h = harness();
    const created = await h.store.create(input());
    h.ui.choose = (items) => items[0];
    await h.commands[Command.showModels]!(created.id);
    assert.deepEqual(h.ui.copied, ['gpt-4o']);
  });
});

describe('the words of the connection commands and the form host (English)', () => {
  it('Delete asks in whole sentences, and offers Disable Instead for an active connection', async () => {
    const h = harness();
    const created = await h.store.create(input({ name: 'Prod', alias: 'prod' }));
    h.ui.answers = ['Disable Instead'];
    await h.commands[Command.deleteConnection]!(created.id);
    const asked = h.ui.of('confirm')[0]!;
    assert.equal(asked.text, "Delete 'Prod'? Anything that uses alias 'prod' will stop working. Disable it instead to keep its settings.");
    assert.deepEqual(asked.actions, ['Delete', 'Disable Instead']);
    assert.equal(h.store.get(created.id)!.isActive, false);
    h.ui.answers = ['Delete'];
    await h.commands[Command.deleteConnection]!(created.id);
    assert.equal(h.ui.of('confirm')[1]!.text, "Delete 'Prod'? Anything that uses alias 'prod' will stop working.");
    assert.deepEqual(
      h.ui.of('flash').map((f) => f.text),
      ["$(trash) Deleted connection 'Prod'"],
    );
  });

  it('the picker tells the scope and a disabled state; Duplicate offers Edit', async () => {
    const h = harness();
    const created = await h.store.create(input({ name: 'Prod', alias: 'prod', isActive: false }));
    await h.commands[Command.copyAlias]!();
    assert.match(h.ui.of('pick')[0]!.text, /^ Select a connection to copy its alias \| Prod prod · OpenAI Global · disabled$/);
    h.ui.answers = ['Edit'];
    await h.commands[Command.duplicateConnection]!(created.id);
    const copy = h.store.list().connections.find((c) => c.id !== created.id)!;
    assert.equal(h.ui.of('info')[0]!.text, `Duplicated 'Prod' as '${copy.alias}'.`);
    assert.equal(h.views.last.title, `Edit: ${copy.name}`);
  });

  it('a form closed with unsaved changes offers to reopen it; Cancel asks before discarding', async () => {
    const h = harness();
    h.forms.open();
    const session = h.forms.session('new')!;
    await session.receive({ type: 'dirty', dirty: true, draft: input({ name: '' }, { apiKey: '' }) });
    h.ui.answers = [undefined];
    await session.receive({ type: 'cancel' });
    assert.equal(h.ui.of('confirm')[0]!.text, 'Discard your unsaved changes?');
    assert.deepEqual(h.ui.of('confirm')[0]!.actions, ['Discard']);
    h.views.last.close();
    assert.equal(h.ui.of('warn')[0]!.text, "The form for 'the new connection' was closed with unsaved changes.");
    assert.deepEqual(h.ui.of('warn')[0]!.actions, ['Reopen']);
  });
});

describe('Test All runs once at a time', () => {
  it('a second request while a run is going shows it and offers Cancel; the finished run never clears a newer one', async () => {
    const h = harness();
    await h.store.create(input());
    suite.server.delayMs = 300;
    try {
      const first = runTestAll(h.testContext);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(h.statusBar.running.running, true);
      h.ui.answers = ['Cancel Test All'];
      const second = runTestAll(h.testContext);
      await second;
      await first;
      const notice = h.ui.of('info').find((s) => /already running/.test(s.text));
      assert.ok(notice, h.ui.everything);
      assert.deepEqual(notice.actions, ['Cancel Test All']);
      assert.equal(h.ui.of('progress').filter((p) => p.text === 'Testing AI connections').length, 1, 'one run only');
      assert.ok(
        h.ui.of('flash').some((f) => /cancelled/.test(f.text)),
        'the run was cancelled',
      );
      assert.equal(h.statusBar.running.running, false);
    } finally {
      suite.server.delayMs = 0;
    }
    // An old run's end can't clear a newer run's spinner.
    const state = () => h.statusBar.running;
    const older = h.statusBar.begin(3);
    const newer = h.statusBar.begin(5);
    older.end();
    assert.deepEqual(state(), { running: true, done: 0, total: 5 });
    older.progress(3, 3);
    assert.deepEqual(state(), { running: true, done: 0, total: 5 });
    newer.end();
    assert.deepEqual(state(), { running: false });
  });
});
