/**
 * End-to-end: how AI Connections looks at a glance in a real VS Code: one view title, no status
 * bar item before there is anything to test, a failed connection's icon, the grouped Provider list,
 * the collapsed promptflow section, each provider's own key help, and the extension's icon in the
 * Extensions view with a README that has no broken picture. Screenshots of each go to test/e2e/artifacts/look-*.png.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { PROVIDERS } from '../../src/domain/providers/catalog';
import { groupProviders, PROVIDER_GROUP_LABELS } from '../../src/domain/providers/descriptor';
import { prepareHost, startHost, type RunningHost } from './host';
import { startFakeProvider, type FakeProvider } from '../support/fakeProviders';
import { Workbench, scenarios, type ConnectionFormDriver } from './workbench';

const VSIX = join(__dirname, '..', '..', `ai-connections-${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}.vsix`);

let host: RunningHost;
let openaiServer: FakeProvider;
let workbench: Workbench;

const scenario = scenarios('look', () => ({ workbench, host }));

async function newForm(): Promise<ConnectionFormDriver> {
  await workbench.runCommand('AI Connections: New Connection');
  const form = workbench.form('New Connection');
  await form.waitReady();
  return form;
}

describe('AI Connections at a glance', () => {
  before(async () => {
    prepareHost();
    // Accepts another key than the one the connection is saved with: its test fails with 401.
    openaiServer = await startFakeProvider('openai', { key: 'sk-test-look-accepted-000000' });
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-look-'));
    host = await startHost(VSIX, { root });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
    await openaiServer?.close();
  });

  scenario('1 the view has one title, and the status bar shows nothing before any connection', async () => {
    await workbench.openContainer();
    await workbench.sidebar.locator('.welcome-view-content .monaco-button', { hasText: 'Create Connection' }).waitFor();
    assert.equal((await workbench.sidebar.locator('.composite.title .title-label').innerText()).trim().toUpperCase(), 'AI CONNECTIONS');
    // A command of the extension has run once it answers: activation, and the status bar's first paint, are behind it.
    await workbench.runCommand('AI Connections: Refresh Connections');
    await workbench.page.locator('.statusbar').waitFor();
    assert.equal(await workbench.statusBarItem().count(), 0, 'no "AI 0" in the status bar');
    await workbench.screenshot('look-1-empty');
  });

  scenario('2 the Provider list is grouped, with headings that cannot be chosen', async () => {
    const form = await newForm();
    const list = form.frame.locator('[name="providerId"]');
    await list.click();
    const headings = list.locator('vscode-option.group-heading');
    assert.deepEqual(
      (await headings.allInnerTexts()).map((t) => t.trim().toLowerCase()),
      ['chat model providers', 'model servers on your machine', 'azure ai services', 'search and data', 'custom'],
    );
    for (const heading of await headings.all()) {
      assert.equal(await heading.getAttribute('aria-disabled'), 'true');
      assert.equal(await heading.getAttribute('aria-hidden'), 'true');
    }
    const order = await list.locator('vscode-option').evaluateAll((options) => options.map((o) => (o.classList.contains('group-heading') ? `# ${o.textContent?.trim()}` : o.getAttribute('value'))));
    // The catalog's groups and order, headings as the form shows them (the unit tests pin the order itself).
    const catalogOrder = groupProviders(PROVIDERS).flatMap(({ group, providers }) => [`# ${PROVIDER_GROUP_LABELS[group]}`, ...providers.map((p) => p.id)]);
    assert.deepEqual(order, catalogOrder);
    const describedBy = await list.locator('vscode-option[value="anthropic"]').getAttribute('aria-describedby');
    assert.equal((await list.locator(`[id="${describedBy}"]`).innerText()).trim().toLowerCase(), 'chat model providers', 'an option is described by its group');
    await workbench.screenshot('look-2-provider-groups');
    await workbench.page.keyboard.press('Escape');
    await form.button('Cancel').click();
    await form.waitClosed();
  });

  scenario("3 each provider group in the form; the key help names the provider's own reference", async () => {
    const form = await newForm();
    for (const [provider, shot, help] of [
      ['Anthropic', 'look-3-chat-anthropic', /\$Anthropic:ApiKey or \$\{env:ANTHROPIC_API_KEY\}/],
      ['Azure AI Services', 'look-3-azure-ai-services', /\$AzureAIServices:ApiKey or \$\{env:AZURE_AI_SERVICES_API_KEY\}/],
      ['Qdrant', 'look-3-data-qdrant', /\$Qdrant:ApiKey or \$\{env:QDRANT_API_KEY\}/],
    ] as const) {
      await form.selectProvider(provider);
      await form.frame
        .locator('.provider-description')
        .filter({ hasText: provider === 'Anthropic' ? 'Anthropic API' : provider })
        .first()
        .waitFor();
      assert.match(await form.frame.locator('#help-apiKey').innerText(), help);
      await workbench.screenshot(shot);
    }
    await form.selectProvider('Custom');
    await form.frame.locator('fieldset.map').first().waitFor();
    await workbench.screenshot('look-3-custom');
    await form.button('Cancel').click();
    await workbench.dialogButton('Discard');
    await form.waitClosed();
  });

  scenario('4 Azure OpenAI keeps API Type, Resource ID and Other promptflow keys in a collapsed promptflow section', async () => {
    const form = await newForm();
    await form.selectProvider('Azure OpenAI');
    const section = form.frame.locator('details.promptflow');
    await section.waitFor();
    assert.equal((await section.getAttribute('open')) !== null, false, 'collapsed for a new connection');
    assert.equal(await form.input('apiType').isVisible(), false);
    assert.equal(await form.input('resourceId').isVisible(), false);
    assert.equal(await form.input('endpoint').isVisible(), true);
    await workbench.screenshot('look-4-promptflow-collapsed');
    await section.locator('summary').click();
    await form.input('resourceId').waitFor({ state: 'visible' });
    assert.equal(await form.input('apiType').isVisible(), true);
    assert.ok(await section.locator('fieldset.map').isVisible(), 'Other promptflow keys is in the section');
    await workbench.screenshot('look-4-promptflow-open');
    // Saved with a value there, the section opens by itself when the connection is edited.
    await form.fill({ name: 'Azure Look', alias: 'azure-look', endpoint: 'https://contoso-look.openai.azure.com', apiKey: 'azure-look-key-0000', resourceId: '/subscriptions/0000/accounts/look' });
    await section.locator('summary').click();
    await form.save();
    await form.waitClosed();
    await workbench.treeItem('Azure Look').dblclick();
    const edit = workbench.form('Edit: Azure Look');
    await edit.waitReady();
    assert.equal((await edit.frame.locator('details.promptflow').getAttribute('open')) !== null, true, 'open: Resource ID holds a value');
    assert.equal(await edit.input('resourceId').inputValue(), '/subscriptions/0000/accounts/look');
    await edit.button('Cancel').click();
    await edit.waitClosed();
  });

  scenario('5 the status bar appears with the first connection, and a failed test changes the icon', async () => {
    await assertCount(workbench.statusBarItem(), 1);
    const form = await newForm();
    await form.fill({ name: 'OpenAI Look', alias: 'openai-look', apiKey: 'sk-test-look-rejected-111111', baseUrl: openaiServer.baseUrl });
    await form.save();
    await form.waitClosed();
    const item = workbench.treeItem('OpenAI Look');
    const icon = item.locator('.custom-view-tree-node-item-icon');
    await item.waitFor();
    assert.match((await icon.getAttribute('class')) ?? '', /codicon-sparkle/);
    await workbench.contextMenu(item, 'Test Connection');
    await workbench.expectNotification(/'OpenAI Look' failed its test: The API key was rejected \(401\)/);
    await item.locator('.custom-view-tree-node-item-icon.codicon-error').waitFor();
    // Drawn in the theme's color for a failed test (VS Code sets it on the icon; a selected row draws over it).
    const failedColor = await workbench.page.evaluate<string>(
      "(() => { const probe = document.createElement('span'); probe.style.color = 'var(--vscode-testing-iconFailed)'; document.querySelector('.monaco-workbench').append(probe); const color = getComputedStyle(probe).color; probe.remove(); return color; })()",
    );
    assert.match((await icon.getAttribute('style')) ?? '', new RegExp(`color: ${failedColor.replace(/[()]/g, '\\$&')}`));
    await workbench.page.locator('#workbench\\.parts\\.editor').click();
    await workbench.screenshot('look-5-failed-icon');
  });

  scenario("6 the Extensions view shows the extension's icon and a README without broken pictures", async () => {
    await workbench.runCommand('Extensions: Show Installed Extensions');
    const entry = workbench.page.locator('.extensions-list .monaco-list-row', { hasText: 'AI Connections' }).first();
    await entry.waitFor();
    const listIcon = entry.locator('img.icon');
    await listIcon.waitFor();
    assert.match((await listIcon.getAttribute('src')) ?? '', /icon\.png/);
    assert.ok(
      await listIcon.evaluate((img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth === 128;
      }),
      'the icon loads',
    );
    await entry.click();
    const editorIcon = workbench.page.locator('.extension-editor .header img.icon');
    await editorIcon.waitFor();
    assert.ok(
      await editorIcon.evaluate((img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth === 128;
      }),
      'the details page shows the icon',
    );
    // The details page shows the README with no broken picture (its webview loads images only from https).
    const readme = workbench.page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame().locator('iframe#active-frame').contentFrame();
    await readme.locator('h2', { hasText: 'Using it' }).waitFor();
    assert.equal(await readme.locator('img').count(), 0, 'no picture that the details page cannot load');
    await workbench.screenshot('look-6-extension-details');
  });
});

async function assertCount(locator: ReturnType<Workbench['statusBarItem']>, count: number): Promise<void> {
  await locator.first().waitFor({ state: count > 0 ? 'visible' : 'detached' });
  assert.equal(await locator.count(), count);
}
