/**
 * `npm run activation`: how long the extension's activation takes in a real VS Code, read off the
 * Running Extensions view beside Git's and Emmet's in the same session, with a screenshot.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareHost, startHost } from './host';
import { Workbench, artifactsDir } from './workbench';

const NAMES = ['AI Connections', 'Git', 'Emmet'];

async function main(): Promise<void> {
  const rootDir = join(__dirname, '..', '..');
  const version = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')).version;
  prepareHost();
  const root = mkdtempSync(join(tmpdir(), 'ai-connections-activation-'));
  const host = await startHost(join(rootDir, `ai-connections-${version}.vsix`), { root });
  writeFileSync(join(host.workspaceDir, 'index.html'), '<!DOCTYPE html>\n<p>emmet</p>\n');
  const workbench = await Workbench.open(host.url, join(root, 'profile'));
  try {
    await workbench.openContainer();
    await workbench.sidebar.locator('.welcome-view-content .monaco-button').waitFor();
    // Emmet activates for markup languages: open one.
    await workbench.page.keyboard.press('Control+P');
    await workbench.page.locator('.quick-input-widget input').fill('index.html');
    await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'index.html' }).first().click();
    await workbench.page.locator('.monaco-editor .view-lines', { hasText: 'emmet' }).first().waitFor();
    await workbench.runCommand('Developer: Show Running Extensions');
    const editor = workbench.page.locator('.runtime-extensions-editor');
    await editor.waitFor();
    const times: Record<string, string> = {};
    for (const name of NAMES) {
      const row = editor.locator('.monaco-list-row', { has: workbench.page.locator('.name', { hasText: new RegExp(`^${name}$`) }) }).first();
      await row.locator('.activation-time').waitFor();
      times[name] = (await row.locator('.activation-time').innerText()).trim();
    }
    const dir = join(artifactsDir, 'screens');
    mkdirSync(dir, { recursive: true });
    await workbench.page.screenshot({ path: join(dir, 'running-extensions.png') });
    for (const name of NAMES) console.log(`${name.padEnd(15)} ${times[name]}`);
  } finally {
    await workbench.close();
    await host.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
