/**
 * End-to-end: the pseudo locale. The extension is packaged with qps-ploc bundles in which every
 * text reads `[!! … !!]`, installed beside a language pack that makes qps-ploc VS Code's display
 * language, and driven through the tree, the form, the status bar, a notification and a dialog.
 * On each surface, whatever is not inside a marker must be user data or a product name: an English
 * word left over is a text that does not go through l10n. VS Code's own texts stay English (the
 * language pack translates nothing), so only this extension's surfaces are read.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extractedBundle, pseudoBundle, pseudoNls, pseudoText } from '../../scripts/l10nBundle';
import { maskSecret } from '../../src/domain/masking';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import { prepareHost, startHost, type RunningHost } from './host';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { Workbench, escapeRegExp, scenarios } from './workbench';

const ROOT = join(__dirname, '..', '..');
const KEY = 'sk-test-e2e-pseudo-4b8d2e6f';
const P = (english: string) => pseudoText(english);
const TITLE = P('AI Connections');
const command = (english: string) => `${TITLE}: ${P(english)}`;

let host: RunningHost;
let server: FakeProvider;
let workbench: Workbench;
let tmp: string;

/** What people typed and product names: shown as they are in every language. */
let allowed: string[] = [];

/**
 * The lines of `text` that still hold a word once every `[!! … !!]` (innermost first), every
 * welcome-view button `!! … !!` and every allowed value is taken out.
 */
export function unmarked(text: string, extra: readonly string[] = []): string[] {
  let rest = text;
  for (const value of [...allowed, ...extra].sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  for (let previous = ''; previous !== rest;) {
    previous = rest;
    rest = rest.replace(/\[!! (?:(?!\[!! )[\s\S])*? !!\]/g, ' ');
  }
  rest = rest.replace(/!! [^\n]+? !!/g, ' ');
  return rest
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => /[A-Za-z]{2,}/.test(line));
}

function assertMarked(surface: string, text: string, extra: readonly string[] = []): void {
  assert.deepEqual(unmarked(text, extra), [], `${surface} shows text that is not localized:\n${text}`);
}

function vsce(args: string[], cwd: string): void {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The extension with qps-ploc bundles (the built dist/ as `npm run package` left it), and the language pack. */
async function packagePseudo(dir: string): Promise<{ extension: string; languagePack: string }> {
  const bundlePath = join(ROOT, 'l10n', 'bundle.l10n.qps-ploc.json');
  const nlsPath = join(ROOT, 'package.nls.qps-ploc.json');
  const extension = join(dir, 'ai-connections-pseudo.vsix');
  const languagePack = join(dir, 'pseudo-language-pack.vsix');
  try {
    writeFileSync(bundlePath, JSON.stringify(pseudoBundle(await extractedBundle(ROOT))));
    writeFileSync(nlsPath, JSON.stringify(pseudoNls(JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')))));
    vsce(['--no-rewrite-relative-links', '--out', extension], ROOT);
  } finally {
    rmSync(bundlePath, { force: true });
    rmSync(nlsPath, { force: true });
  }
  vsce(['--skip-license', '--out', languagePack], join(ROOT, 'test', 'fixtures', 'pseudo-language-pack'));
  return { extension, languagePack };
}

/**
 * What VS Code writes once a language pack is installed and the window restarted: the list of
 * language packs, which makes `--locale qps-ploc` a language it knows.
 */
function registerLanguagePack(userDataDir: string, extensionsDir: string): void {
  const folder = readdirSync(extensionsDir).find((name) => name.startsWith('ai-connections-tests.pseudo-language-pack-'));
  assert.ok(folder, 'the language pack is installed');
  const pack = {
    hash: 'pseudo',
    extensions: [{ extensionIdentifier: { id: 'ai-connections-tests.pseudo-language-pack' }, version: '0.0.1' }],
    translations: { vscode: join(extensionsDir, folder, 'translations', 'main.i18n.json') },
    label: 'Pseudo Language',
  };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({ 'qps-ploc': pack }));
}

const scenario = scenarios('l10n', () => ({ workbench, host }));

/** Every text and text attribute a person can read or hear in the form. */
async function formText(frame: import('playwright-core').FrameLocator): Promise<string> {
  const body = frame.locator('body');
  const text = await body.innerText();
  const attributes: string[] = [];
  for (const element of await frame.locator('[placeholder], [aria-label], [title]').all()) {
    for (const name of ['placeholder', 'aria-label', 'title']) {
      const value = await element.getAttribute(name);
      if (value) attributes.push(value);
    }
  }
  return [text, ...attributes].join('\n');
}

describe('AI Connections in the pseudo locale', () => {
  before(async () => {
    prepareHost();
    tmp = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-l10n-'));
    const { extension, languagePack } = await packagePseudo(tmp);
    server = await startFakeProvider('openai', { key: 'sk-test-e2e-some-other-key' });
    // Example values in placeholders (an alias, promptflow key names, `sk-...`) are not words: they read the same everywhere.
    const examples = PROVIDERS.flatMap((p) => p.fields.flatMap((f) => (f.placeholder && !/[a-z] [a-z]/i.test(f.placeholder) ? [f.placeholder] : [])));
    allowed = ['Pseudo One', 'pseudo-one', server.baseUrl, server.origin, ...PROVIDERS.map((p) => p.displayName), ...examples, 'openai-prod', 'api_key', 'endpoint'];
    host = await startHost(extension, {
      root: tmp,
      locale: 'qps-ploc',
      alsoInstall: [languagePack],
      beforeStart: ({ userDataDir, extensionsDir }) => registerLanguagePack(userDataDir, extensionsDir),
    });
    workbench = await Workbench.open(host.url, join(tmp, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await server?.close();
  });

  it('0 the check itself finds a word outside the markers, and none inside nested ones', () => {
    assert.deepEqual(unmarked('[!! [!! API Key !!] is required. !!]\n!! Create Connection !!'), []);
    assert.deepEqual(unmarked('[!! Saved !!] Test failed'), ['Test failed']);
    assert.deepEqual(unmarked('Pseudo One · OpenAI · ✗ [!! 12 ms !!]'), []);
  });

  scenario('1 the view, its title and the welcome text are localized', async () => {
    await workbench.openContainer(TITLE);
    const welcome = workbench.sidebar.locator('.welcome-view-content');
    await welcome.waitFor();
    assertMarked('welcome view', await welcome.innerText());
    assertMarked('view title', await workbench.sidebar.locator('.composite.title .title-label').innerText());
    await workbench.screenshot('l10n-01-welcome');
  });

  scenario('2 the form: labels, hints, buttons and field errors', async () => {
    await workbench.runCommand(command('New Connection'));
    const form = workbench.form(P('New Connection'));
    await form.waitReady();
    assertMarked('form', await formText(form.frame));
    // A refused save shows field errors in the display language.
    await form.button(P('Save')).click();
    await form.errorFor('name').waitFor();
    assertMarked('form with errors', await formText(form.frame));
    await workbench.screenshot('l10n-02-form-errors');
    await form.fill({ name: 'Pseudo One', alias: 'pseudo-one', apiKey: KEY, baseUrl: server.baseUrl });
    assertMarked('filled form', await formText(form.frame), [KEY]);
    await form.button(P('Save')).click();
    await form.waitClosed();
  });

  scenario('3 the tree: groups, item, tooltip and context menu', async () => {
    const item = workbench.treeItem('Pseudo One');
    await item.waitFor();
    assertMarked('tree', await workbench.sidebar.locator('.monaco-list').first().innerText());
    // The key shows masked: a value, not a word.
    assertMarked('tooltip', await workbench.tooltip(item), [maskSecret(KEY)]);
    assertMarked('context menu', (await workbench.contextMenuEntries(item)).join('\n'));
    await workbench.screenshot('l10n-03-tree');
  });

  scenario('4 a failed test: notification, item and status bar', async () => {
    const item = workbench.treeItem('Pseudo One');
    await workbench.contextMenu(item, P('Test Connection'));
    // The failure (the progress notification before it names the connection too).
    const toast = workbench.page
      .locator('.notification-toast .notification-list-item-message')
      .filter({ hasText: /failed its test/ })
      .first();
    await toast.waitFor();
    await item.locator('.label-description', { hasText: '✗' }).waitFor();
    assertMarked('notification', await toast.innerText());
    await workbench.screenshot('l10n-04-test-failed');
    assertMarked('tree after the test', await item.innerText());
    const status = workbench.page.locator('.statusbar-item[id$="aiConnections.status"]');
    assertMarked('status bar', [await status.innerText(), (await status.locator('a').getAttribute('aria-label')) ?? ''].join('\n'));
    await workbench.page.locator('.statusbar').hover({ position: { x: 5, y: 5 } });
    await status.hover();
    const hover = workbench.page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).first();
    await hover.waitFor();
    assertMarked('status bar tooltip', await hover.innerText());
  });

  scenario('5 the delete dialog', async () => {
    await workbench.contextMenu(workbench.treeItem('Pseudo One'), P('Delete Connection'));
    const dialog = workbench.dialog();
    await dialog.waitFor();
    // VS Code adds its own Cancel button, in VS Code's language (English here).
    assertMarked('delete dialog', await dialog.innerText(), ['Cancel']);
    await workbench.screenshot('l10n-05-delete-dialog');
    await dialog.locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(P('Delete'))}$`) }).click();
    await workbench.treeItem('Pseudo One').waitFor({ state: 'detached' });
  });
});
