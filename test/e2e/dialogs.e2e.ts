/**
 * End-to-end: how the form and VS Code's dialogs read, in a real VS Code (code-server). A reference
 * typed into a key field shows as text and a key as dots; the question before an environment
 * variable is sent offers Allow and Deny only and names the connection as typed in the form; the
 * YAML import preview lists one connection per line with its details indented beneath, under the
 * information icon rather than a warning's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Locator } from 'playwright-core';
import { prepareHost, startHost, type RunningHost } from './host';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { Workbench, scenarios } from './workbench';

const VSIX = join(__dirname, '..', '..', `ai-connections-${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}.vsix`);
const KEY = 'sk-test-e2e-dialogs-6a1f93c2d7';
/** Not in the default allow-list (`*_API_KEY` and the providers' variables): sending it asks. */
const VARIABLE = 'DIALOGS_E2E_TOKEN';

let host: RunningHost;
let server: FakeProvider;
let workbench: Workbench;

const scenario = scenarios('dialogs', () => ({ workbench, host }));

/** Waits for the element to show text matching the pattern (VS Code's own wait, no polling). */
async function assertText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor();
}

/** The labels of the open dialog's buttons, in order. */
async function dialogButtons(): Promise<string[]> {
  return (await workbench.dialog().locator('.dialog-buttons .monaco-button').allInnerTexts()).map((t) => t.trim());
}

describe('Dialogs and the form in VS Code', () => {
  before(async () => {
    prepareHost();
    server = await startFakeProvider('openai', { key: KEY });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-dialogs-'));
    // The host inherits this process's environment.
    process.env[VARIABLE] = KEY;
    host = await startHost(VSIX, { root });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await server?.close();
    delete process.env[VARIABLE];
  });

  scenario('1 a reference typed into the key field shows as text, a key as dots', async () => {
    await workbench.openContainer();
    await workbench.runCommand('AI Connections: New Connection');
    const form = workbench.form('New Connection');
    await form.waitReady();
    const apiKey = form.input('apiKey');
    assert.equal(await apiKey.getAttribute('type'), 'password');
    await apiKey.pressSequentially('${env:OPENAI_API_KEY}');
    assert.equal(await apiKey.getAttribute('type'), 'text', 'a typed reference reads as text');
    assert.equal(await apiKey.inputValue(), '${env:OPENAI_API_KEY}', 'typing on through the switch loses nothing');
    await workbench.screenshot('dialogs-form-reference-in-clear');
    await apiKey.pressSequentially('x');
    assert.equal(await apiKey.getAttribute('type'), 'password', 'no longer a reference: masked again');
    await apiKey.fill('$OpenAI:ApiKey');
    assert.equal(await apiKey.getAttribute('type'), 'text');
    await apiKey.fill(KEY);
    assert.equal(await apiKey.getAttribute('type'), 'password');
    await workbench.screenshot('dialogs-form-key-masked');
  });

  scenario('2 the question before an environment variable is sent names the connection typed in the form and offers Allow and Deny only; Escape denies', async () => {
    const form = workbench.form('New Connection');
    await form.fill({ name: 'Team Gateway', apiKey: `\${env:${VARIABLE}}`, baseUrl: server.baseUrl });
    const sent = server.requests.length;
    await form.button('Test').click();
    const dialog = workbench.dialog();
    await assertText(dialog.locator('#monaco-dialog-message-text'), new RegExp(`^Send the environment variable ${VARIABLE} to 127\\.0\\.0\\.1:\\d+\\?$`));
    await assertText(dialog.locator('#monaco-dialog-message-detail'), new RegExp(`^The connection 'Team Gateway' uses ${VARIABLE} for API Key`));
    // Deny takes the place of VS Code's Cancel (drawn first on Linux): the only two buttons.
    assert.deepEqual((await dialogButtons()).sort(), ['Allow', 'Deny']);
    // Sending a value somewhere is a risk: this one keeps the warning icon.
    assert.match((await dialog.locator('#monaco-dialog-icon').getAttribute('class')) ?? '', /\bcodicon-dialog-warning\b/);
    await workbench.screenshot('dialogs-variable-question');
    // Escape in the dialog (the form's frame may still hold the keyboard focus).
    await dialog.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await assertText(form.frame.locator('.test-result'), new RegExp(`^✗ .*${VARIABLE}.*not allowed`));
    assert.equal(server.requests.length, sent, 'Escape denied: nothing was sent');
    // Asked again for the form's values (they belong to no stored connection yet); Allow sends.
    await form.button('Test').click();
    await dialog.locator('.monaco-button', { hasText: /^Allow$/ }).waitFor();
    await workbench.dialogButton('Allow');
    await assertText(form.frame.locator('.test-result'), /^✓ Works: 2 models, \d+ ms\.$/);
    await form.button('Cancel').click();
    await workbench.dialogButton('Discard');
    await form.waitClosed();
  });

  scenario('3 the YAML import preview lists one connection per line with its details indented, under the information icon', async () => {
    writeFileSync(join(host.workspaceDir, 'two.yaml'), ['name: pf_first', 'type: open_ai', 'api_key: "<user-input>"', `base_url: ${server.baseUrl}`, '---', 'name: pf_second', 'type: open_ai', 'api_key: ${env:OPENAI_API_KEY}', ''].join('\n'));
    await workbench.runCommand('View: Show Explorer');
    const file = workbench.sidebar.locator('.monaco-list-row', { has: workbench.page.locator('.label-name', { hasText: /^two\.yaml$/ }) });
    await file.waitFor();
    await workbench.contextMenu(file, 'Import from YAML…');
    const dialog = workbench.dialog();
    await assertText(dialog.locator('#monaco-dialog-message-text'), /^Import 2 connections from two\.yaml\?$/);
    const lines = (await dialog.locator('#monaco-dialog-message-detail').innerText()).split('\n');
    const first = lines.findIndex((l) => l.startsWith("Create 'pf_first' (pf_first · OpenAI)"));
    const second = lines.findIndex((l) => l.startsWith("Create 'pf_second' (pf_second · OpenAI)"));
    assert.ok(first >= 0 && second > first, `each connection on a line of its own: ${JSON.stringify(lines)}`);
    assert.ok(
      lines.slice(first + 1, second).some((l) => /^\s+api_key: asked for now \(<user-input>\)$/.test(l)),
      `its details indented beneath it: ${JSON.stringify(lines)}`,
    );
    assert.ok(
      lines.slice(second + 1).some((l) => /^\s+api_key: stays the reference \$\{env:OPENAI_API_KEY\}$/.test(l)),
      JSON.stringify(lines),
    );
    const icon = (await dialog.locator('#monaco-dialog-icon').getAttribute('class')) ?? '';
    assert.match(icon, /\bcodicon-dialog-info\b/, 'the information icon');
    assert.doesNotMatch(icon, /warning/, 'no warning icon');
    await workbench.screenshot('dialogs-yaml-preview');
    await dialog.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
});
