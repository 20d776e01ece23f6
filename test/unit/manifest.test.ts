import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, it } from 'node:test';
import { Command, VIEW_ID } from '../../src/ui/commands/ids';
import { NodeContext } from '../../src/views/connectionTreeModel';
import { SETTINGS, SETTINGS_SECTION, parseSettings, rawSettings } from '../../src/domain/settings';

const root = join(__dirname, '..', '..');
const raw = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));

/** package.json as VS Code shows it in English: every `%key%` replaced from package.nls.json. */
function localized(value: unknown, used: Set<string>): unknown {
  if (typeof value === 'string') {
    const key = /^%(.+)%$/.exec(value)?.[1];
    if (key === undefined) return value;
    assert.ok(key in nls, `package.nls.json has no "${key}"`);
    used.add(key);
    return nls[key];
  }
  if (Array.isArray(value)) return value.map((v) => localized(v, used));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localized(v, used)]));
  return value;
}
const usedKeys = new Set<string>();
const manifest = localized(raw, usedKeys) as typeof raw;
const contributed: { command: string; title: string; category: string }[] = manifest.contributes.commands;

describe('package.json', () => {
  it('takes every text a person sees from package.nls.json, and package.nls.json holds nothing unused', () => {
    const shown: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value === 'string') {
        if (/(^|\.)(title|shortTitle|name|contextualTitle|contents|description|markdownDescription|displayName|patternErrorMessage|enumDescriptions\.\d+)$/.test(path)) shown.push(`${path} = ${value}`);
      } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}.${i}`));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k);
    };
    visit({ displayName: raw.displayName, description: raw.description, capabilities: raw.capabilities, contributes: raw.contributes }, '');
    const literal = shown.filter((s) => !/ = %[^%]+%$/.test(s));
    assert.deepEqual(literal, [], 'texts written into package.json instead of package.nls.json');
    assert.ok(shown.length >= 36);
    assert.deepEqual(
      Object.keys(nls).filter((k) => !usedKeys.has(k)),
      [],
    );
  });

  it('has a square PNG icon of at least 128 pixels that the package ships', () => {
    assert.equal(raw.icon, 'media/icon.png');
    const png = readFileSync(join(root, raw.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.equal(width, height);
    assert.ok(width >= 128, `the icon is ${width} pixels wide`);
    assert.ok(readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').includes(`!${raw.icon}`), '.vscodeignore leaves the icon out');
  });

  it('names the one view as its container, so the sidebar shows a single title', () => {
    const [container] = manifest.contributes.viewsContainers.activitybar;
    const [view] = manifest.contributes.views[container.id];
    assert.equal(manifest.contributes.views[container.id].length, 1);
    assert.equal(view.name, container.title);
  });

  it('contributes exactly the commands the code registers', () => {
    assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(Command).sort());
  });

  it('uses the documented palette titles under the AI Connections category', () => {
    const titles = Object.fromEntries(contributed.map((c) => [c.command, `${c.category}: ${c.title}`]));
    assert.equal(titles[Command.newConnection], 'AI Connections: New Connection');
    assert.equal(titles[Command.editConnection], 'AI Connections: Edit Connection');
    assert.equal(titles[Command.deleteConnection], 'AI Connections: Delete Connection');
    assert.equal(titles[Command.enableConnection], 'AI Connections: Enable Connection');
    assert.equal(titles[Command.disableConnection], 'AI Connections: Disable Connection');
    assert.equal(titles[Command.duplicateConnection], 'AI Connections: Duplicate Connection');
    assert.equal(titles[Command.copyAlias], 'AI Connections: Copy Connection Alias');
    assert.equal(titles[Command.refresh], 'AI Connections: Refresh Connections');
    assert.equal(titles[Command.testConnection], 'AI Connections: Test Connection');
    assert.equal(titles[Command.testAll], 'AI Connections: Test All Connections');
    assert.equal(titles[Command.showModels], 'AI Connections: Show Models');
  });

  it('declares the test settings with their documented defaults', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.equal(properties['aiConnections.statusBar.visible'].default, true);
    assert.equal(properties['aiConnections.testOnStartup'].default, false);
    assert.equal(properties['aiConnections.test.timeoutSeconds'].default, 10);
    assert.equal(properties['aiConnections.test.concurrency'].default, 4);
  });

  it("offers Import from YAML… on the explorer's YAML and dotenv files", () => {
    const entry = manifest.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === Command.importYaml);
    // The clause is a disjunction of `resourceExtname == X` / `resourceFilename == X`; VS Code's extname of `.env` is '' as in Node.
    const clauses = (entry.when as string).split('||').map((c) => c.trim().split(/\s*==\s*/) as [string, string]);
    const shown = (file: string) => clauses.some(([key, value]) => (key === 'resourceExtname' ? extname(file) : key === 'resourceFilename' ? file : undefined) === value);
    for (const file of ['a.yaml', 'b.yml', '.env', 'prod.env']) assert.ok(shown(file), file);
    for (const file of ['a.json', '.envrc', 'env']) assert.ok(!shown(file), file);
  });

  it('hides item-only commands from the palette', () => {
    const hidden = manifest.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    assert.deepEqual(hidden.sort(), [Command.copyId, Command.deleteBroken, Command.activateItem, Command.editSelected, Command.addChatModels, Command.manageChatModels].sort());
  });

  it('is found by the Language Models editor\'s Install Model Providers (tag:"language-models") and manages its models there', () => {
    // VS Code 1.139 searches the Marketplace for tag:"language-models"; a tag is a keyword (vsce
    // also derives it from languageModelChatProviders, Open VSX takes the keywords as they are).
    assert.ok(manifest.keywords.includes('language-models'));
    const [provider, ...others] = manifest.contributes.languageModelChatProviders;
    assert.equal(others.length, 0);
    assert.equal(provider.vendor, 'ai-connections');
    assert.equal(provider.displayName, 'AI Connections');
    // The gear of the AI Connections group runs the management command, with the vendor as its argument.
    assert.equal(provider.managementCommand, Command.manageChatModels);
  });

  it('matches item menus on context values the tree really sets', () => {
    const known = new Set<string>(Object.values(NodeContext));
    for (const entry of manifest.contributes.menus['view/item/context']) {
      assert.match(entry.when, new RegExp(`view == ${VIEW_ID.replace('.', '\\.')}`));
      for (const [, value] of entry.when.matchAll(/viewItem == ([\w.]+)/g)) assert.ok(known.has(value), value);
      for (const [, pattern] of entry.when.matchAll(/viewItem =~ \/(.+?)\//g)) {
        assert.ok(
          [...known].some((v) => new RegExp(pattern).test(v)),
          pattern,
        );
      }
    }
  });

  it('activates lazily, declares Restricted Mode support and targets VS Code 1.104', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.includes(`onView:${VIEW_ID}`));
    assert.deepEqual(
      manifest.activationEvents.filter((e: string) => !e.startsWith('onView:')),
      ['onStartupFinished'],
      'the status bar runner appears once startup is done, not before',
    );
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 20);
    assert.equal(manifest.engines.vscode, '^1.104.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.104.0');
  });

  it('declares every setting with the default, type and bounds the code applies', () => {
    const properties: Record<string, Record<string, unknown>> = manifest.contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(properties).sort(),
      Object.values(SETTINGS)
        .map((s) => `${SETTINGS_SECTION}.${s.key}`)
        .sort(),
    );
    for (const setting of Object.values(SETTINGS)) {
      const declared = properties[`${SETTINGS_SECTION}.${setting.key}`]!;
      assert.equal(declared.type, setting.type, setting.key);
      assert.deepEqual(declared.default, setting.default, setting.key);
      assert.equal(declared.minimum, 'minimum' in setting ? setting.minimum : undefined, setting.key);
      assert.equal(declared.maximum, 'maximum' in setting ? setting.maximum : undefined, setting.key);
      assert.equal(declared.scope, 'scope' in setting ? setting.scope : undefined, setting.key);
    }
    const { settings } = parseSettings({});
    for (const [name, setting] of Object.entries(SETTINGS)) assert.deepEqual(settings[name as keyof typeof settings], setting.default, `${name}: the checked default`);
    const { settings: clamped, invalid } = parseSettings({ timeoutSeconds: 301, concurrency: 0 });
    assert.deepEqual(invalid.sort(), ['concurrency', 'timeoutSeconds']);
    assert.equal(clamped.timeoutSeconds, SETTINGS.timeoutSeconds.default);
  });

  it('model overrides are checked by schema, not key order: valid ones apply without a problem, an invalid entry alone is dropped', () => {
    const readme = { 'openai-prod/gpt-4o': { maxInputTokens: 64000, imageInput: false } };
    const reordered = { 'openai-prod/gpt-4o': { imageInput: false, maxInputTokens: 64000 } };
    for (const value of [readme, reordered]) {
      const { settings, invalid, problems } = parseSettings({ chatModelOverrides: value });
      assert.deepEqual([invalid, problems], [[], []], JSON.stringify(value));
      assert.deepEqual(settings.chatModelOverrides, readme);
    }
    const keys = ['maxInputTokens', 'maxOutputTokens', 'toolCalling', 'imageInput'] as const;
    const override = fc.record({ maxInputTokens: fc.integer({ min: 1, max: 10_000_000 }), maxOutputTokens: fc.integer({ min: 1, max: 1_000_000 }), toolCalling: fc.boolean(), imageInput: fc.boolean() }, { requiredKeys: [] });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 40 }).filter((k) => k !== '__proto__'),
          fc.tuple(override, fc.shuffledSubarray([...keys])),
        ),
        (entries) => {
          // The same entries, their keys in any order.
          const raw = Object.fromEntries(Object.entries(entries).map(([k, [o, order]]) => [k, Object.fromEntries([...order, ...keys].filter((key, i, all) => all.indexOf(key) === i && key in o).map((key) => [key, o[key]]))]));
          const { settings, problems } = parseSettings({ chatModelOverrides: raw });
          assert.deepEqual(problems, []);
          assert.deepEqual(settings.chatModelOverrides, raw);
        },
      ),
    );
    const mixed = parseSettings({ chatModelOverrides: { 'a/gpt-4o': { maxInputTokens: 64000 }, 'b/gpt-4o': { maxInputTokens: '64k' }, 'c/x': { tools: true } } });
    assert.deepEqual(mixed.settings.chatModelOverrides, { 'a/gpt-4o': { maxInputTokens: 64000 } });
    assert.deepEqual(mixed.problems, [
      { key: 'chatModelOverrides', entry: 'b/gpt-4o' },
      { key: 'chatModelOverrides', entry: 'c/x' },
    ]);
    assert.deepEqual(parseSettings({ chatModelOverrides: [] }).problems, [{ key: 'chatModelOverrides' }]);
  });

  it("lets only user settings widen the allowed variables or test at startup; a repository's settings are not read for them", () => {
    const fromRepository = (key: string) =>
      key === SETTINGS.allowedEnvironmentVariables.key
        ? { workspaceValue: ['*'], workspaceFolderValue: ['GITHUB_TOKEN'] }
        : key === SETTINGS.testOnStartup.key
          ? { workspaceValue: true }
          : key === SETTINGS.timeoutSeconds.key
            ? { globalValue: 20, workspaceValue: 30, workspaceFolderValue: 40 }
            : undefined;
    const { settings } = parseSettings(rawSettings(fromRepository));
    assert.deepEqual(settings.allowedEnvironmentVariables, SETTINGS.allowedEnvironmentVariables.default);
    assert.equal(settings.testOnStartup, false);
    assert.equal(settings.timeoutSeconds, 40, 'other settings follow VS Code: the folder, then the workspace, then the user');
    const fromUser = (key: string) => (key === SETTINGS.allowedEnvironmentVariables.key ? { globalValue: ['MY_TOKEN'], workspaceValue: ['*'] } : key === SETTINGS.testOnStartup.key ? { globalValue: true } : undefined);
    const user = parseSettings(rawSettings(fromUser)).settings;
    assert.deepEqual(user.allowedEnvironmentVariables, ['MY_TOKEN']);
    assert.equal(user.testOnStartup, true);
    // The setting's description says so, in the manifest's own words.
    assert.match(nls['config.references.allowedEnvironmentVariables.markdownDescription']!, /user settings only/);
    assert.match(nls['config.testOnStartup.description']!, /user settings only/);
  });
});
