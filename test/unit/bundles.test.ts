import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What esbuild puts into a bundle from a given entry, with the extension's externals. */
async function inputsOf(entry: string, external: string[], platform: 'node' | 'browser' = 'node'): Promise<string[]> {
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, metafile: true, platform, format: platform === 'node' ? 'cjs' : 'iife', external, logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
}

describe('bundles', () => {
  it('every bundle the build writes goes into the .vsix: one loaded later but left out would fail only when first used', () => {
    const root = join(__dirname, '..', '..');
    const outfiles = [...readFileSync(join(root, 'esbuild.js'), 'utf8').matchAll(/outfile: '(dist\/[a-z]+\.js)'/g)].map((m) => m[1]!);
    assert.ok(outfiles.includes('dist/dotenvx.js'), 'the build writes dist/dotenvx.js');
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.deepEqual(
      outfiles.filter((file) => !ignore.includes(`!${file}`)),
      [],
    );
  });

  it('keeps the yaml package out of the activation path: only dist/yaml.js holds it', async () => {
    const extension = await inputsOf('src/extension.ts', ['vscode', './chat.js', './yaml.js', './dotenvx.js', './network.js']);
    assert.ok(!extension.some((f) => f.includes('node_modules/yaml/')), 'extension.js must not contain the yaml package');
    assert.ok(!extension.some((f) => f.includes('node_modules/undici/')), 'nor undici, which dist/network.js loads on the first request through a proxy or with TLS options');
    assert.ok(!extension.some((f) => f.includes('node_modules/@dotenvx/')), 'nor dotenvx, which dist/dotenvx.js loads on the first encrypted .env value');
    // Only the table of promptflow types and the $schema URL match, for the YAML extension's schema lookup,
    // and which stored keys an update keeps, for the import's preview.
    assert.deepEqual(extension.filter((f) => f.startsWith('src/domain/yaml/')).sort(), ['src/domain/yaml/kept.ts', 'src/domain/yaml/promptflowTypes.ts', 'src/domain/yaml/schemaLink.ts']);
    const yaml = await inputsOf('src/vscode/yaml/yamlBundle.ts', ['vscode']);
    assert.ok(yaml.some((f) => f.includes('node_modules/yaml/')));
    const network = await inputsOf('src/vscode/network/networkBundle.ts', []);
    assert.ok(
      network.some((f) => f.includes('node_modules/undici/')),
      'dist/network.js holds undici',
    );
    const dotenvx = await inputsOf('src/vscode/vaults/dotenvxBundle.ts', []);
    assert.deepEqual(
      dotenvx.filter((f) => !f.startsWith('node_modules/@dotenvx/primitives/')),
      ['src/vscode/vaults/dotenvxBundle.ts'],
    );
  });

  it('keeps the text layer out of the chat request code: a failure is put into words by the extension bundle', async () => {
    const chat = await inputsOf('src/vscode/chat/requests.ts', ['vscode']);
    assert.deepEqual(
      chat.filter((f) => f.startsWith('src/ui/')),
      [],
      'dist/chat.js carries no second copy of src/ui',
    );
    assert.ok(!chat.some((f) => f.startsWith('src/domain/testing/')), 'nor the testing code');
  });

  it('gives the form only the texts it renders: the field checks, the model values and the display language', async () => {
    const webview = await inputsOf('webview-ui/main.ts', [], 'browser');
    assert.deepEqual(webview.filter((f) => f.startsWith('src/ui/')).sort(), ['src/ui/text/language.ts', 'src/ui/text/modelValues.ts', 'src/ui/text/scope.ts', 'src/ui/text/terms.ts', 'src/ui/text/validation.ts']);
  });
});
