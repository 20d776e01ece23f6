/**
 * The VS Code adapters (src/vscode) over the `vscode` shim: what they hand VS Code where a safety
 * rule lives there and nowhere else — the form's Content Security Policy, the status tooltip's
 * markdown settings, the files that refresh references, the tree's parents, and the language
 * model errors the Chat view acts on.
 */
import '../support/useVscodeShim';
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { say } from '../../src/ui/text';
import type * as vscodeTypes from 'vscode';
import * as vscode from '../support/vscodeShim';
import { shim } from '../support/vscodeShim';
import { formHtml, formWebviewOptions } from '../../src/vscode/form/formHtml';
import { vscodeStatusItem } from '../../src/vscode/ui';
import { watchReferenceFiles } from '../../src/vscode/references';
import { languageModelError } from '../../src/vscode/chat/errors';
import { ConnectionTreeProvider } from '../../src/vscode/tree/connectionTreeProvider';
import { ConnectionChatProvider } from '../../src/vscode/chat/chatProvider';
import { respond } from '../../src/vscode/chat/requests';
import { APPSETTINGS, DOTENV, environmentFileName } from '../../src/domain/resolution/resolver';
import type { BrokenRecord, ConnectionStore } from '../../src/domain/store/connectionStore';
import type { TreeNode } from '../../src/views/connectionTreeModel';
import { Command } from '../../src/ui/commands/ids';
import { harness } from '../support/uiHarness';
import { openAiInput } from '../support/fixtures';
import { MemoryLogger } from '../support/fakeUi';
import { startFakeChat, chatSettings, type FakeChatServer } from '../support/fakeChatServers';

afterEach(() => shim.reset());

describe('the connection form: its HTML and webview options', () => {
  const extensionUri = vscode.Uri.parse('file:///ext');
  const webview = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    asWebviewUri: (uri: vscode.Uri) => vscode.Uri.from({ scheme: 'https', authority: 'file+.vscode-resource.vscode-cdn.net', path: uri.path }),
  };
  const html = (title = 'New Connection') => formHtml(webview as unknown as vscodeTypes.Webview, extensionUri as unknown as vscodeTypes.Uri, title);

  /** The policy of the page: each directive by name, its sources in order. */
  function policyOf(page: string): Map<string, string[]> {
    const metas = [...page.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
    assert.equal(metas.length, 1, `one CSP meta tag: ${page}`);
    return new Map(
      metas[0]![1]!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...sources]) => [name!, sources]),
    );
  }

  it("allows nothing by default, no inline code or style, and scripts only by this page's nonce", () => {
    const page = html();
    const policy = policyOf(page);
    assert.deepEqual(policy.get('default-src'), ["'none'"], 'everything not named is refused');
    const nonce = /^'nonce-([A-Za-z0-9+/]+={0,2})'$/.exec(policy.get('script-src')?.join(' ') ?? '')?.[1];
    assert.ok(nonce, `script-src is the nonce alone: ${policy.get('script-src')}`);
    assert.ok(Buffer.from(nonce, 'base64').length >= 16, 'a nonce of at least 128 bits');
    assert.deepEqual(policy.get('style-src'), [webview.cspSource], 'styles from the extension only');
    assert.deepEqual(policy.get('font-src'), [webview.cspSource]);
    assert.deepEqual(policy.get('img-src'), [webview.cspSource, 'data:']);
    for (const [name, sources] of policy) {
      for (const source of sources) assert.ok(!/unsafe-|^\*$|^https?:$/.test(source), `${name} allows ${source}`);
    }
    // Every script of the page is our bundle, carrying the nonce; none is inline.
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1, page);
    assert.equal(scripts[0]![1], ` nonce="${nonce}" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js"`);
    assert.equal(scripts[0]![2], '', 'no inline script');
    assert.ok(!/\son[a-z]+=/i.test(page), 'no inline event handler');
  });

  it('a new nonce for every page, and the title written as text', () => {
    const nonces = new Set([html(), html(), html()].map((page) => /nonce="([^"]+)"/.exec(page)?.[1]));
    assert.equal(nonces.size, 3, 'each form gets its own nonce');
    const page = html('Edit: <img src=x onerror=alert(1)> "quoted"');
    assert.match(page, /<title>Edit: &#60;img src=x onerror=alert\(1\)&#62; &#34;quoted&#34;<\/title>/);
    assert.ok(!page.includes('<img'), 'the name of a connection is not markup');
  });

  it('loads local files from dist and media only', () => {
    const options = formWebviewOptions(extensionUri as unknown as vscodeTypes.Uri);
    assert.equal(options.enableScripts, true, 'the form is a script');
    assert.deepEqual(options.localResourceRoots?.map(String), ['file:///ext/dist', 'file:///ext/media']);
  });
});

describe('the status bar item', () => {
  it('its tooltip is markdown that can run nothing: not trusted, no HTML, no icons', () => {
    const status = vscodeStatusItem();
    const [item] = shim.statusItems;
    assert.ok(item, 'a status bar item was created');
    status.render({ text: '$(check) 2', tooltip: "**AI Connections**\n\n'Prod' [fix](command:workbench.action.terminal.sendSequence) <img src=x>", warning: true, accessibilityLabel: 'AI Connections: 2', visible: true });
    const tooltip = item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString, 'the tooltip is markdown');
    assert.equal(tooltip.isTrusted, false, 'command links do not run');
    assert.equal(tooltip.supportHtml, false, 'HTML is not rendered');
    assert.equal(tooltip.supportThemeIcons, false, 'no $(icon) syntax');
    assert.equal(item.command, Command.testAll);
    assert.equal(item.visible, true);
    assert.deepEqual(item.backgroundColor, new vscode.ThemeColor('statusBarItem.warningBackground'));
    status.render({ text: '', tooltip: 'again', warning: false, accessibilityLabel: '', visible: false });
    const again = item.tooltip as vscode.MarkdownString;
    assert.deepEqual([again.isTrusted, again.supportHtml, again.supportThemeIcons], [false, false, false], 'every render, not only the first');
    assert.equal(item.visible, false);
  });
});

describe('the reference files watched', () => {
  /** What the resolver reads in each folder: appsettings.json, the environment's file and .env. */
  const READ = [APPSETTINGS, environmentFileName('Development'), environmentFileName('Production'), DOTENV];

  it('watch .env and appsettings*.json of every folder, and tell once per burst of changes', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    shim.setFolders(['file:///work/app', 'file:///work/api']);
    let changes = 0;
    const watching = watchReferenceFiles(() => changes++, 300);
    t.after(() => watching.dispose());
    assert.deepEqual(
      shim.watchers.map((w) => w.base),
      ['file:///work/app', 'file:///work/api'],
      'one watcher per folder, on that folder',
    );
    for (const watcher of shim.watchers) {
      for (const name of READ) assert.ok(watcher.watches(name), `${name} is watched in ${watcher.base}`);
      assert.ok(!watcher.watches('package.json'), 'other files are not');
    }
    const [app, api] = shim.watchers as [vscode.FakeFileSystemWatcher, vscode.FakeFileSystemWatcher];
    app.fire('change', DOTENV);
    api.fire('create', APPSETTINGS);
    app.fire('delete', 'appsettings.Development.json');
    assert.equal(changes, 0, 'not before the delay');
    t.mock.timers.tick(300);
    assert.equal(changes, 1, 'one refresh for the three changes');
    for (const kind of ['create', 'change', 'delete'] as const) {
      api.fire(kind, DOTENV);
      t.mock.timers.tick(300);
    }
    assert.equal(changes, 4, '.env created, changed and deleted each refresh');
  });

  it('follow the folders opened and closed, and stop on dispose', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    shim.setFolders(['file:///work/app']);
    let changes = 0;
    const watching = watchReferenceFiles(() => changes++, 300);
    t.after(() => watching.dispose());
    const [first] = shim.watchers as [vscode.FakeFileSystemWatcher];
    shim.setFolders(['file:///work/app', 'file:///work/web']);
    assert.equal(first.disposed, true, "the old folders' watchers are gone");
    assert.deepEqual(
      shim.watchers.slice(1).map((w) => w.base),
      ['file:///work/app', 'file:///work/web'],
    );
    t.mock.timers.tick(300);
    assert.equal(changes, 1, 'a folder change refreshes too (its files may differ)');
    shim.watchers[2]!.fire('change', DOTENV);
    watching.dispose();
    t.mock.timers.tick(300);
    assert.equal(changes, 1, 'nothing after dispose, not even a change already under way');
    assert.ok(
      shim.watchers.every((w) => w.disposed),
      'every watcher disposed',
    );
  });
});

describe('the Connections tree', () => {
  const broken: BrokenRecord = {
    scope: 'workspace',
    position: 2,
    label: { code: 'store.brokenRecordLabel', position: 3, name: 'Half written' },
    reason: { code: 'store.brokenRecordInvalid', issues: [{ code: 'store.recordIssue', path: 'alias', problem: { code: 'validation.malformed', detail: 'Invalid' } }] },
  };

  async function tree() {
    const h = harness();
    await h.store.create(openAiInput({ name: 'Global one', alias: 'g1' }));
    await h.store.create(openAiInput({ name: 'Workspace one', alias: 'w1', scope: 'workspace' }));
    await h.store.create(openAiInput({ name: 'Workspace two', alias: 'w2', scope: 'workspace' }));
    // The store as the tree reads it, with one record of the workspace that can't be read.
    const store = {
      list: () => ({ connections: h.store.list().connections, broken: [broken] }),
      workspaceAvailable: true,
      onDidChange: h.store.onDidChange.bind(h.store),
      readSecrets: h.store.readSecrets.bind(h.store),
    } as unknown as ConnectionStore;
    return new ConnectionTreeProvider(store, h.results, new MemoryLogger());
  }

  it('getParent gives each item the group it is listed under (what reveal() walks up)', async () => {
    const provider = await tree();
    const roots = provider.getChildren();
    assert.deepEqual(roots.map((g) => g.kind === 'group' && g.scope).sort(), ['global', 'workspace'], 'both groups, so a wrong group can be told apart');
    const children = new Map<TreeNode, TreeNode>();
    for (const group of roots) for (const child of provider.getChildren(group)) children.set(child, group);
    assert.deepEqual([...children.keys()].map((n) => n.kind).sort(), ['broken', 'connection', 'connection', 'connection']);
    for (const [child, group] of children) assert.equal(provider.getParent(child), group, `the parent of ${child.label} is ${group.label}`);
    for (const group of roots) assert.equal(provider.getParent(group), undefined, 'a group is a root');
    const [last, group] = [...children].at(-1)!;
    assert.equal(provider.getParent(provider.findNode(last.id)!)?.id, group.id, 'a node found again by id has its group as parent');
    provider.dispose();
  });

  it('a connection tooltip is markdown that can run nothing', async () => {
    const provider = await tree();
    const [global] = provider.getChildren();
    const node = provider.getChildren(global)[0]!;
    const item = await provider.resolveTreeItem(provider.getTreeItem(node) as never, node);
    const tooltip = item.tooltip as unknown as vscode.MarkdownString;
    assert.ok(tooltip instanceof vscode.MarkdownString, 'the tooltip is markdown');
    assert.deepEqual([tooltip.isTrusted, tooltip.supportHtml, tooltip.supportThemeIcons], [false, false, false]);
    provider.dispose();
    assert.equal(shim.decorationProviders.length, 0, 'its decoration provider is unregistered');
  });
});

describe('chat errors as VS Code language model errors', () => {
  it('Restricted Mode and a refused key are NoPermissions; a missing model or connection NotFound; a disabled one Blocked', () => {
    const cases: [Parameters<typeof languageModelError>[0], string][] = [
      ['restricted', 'NoPermissions'],
      ['auth', 'NoPermissions'],
      ['notFound', 'NotFound'],
      ['gone', 'NotFound'],
      ['disabled', 'Blocked'],
      ['server', ''],
      ['rateLimited', ''],
    ];
    for (const [kind, code] of cases) {
      const error = languageModelError(kind, 'Why: see https://status.example');
      assert.ok(error instanceof vscode.LanguageModelError, `${kind} is a LanguageModelError`);
      assert.equal(error.code, code, `${kind} → ${code || 'no code'}`);
      assert.equal(error.message, 'Why: see https:\u2060//status.example', 'the message links nowhere');
      assert.equal(error.stack, `LanguageModelError: ${error.message}`, 'the stack is the reason only');
    }
    assert.ok(languageModelError('cancelled', 'x') instanceof vscode.CancellationError, 'a cancelled request is a cancellation');
  });

  it('a chat request in Restricted Mode is refused as NoPermissions, before anything is read or sent', async () => {
    const h = harness({ trusted: false });
    const created = await h.store.create(openAiInput());
    const provider = new ConnectionChatProvider(h.store, h.chat, h.service, h.logger, () => ({}));
    const reads = h.secrets.reads;
    const model = { id: 'x', name: 'gpt-4o', family: 'gpt-4o', version: '', maxInputTokens: 1, maxOutputTokens: 1, capabilities: {}, connectionId: created.id, modelId: 'gpt-4o' };
    const token = { isCancellationRequested: false, onCancellationRequested: new vscode.EventEmitter<void>().event };
    await assert.rejects(provider.provideLanguageModelChatResponse(model, [], {} as never, { report: () => undefined }, token as never), (error: unknown) => {
      assert.ok(error instanceof vscode.LanguageModelError, `a LanguageModelError: ${String(error)}`);
      assert.equal(error.code, 'NoPermissions');
      assert.match(error.message, /Restricted Mode/);
      return true;
    });
    assert.equal(h.secrets.reads, reads, 'no secret was read');
    provider.dispose();
  });
});

describe('a chat request from VS Code', () => {
  let server: FakeChatServer;
  before(async () => {
    server = await startFakeChat('openai', { key: 'sk-test-adapter-chat-0000' });
  });
  after(() => server.close());

  it('sends a system message as the system role, and reports the answer as text parts', async () => {
    const parts: unknown[] = [];
    const message = (role: number, text: string) => ({ role, name: undefined, content: [new vscode.LanguageModelTextPart(text)] });
    await respond({
      connection: { providerId: 'openai', alias: 'chat', settings: chatSettings(server) as never },
      secrets: { apiKey: 'sk-test-adapter-chat-0000' },
      deps: { timeoutMs: 3000 },
      model: { modelId: 'gpt-4o', maxOutputTokens: 256 },
      // LanguageModelChatMessageRole.System (3) is newer than the 1.104 API this extension builds on.
      messages: [message(3, 'You are terse.'), message(vscode.LanguageModelChatMessageRole.User, 'Hi'), message(vscode.LanguageModelChatMessageRole.Assistant, 'Hello.')] as never,
      options: {} as never,
      progress: { report: (part) => parts.push(part) },
      token: { isCancellationRequested: false, onCancellationRequested: new vscode.EventEmitter<void>().event } as never,
      logger: new MemoryLogger(),
      say,
    });
    const sent = server.requests.at(-1)!.body.messages as { role: string; content: unknown }[];
    assert.deepEqual(
      sent.map((m) => [m.role, m.content]),
      [
        ['system', 'You are terse.'],
        ['user', 'Hi'],
        ['assistant', 'Hello.'],
      ],
    );
    assert.ok(parts.length > 0 && parts.every((p) => p instanceof vscode.LanguageModelTextPart), 'text parts of the API');
    assert.equal(parts.map((p) => (p as vscode.LanguageModelTextPart).value).join(''), 'Hello, world!');
  });

  it("a refused key fails as NoPermissions, in the words the extension bundle's text layer gives it", async () => {
    const said: string[] = [];
    const message = { role: vscode.LanguageModelChatMessageRole.User, name: undefined, content: [new vscode.LanguageModelTextPart('Hi')] };
    const failure = await respond({
      connection: { providerId: 'openai', alias: 'chat', settings: chatSettings(server) as never },
      secrets: { apiKey: 'sk-test-adapter-wrong-0000' },
      deps: { timeoutMs: 3000 },
      model: { modelId: 'gpt-4o', maxOutputTokens: 256 },
      messages: [message] as never,
      options: {} as never,
      progress: { report: () => undefined },
      token: { isCancellationRequested: false, onCancellationRequested: new vscode.EventEmitter<void>().event } as never,
      logger: new MemoryLogger(),
      say: (detail) => {
        said.push(detail.code);
        return say(detail);
      },
    }).then(
      () => assert.fail('a refused key must fail the request'),
      (error: unknown) => error as Error,
    );
    assert.equal(said.length, 1, `the failure is put into words once: ${said.join(', ')}`);
    assert.equal((failure as { code?: string }).code, 'NoPermissions', failure.message);
    assert.match(failure.message, /key/i, 'the words, not the code');
    assert.ok(!failure.message.includes('sk-test-adapter-wrong'), 'no key in the text');
  });
});
