import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { Command } from '../../src/ui/commands/ids';
import { previewText } from '../../src/ui/commands/yamlCommands';
import { readPromptflowFile } from '../../src/domain/yaml';
import { yamlLabels } from '../../src/ui/commands/yamlCommands';
import { harness } from '../support/uiHarness';
import { inertUi } from '../../src/ui/inertUi';
import { openAiInput } from '../support/fixtures';
import { FakeUi } from '../support/fakeUi';

const { COPY, ENV_STYLE, IMPORT, IMPORT_AND_REFERENCE, IMPORT_AS_REFERENCES, IMPORT_TO_WORKSPACE, SET_VALUES, SKIP, UPDATE, USER_INPUT_STYLE } = yamlLabels();

const AZURE = ['$schema: https://azuremlschemas.azureedge.net/promptflow/latest/AzureOpenAIConnection.schema.json', 'name: open_ai_connection', 'type: azure_open_ai', 'api_key: "<user-input>"', 'api_base: "aoai-api-endpoint"', 'api_type: "azure"', ''].join('\n');

const CUSTOM = 'name: my_custom\ntype: custom\nconfigs:\n  key1: v\nsecrets:\n  key2: literal-secret-value-42\n';

describe('Import from YAML…', () => {
  it('asks with the information icon, not a warning, listing one connection per line with its details indented beneath, as the dialog shows them', async () => {
    const h = harness();
    h.documents.put('file:///w/two.yaml', 'name: pf_first\ntype: open_ai\napi_key: "<user-input>"\nbase_url: https://gw.example/v1\n---\nname: pf_second\ntype: open_ai\napi_key: ${env:OPENAI_API_KEY}\n---\nname: bad\ntype: open_ai\napi_key: a\napi_key: b\n');
    h.ui.answers = [undefined];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/two.yaml' });
    assert.equal(h.ui.of('confirm').length, 0, 'not a warning');
    const preview = h.ui.of('ask')[0]!;
    assert.equal(preview.text, 'Import 2 connections from two.yaml?');
    // What VS Code's dialog is given, through the Ui every command gets.
    const shown = new FakeUi();
    await inertUi(shown).ask(preview.text, { detail: preview.detail! }, ...preview.actions);
    assert.deepEqual(shown.shown[0]!.detail!.split('\n'), [
      "Create 'pf_first' (pf_first · OpenAI)",
      '  requests go to: gw.example',
      '  api_key: asked for now (<user-input>)',
      "Create 'pf_second' (pf_second · OpenAI)",
      '  requests go to: api.openai.com',
      '  api_key: stays the reference ${env:OPENAI_API_KEY}',
      '',
      'Not imported:',
      '  two.yaml, document 3, line 13: api_key appears twice; give each key once.',
      '',
      'New connections are global (every window) unless you import them into this workspace.',
    ]);
    assert.equal(h.store.list().connections.length, 0, 'dismissed: nothing stored');
  });

  it('asks Update, Import as a Copy or Skip as a plain question too', async () => {
    const h = harness();
    await h.store.create(openAiInput({ name: 'pf_first', alias: 'pf_first' }, { apiKey: 'sk-test-stored-0000000001', baseUrl: 'https://gw.example/v1' }));
    h.documents.put('file:///w/one.yaml', 'name: pf_first\ntype: open_ai\napi_key: "******"\nbase_url: https://gw.example/v1\n');
    h.ui.answers = [IMPORT, SKIP];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/one.yaml' });
    assert.deepEqual(
      h.ui.shown.filter((s) => s.kind === 'ask' || s.kind === 'confirm').map((s) => [s.kind, s.actions]),
      [
        ['ask', [IMPORT, IMPORT_TO_WORKSPACE, SET_VALUES]],
        ['ask', [UPDATE, COPY, SKIP]],
      ],
    );
  });

  it('previews, asks for the <user-input> key and the placeholder URL, then stores', async () => {
    const h = harness();
    h.documents.put('file:///w/azure.yaml', AZURE);
    h.ui.answers = [IMPORT];
    h.documents.answers = ['https://r.openai.azure.com', 'typed-key-123456'];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/azure.yaml' });
    const preview = h.ui.of('ask')[0]!;
    assert.equal(preview.text, "Import 'open_ai_connection' from azure.yaml?");
    assert.deepEqual(preview.actions, [IMPORT, IMPORT_TO_WORKSPACE, SET_VALUES]);
    // The URL first: whether a stored key may be kept depends on where it would go.
    assert.deepEqual(
      h.documents.inputs.map((i) => [i.prompt.split(' ')[0], i.password === true]),
      [
        ['api_base:', false],
        ['api_key', true],
      ],
    );
    const [c] = h.store.list().connections;
    assert.equal(c!.providerId, 'azure-openai');
    assert.equal(c!.settings.endpoint, 'https://r.openai.azure.com');
    assert.deepEqual(await h.store.readSecrets(c!), { apiKey: 'typed-key-123456' });
    assert.ok(!h.ui.everything.includes('typed-key-123456'));
  });

  it('previews every secret rule, kept keys and refusals, never a key', () => {
    const read = readPromptflowFile(
      'p.yaml',
      'name: a\ntype: open_ai\napi_key: sk-literal-0000000000\ntemperature: "0.2"\n---\nname: b\ntype: azure_open_ai\napi_key: "<user-input>"\napi_base: endpoint\n---\nname: c\ntype: custom\nsecrets:\n  k: ${env:K}\n  j: "******"\n',
    );
    const text = previewText(
      read.connections.map((connection) => ({ connection, choice: 'create' as const })),
      ['p.yaml, document 4, line 9: something'],
    );
    assert.ok(!text.includes('sk-literal'));
    assert.equal(
      text,
      [
        "Create 'a' (a · OpenAI)",
        '  requests go to: api.openai.com',
        '  api_key: a key in the file, stored in secret storage',
        '  kept as they are: temperature',
        "Create 'b' (b · Azure OpenAI)",
        '  api_key: asked for now (<user-input>)',
        '  api_base: not a URL in the file, asked for now',
        "Create 'c' (c · Custom)",
        '  secrets.k: stays the reference ${env:K}',
        '  secrets.j: missing, asked for now',
        '',
        'Not imported:',
        '  p.yaml, document 4, line 9: something',
      ].join('\n'),
    );
  });

  it('imports into the workspace when chosen', async () => {
    const h = harness();
    h.documents.put('file:///w/c.yaml', CUSTOM);
    h.ui.answers = [IMPORT_TO_WORKSPACE];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/c.yaml' });
    assert.deepEqual(
      h.store.list().connections.map((c) => c.scope),
      ['workspace'],
    );
  });

  it('stores nothing when the password prompt is dismissed, or the preview is', async () => {
    const h = harness();
    h.documents.put('file:///w/azure.yaml', AZURE);
    h.ui.answers = [IMPORT];
    h.documents.answers = ['https://r.openai.azure.com', undefined];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/azure.yaml' });
    assert.equal(h.store.list().connections.length, 0);
    assert.equal(h.secrets.data.size, 0);
    assert.match(h.ui.of('warn')[0]!.text, /No value for api_key .*Nothing was imported/);
    h.ui.answers = [undefined];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/azure.yaml' });
    assert.equal(h.store.list().connections.length, 0);
  });

  it('takes --set values from the preview, as pf connection create --set', async () => {
    const h = harness();
    h.documents.put('file:///w/azure.yaml', AZURE);
    h.ui.answers = [SET_VALUES, IMPORT];
    h.documents.answers = ['api_base=https://set.openai.azure.com api_key=${env:AOAI_KEY}'];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/azure.yaml' });
    const [c] = h.store.list().connections;
    assert.equal(c!.settings.endpoint, 'https://set.openai.azure.com');
    assert.deepEqual(await h.store.readSecrets(c!), { apiKey: '${env:AOAI_KEY}' });
    assert.equal(h.documents.inputs.length, 1, 'nothing left to ask');
  });

  it('offers Update / Import as a Copy / Skip for a connection of the same name, keeping stored secrets on ******', async () => {
    const h = harness();
    h.documents.put('file:///w/c.yaml', CUSTOM);
    h.ui.answers = [IMPORT];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/c.yaml' });
    const first = h.store.list().connections[0]!;
    h.documents.put('file:///w/u.yaml', 'name: my_custom\ntype: custom\nconfigs:\n  key1: new_value\nsecrets:\n  key2: "******"\n');
    h.ui.answers = [IMPORT, UPDATE];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/u.yaml' });
    assert.match(h.ui.of('ask').at(-1)!.text, /already exists/);
    assert.deepEqual(h.ui.of('ask').at(-1)!.actions, [UPDATE, COPY, SKIP]);
    const updated = h.store.get(first.id)!;
    assert.deepEqual(updated.settings.configs, { key1: 'new_value' });
    assert.deepEqual(await h.store.readSecrets(updated), { 'secrets.key2': 'literal-secret-value-42' });

    h.ui.answers = [IMPORT, COPY];
    h.documents.answers = ['another-secret-value'];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/u.yaml' });
    assert.deepEqual(
      h.store
        .list()
        .connections.map((c) => c.alias)
        .sort(),
      ['my_custom', 'my_custom-copy'],
    );

    h.ui.answers = [IMPORT, SKIP];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/u.yaml' });
    assert.equal(h.store.list().connections.length, 2);
  });

  it('keeps a stored key on ****** only while the host stays: a new base_url (in the file or --set) asks for the key again', async () => {
    const h = harness();
    const key = 'sk-test-stored-for-gateway-0001';
    const stored = await h.store.create({ ...openAiInput({ name: 'team', alias: 'team' }, { apiKey: key, baseUrl: 'https://gateway.example/v1' }) });
    // The same host, another path: the stored key is kept, nothing is asked.
    h.documents.put('file:///w/same.yaml', 'name: team\ntype: open_ai\napi_key: "******"\nbase_url: https://gateway.example/v2\n');
    h.ui.answers = [IMPORT, UPDATE];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/same.yaml' });
    assert.equal(h.documents.inputs.length, 0);
    assert.match(h.ui.of('ask')[0]!.detail ?? '', /requests go to: gateway\.example\n\s+api_key: keeps the stored key/);
    assert.deepEqual(await h.store.readSecrets(h.store.get(stored.id)!), { apiKey: key });
    // Another host: the preview shows old → new, the key is asked for; dismissing stores nothing.
    for (const [file, text, set] of [
      ['file:///w/moved.yaml', 'name: team\ntype: open_ai\napi_key: "******"\nbase_url: http://attacker.example:8080/v1\n', undefined],
      ['file:///w/set.yaml', 'name: team\ntype: open_ai\napi_key: <no-change>\n', 'base_url=http://attacker.example:8080/v1'],
    ] as const) {
      h.documents.put(file, text);
      const before = h.ui.of('ask').length;
      h.ui.answers = set ? [SET_VALUES, IMPORT, UPDATE] : [IMPORT, UPDATE];
      h.documents.answers = set ? [set, undefined] : [undefined];
      await h.commands[Command.importYaml]({ fakeUri: file });
      const preview = h.ui
        .of('ask')
        .slice(before)
        .filter((c) => /^Import/.test(c.text))
        .at(-1)!;
      assert.match(preview.detail ?? '', /requests go to: gateway\.example → http:\/\/attacker\.example:8080/, file);
      assert.match(preview.detail ?? '', /api_key: asked for again, because the stored key was saved for another host/, file);
      assert.match(h.documents.inputs.at(-1)!.prompt, /^api_key/);
      assert.equal(h.store.get(stored.id)!.settings.baseUrl, 'https://gateway.example/v2', 'nothing stored');
    }
    // Given a key, the update goes through with it, for the new host.
    h.ui.answers = [IMPORT, UPDATE];
    h.documents.answers = ['sk-test-typed-for-new-host-02'];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/moved.yaml' });
    assert.deepEqual(await h.store.readSecrets(h.store.get(stored.id)!), { apiKey: 'sk-test-typed-for-new-host-02' });
    assert.ok(!h.ui.everything.includes(key));
  });

  it('can replace literal keys in the file with ${env:…} references once they are stored', async () => {
    const h = harness();
    h.documents.put('file:///w/c.yaml', `# my connection\n${CUSTOM}`);
    h.ui.answers = [IMPORT_AND_REFERENCE];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/c.yaml' });
    const text = h.documents.text('file:///w/c.yaml');
    assert.ok(!text.includes('literal-secret-value-42'));
    assert.match(text, /^# my connection$/m);
    assert.deepEqual(parse(text).secrets, { key2: '${env:MY_CUSTOM_KEY2}' });
    const [c] = h.store.list().connections;
    assert.deepEqual(await h.store.readSecrets(c!), { 'secrets.key2': 'literal-secret-value-42' });
    assert.ok(!h.ui.everything.includes('literal-secret-value-42'));
  });

  it('shows what is refused, and imports the valid documents of the file', async () => {
    const h = harness();
    h.documents.put('file:///w/m.yaml', `name: bad\ntype: azure_open_ai\napi_base: https://x.openai.azure.com\n---\n${CUSTOM}`);
    h.ui.answers = [IMPORT];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/m.yaml' });
    assert.match(h.ui.of('ask')[0]!.actions.join(), /Import/);
    assert.ok(h.ui.everything.includes("m.yaml, document 1, line 1: 'api_key' is required for key auth mode connection."));
    assert.deepEqual(
      h.store.list().connections.map((c) => c.alias),
      ['my_custom'],
    );
  });

  it('refuses a file with nothing importable, and a file over 1 MB, storing nothing', async () => {
    const h = harness();
    h.documents.put('file:///w/bad.yaml', 'name: a\n\ttype: x\n');
    h.documents.put('file:///w/big.yaml', new Uint8Array(2 * 1024 * 1024).fill(0x20));
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/bad.yaml' });
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/big.yaml' });
    const errors = h.ui.of('error').map((e) => e.text);
    assert.match(errors[0]!, /^Nothing was imported\. bad\.yaml, line 2: /);
    assert.match(errors[1]!, /limited to 1 MB/);
    assert.equal(h.store.list().connections.length, 0);
  });

  it('asks for the file when run from the palette', async () => {
    const h = harness();
    await h.commands[Command.importYaml]();
    assert.equal(h.store.list().connections.length, 0);
    h.documents.put('file:///w/c.yaml', CUSTOM);
    h.documents.openPick = 'file:///w/c.yaml';
    h.ui.answers = [IMPORT];
    await h.commands[Command.importYaml]();
    assert.equal(h.store.list().connections.length, 1);
  });
});

describe('Import from YAML… with a dotenv file', () => {
  const ENV = 'aaa=bbb-secret-value\nccc=ddd-secret-value\n';

  it('asks for the name (from the file name), previews a custom connection of secrets, and stores them in secret storage', async () => {
    const h = harness();
    h.documents.put('file:///w/prod.env', ENV);
    h.documents.answers = ['prod'];
    h.ui.answers = [IMPORT];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/prod.env' });
    assert.equal(h.documents.inputs[0]!.value, 'prod');
    assert.match(h.documents.inputs[0]!.prompt, /--name/);
    const preview = h.ui.of('ask')[0]!;
    assert.equal(preview.text, "Import 'prod' from prod.env?");
    assert.deepEqual(preview.actions, [IMPORT, IMPORT_TO_WORKSPACE, IMPORT_AS_REFERENCES]);
    assert.match(preview.detail ?? '', /^Create 'prod' \(prod · Custom\)\n {2}aaa: a key in the file, stored in secret storage\n {2}ccc: /);
    const [c] = h.store.list().connections;
    assert.equal(c!.providerId, 'custom');
    assert.deepEqual(await h.store.readSecrets(c!), { 'secrets.aaa': 'bbb-secret-value', 'secrets.ccc': 'ddd-secret-value' });
    assert.ok(!h.ui.everything.includes('secret-value'));
    assert.ok(!JSON.stringify(h.store.list()).includes('secret-value'));
  });

  it("offers a bare .env's folder as the name, and stores nothing when the name is dismissed", async () => {
    const h = harness();
    h.documents.put('file:///w/my%20app/.env', ENV);
    h.documents.answers = [undefined];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/my%20app/.env' });
    assert.equal(h.documents.inputs[0]!.value, 'my app');
    assert.equal(h.ui.of('ask').length, 0);
    assert.equal(h.store.list().connections.length, 0);
  });

  it('can store ${env:KEY} references instead of the values, in the workspace', async () => {
    const h = harness();
    h.documents.put('file:///w/.env', ENV);
    h.documents.answers = ['local'];
    h.ui.answers = [IMPORT_AS_REFERENCES];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/.env' });
    const [c] = h.store.list().connections;
    assert.equal(c!.scope, 'workspace');
    assert.deepEqual(await h.store.readSecrets(c!), { 'secrets.aaa': '${env:aaa}', 'secrets.ccc': '${env:ccc}' });
    assert.match(h.ui.of('info')[0]!.text, /\$\{env:aaa\}, \$\{env:ccc\}/);
    assert.equal(h.secrets.data.size > 0 && [...h.secrets.data.values()].join().includes('secret-value'), false);
  });

  it('offers Update, Import as a Copy and Skip when the name is taken', async () => {
    const h = harness();
    h.documents.put('file:///w/prod.env', ENV);
    h.documents.answers = ['prod'];
    h.ui.answers = [IMPORT];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/prod.env' });
    h.documents.put('file:///w/prod.env', 'aaa=changed-value\n');
    h.documents.answers = ['prod'];
    h.ui.answers = [IMPORT, UPDATE];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/prod.env' });
    assert.deepEqual(h.ui.of('ask').at(-1)!.actions, [UPDATE, COPY, SKIP]);
    const [c] = h.store.list().connections;
    assert.deepEqual(await h.store.readSecrets(c!), { 'secrets.aaa': 'changed-value' });
    h.documents.answers = ['prod'];
    h.ui.answers = [IMPORT, COPY];
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/prod.env' });
    assert.deepEqual(
      h.store
        .list()
        .connections.map((x) => x.alias)
        .sort(),
      ['prod', 'prod-copy'],
    );
  });

  it('refuses an empty file with "Load nothing" before asking for a name, and a bad key naming its line', async () => {
    const h = harness();
    h.documents.put('file:///w/empty.env', '');
    h.documents.put('file:///w/bad.env', 'ok=1\n9lives=secret-value\n');
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/empty.env' });
    await h.commands[Command.importYaml]({ fakeUri: 'file:///w/bad.env' });
    assert.deepEqual(
      h.ui.of('error').map((e) => e.text),
      [
        "Nothing was imported. empty.env: Load nothing from dotenv file 'empty.env', please make sure the file is not empty and readable.",
        "Nothing was imported. bad.env, line 2: '9lives' is not a valid secret name: use letters, digits, '_', '-' or '.', starting with a letter or '_', at most 64 characters.",
      ],
    );
    assert.equal(h.documents.inputs.length, 0);
    assert.ok(!h.ui.everything.includes('secret-value'));
  });

  it('lets the file picker choose .env files', async () => {
    const h = harness();
    await h.commands[Command.importYaml]();
    const offered = Object.values(h.documents.openFilters[0]!).flat();
    assert.ok(offered.includes('env') && offered.includes('yaml') && offered.includes('*'));
  });
});

describe('Export to YAML…', () => {
  it('exports the connection it was invoked on, with ${env:} references, and opens the file', async () => {
    const h = harness();
    const c = await h.store.create({ providerId: 'openai', name: 'prod', alias: 'prod', scope: 'global', isActive: true, values: { apiKey: 'sk-live-secret-000000' } });
    h.ui.choose = (items) => items.find((i) => i.label === ENV_STYLE);
    h.documents.savePick = 'file:///w/prod.connection.yaml';
    await h.commands[Command.exportYaml]({ kind: 'connection', connection: c });
    assert.deepEqual(h.documents.saveDefaults, ['prod.connection.yaml']);
    assert.deepEqual(h.documents.opened, ['file:///w/prod.connection.yaml']);
    const text = h.documents.text('file:///w/prod.connection.yaml');
    assert.ok(!text.includes('sk-live-secret'));
    assert.equal(parse(text).api_key, '${env:PROD_API_KEY}');
  });

  it('exports a multi-pick from the palette as documents of one file, <user-input> if chosen', async () => {
    const h = harness();
    await h.store.create({ providerId: 'openai', name: 'a', alias: 'a', scope: 'global', isActive: true, values: { apiKey: 'sk-aaaaaaaaaaaaaaaa' } });
    await h.store.create({ providerId: 'anthropic', name: 'b', alias: 'b', scope: 'global', isActive: true, values: { apiKey: 'sk-ant-bbbbbbbbbbbbb' } });
    h.ui.chooseMany = (items) => [...items];
    h.ui.choose = (items) => items.find((i) => i.label === USER_INPUT_STYLE);
    h.documents.savePick = 'file:///w/all.yaml';
    await h.commands[Command.exportYaml]();
    const text = h.documents.text('file:///w/all.yaml');
    assert.equal((text.match(/<user-input>/g) ?? []).length, 2);
    assert.ok(!/sk-aaa|sk-ant-bbb/.test(text));
    assert.equal(text.split('\n---\n').length, 2);
  });

  it('writes a stored reference as it is, and a key never', async () => {
    const h = harness();
    const c = await h.store.create({ providerId: 'custom', name: 'c', alias: 'c', scope: 'global', isActive: true, values: { secrets: { ref: '${env:MY_TOKEN}', key: 'plain-secret-value-77' } } });
    h.ui.choose = (items) => items.find((i) => i.label === ENV_STYLE);
    h.documents.savePick = 'file:///w/c.yaml';
    await h.commands[Command.exportYaml](c.id);
    assert.deepEqual(parse(h.documents.text('file:///w/c.yaml')).secrets, { ref: '${env:MY_TOKEN}', key: '${env:C_KEY}' });
  });

  it('writes nothing when the save dialog is dismissed', async () => {
    const h = harness();
    const c = await h.store.create({ providerId: 'ollama', name: 'o', alias: 'o', scope: 'global', isActive: true, values: {} });
    h.ui.choose = (items) => items[0];
    await h.commands[Command.exportYaml](c.id);
    assert.equal(h.documents.files.size, 0);
  });
});
