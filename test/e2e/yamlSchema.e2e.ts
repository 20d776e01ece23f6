/**
 * End-to-end: a promptflow file that names its schema with promptflow's `$schema` URL (no longer
 * served) is validated against the schema this extension ships, through the YAML extension's
 * (redhat.vscode-yaml) schema API, in a real VS Code (code-server) with both extensions installed.
 * The file is not named *.connection.yaml, so only the `$schema` link can bring the schema in.
 * Skipped, saying why, when the YAML extension can't be prepared (see yamlExtension.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareHost, startHost, type RunningHost } from './host';
import { Workbench } from './workbench';
import { prepareYamlExtension } from './yamlExtension';

const VSIX = join(__dirname, '..', '..', `ai-connections-${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}.vsix`);
const yamlExtension = prepareYamlExtension();

const OPENAI = [
  '$schema: https://azuremlschemas.azureedge.net/promptflow/latest/OpenAIConnection.schema.json',
  'name: my_openai',
  // The wrong field: promptflow's type is open_ai.
  'type: openai',
  'api_key: ${env:OPENAI_API_KEY}',
  '',
].join('\n');

let host: RunningHost;
let workbench: Workbench;

async function openFile(name: string): Promise<void> {
  await workbench.page.keyboard.press('Control+P');
  await workbench.page.locator('.quick-input-widget input').fill(name);
  await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await workbench.page.locator('.monaco-editor .view-lines', { hasText: 'my_openai' }).first().waitFor();
}

describe('promptflow $schema in VS Code with the YAML extension', { skip: 'skip' in yamlExtension ? yamlExtension.skip : false }, () => {
  before(async () => {
    prepareHost();
    const root = mkdtempSync(join(tmpdir(), 'ai-connections-e2e-yaml-'));
    const workspace = join(root, 'workspace');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'openai.yaml'), OPENAI);
    host = await startHost(VSIX, { root, alsoInstall: ['vsix' in yamlExtension ? yamlExtension.vsix : ''] });
    workbench = await Workbench.open(host.url, join(root, 'chromium-profile'));
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await host?.stop();
  });

  it("shows the shipped schema's diagnostic for a file naming promptflow's OpenAI $schema", async () => {
    try {
      await openFile('openai.yaml');
      const text = await workbench.problems(/Value must be "open_ai"/, 60_000);
      assert.match(text, /Value must be "open_ai"/);
      assert.match(text, /openai\.yaml/);
    } catch (error) {
      await workbench?.saveArtifacts('yaml $schema', host.userDataDir);
      throw error;
    }
  });
});
