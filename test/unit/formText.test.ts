/**
 * The connection form's texts: the webview has no English of its own. Every text it shows comes
 * from the host in the init message (`strings`, rendered with l10n), provider descriptors arrive
 * translated, and a text left out is a protocol error rather than a silent English fallback.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { extractedBundle, pseudoBundle } from '../../scripts/l10nBundle';
import { FormStringsSchema, type InitMessage } from '../../src/protocol/formProtocol';
import { validateConnection } from '../../src/domain/validation';
import { sayFieldErrors } from '../../src/ui/text/validation';
import { formStrings } from '../../src/ui/text/form';
import { openAiInput } from '../support/fixtures';
import { harness } from '../support/uiHarness';
import { useBundle } from '../../src/ui/text/language';
import { fill } from '../../webview-ui/strings';

const root = join(__dirname, '..', '..');
const webviewDir = join(root, 'webview-ui');

/** The webview's source without comments, file by file. */
function webviewSources(): { file: string; code: string }[] {
  return readdirSync(webviewDir)
    .filter((f) => f.endsWith('.ts'))
    .map((file) => ({
      file,
      code: readFileSync(join(webviewDir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, ''),
    }));
}

async function initOf(h: ReturnType<typeof harness>, key: string): Promise<InitMessage> {
  await h.forms.session(key)!.receive({ type: 'ready' });
  const init = h.views.last.last('init');
  assert.ok(init, h.logger.lines.join('\n'));
  return init;
}

describe('the form webview gets every text from the host', () => {
  it('the texts the webview reads are exactly the texts the protocol carries', () => {
    const read = new Set(webviewSources().flatMap(({ code }) => [...code.matchAll(/\bstrings\.(\w+)/g)].map((m) => m[1]!)));
    const carried = Object.keys(FormStringsSchema.shape).sort();
    assert.deepEqual([...read].sort(), carried, 'a text the webview reads is not in FormStringsSchema, or a carried text is never shown');
    assert.deepEqual(Object.keys(formStrings()).sort(), carried);
  });

  it('the webview writes no words of its own where a person reads them', () => {
    // Where text reaches the page: labels, placeholders, accessible names, text content, help and notes.
    const sink = /\b(label|ariaLabel|placeholder|title|textContent|innerText)\b|'aria-label'|\b(note|help|row)\(/;
    // Literals there may only be keys, values and class names (`providerId`, `azure-openai`), or symbols (`✕`, `✓ `).
    const word = /^(?![a-z[\]][A-Za-z0-9_.:\-[\]]*$).*[A-Za-z]/;
    const found: string[] = [];
    for (const { file, code } of webviewSources()) {
      for (const [index, line] of code.split('\n').entries()) {
        if (!sink.test(line)) continue;
        const literals = [...line.replace(/\$\{[^}]*\}/g, '').matchAll(/(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((m) => m[2]!);
        for (const literal of literals) if (word.test(literal)) found.push(`${file}:${index + 1} ${literal}`);
      }
    }
    // Anywhere else (the console aside): nothing that reads as a phrase (`Nothing to test.`, `stored — leave empty`).
    const phrase = /^[A-Z][a-z]+[ ,.…]|\b[a-z]+ [a-z]+ [a-z]+\b/;
    for (const { file, code } of webviewSources()) {
      for (const [index, line] of code.split('\n').entries()) {
        if (/\bconsole\./.test(line)) continue;
        const literals = [...line.replace(/\$\{[^}]*\}/g, '').matchAll(/(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((m) => m[2]!);
        for (const literal of literals) if (phrase.test(literal)) found.push(`${file}:${index + 1} ${literal}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it('in English, the init message carries the texts the form showed before they came from the host', async () => {
    const h = harness();
    const created = await h.store.create(openAiInput());
    h.forms.open(created);
    assert.equal(h.views.last.title, `Edit: ${created.name}`);
    const init = await initOf(h, created.id);
    assert.equal(init.strings.save, 'Save');
    assert.equal(init.strings.delete, 'Delete…');
    assert.equal(init.strings.headingEdit, 'Edit {name}');
    assert.equal(init.strings.testWorks, 'Works: {count} models, {ms} ms.');
    assert.equal(init.strings.storedPlaceholder, 'stored — leave empty to keep');
    assert.equal(init.strings.introNew, 'Keys are kept in VS Code\u2019s secret storage. A value like $OpenAI:ApiKey or ${env:OPENAI_API_KEY} is stored as a reference.');
    assert.equal(init.strings.escapedDollar, 'Stored as typed; sent with one $ less ($$ stands for $).');
    assert.equal(init.providers.find((p) => p.id === 'openai')!.fields.find((f) => f.key === 'apiKey')!.label, 'API Key');
    assert.deepEqual(init.translations, {}, 'nothing to translate in English');
    h.forms.open();
    assert.equal(h.views.last.title, 'New Connection');
  });
});

describe("the webview's placeholders", () => {
  it('fills in each {name} given a value, and leaves any other as written', () => {
    assert.equal(fill('Edit {name}', { name: 'Prod' }), 'Edit Prod');
    assert.equal(fill('{count} of {count}, {ms} ms', { count: 2, ms: 0 }), '2 of 2, 0 ms', 'every occurrence, and 0 is a value');
    assert.equal(fill('Sent to {host} as {header}', { host: 'api.openai.com' }), 'Sent to api.openai.com as {header}', 'a placeholder without a value stays');
    assert.equal(fill('${env:{name}}', {}), '${env:{name}}', 'a reference-like text is not erased');
  });
});

describe('the form in another display language', () => {
  after(() => useBundle(undefined));

  it('every text the webview is sent is translated (pseudo locale: all marked)', async () => {
    useBundle(pseudoBundle(await extractedBundle(root)));
    const marked = /^\[!! [\s\S]+ !!\]$/;
    const h = harness();
    const created = await h.store.create({ providerId: 'custom', name: 'Custom', alias: 'custom', scope: 'global', isActive: true, values: { configs: {}, secrets: { api_key: 'k' } } });
    h.forms.open(created);
    assert.match(h.views.last.title, marked);
    const init = await initOf(h, created.id);
    for (const [key, text] of Object.entries(init.strings)) {
      for (const [part, each] of typeof text === 'string' ? [[key, text]] : Object.entries(text).map(([k, t]) => [`${key}.${k}`, t])) assert.match(each!, marked, part);
    }
    assert.equal(init.strings.headingEdit, '[!! Edit {name} !!]', 'placeholders stay for the webview to fill in');
    const unmarked: string[] = [];
    for (const provider of init.providers) {
      if (provider.description && !marked.test(provider.description)) unmarked.push(`${provider.id}: ${provider.description}`);
      for (const field of provider.fields) {
        for (const text of [field.label, field.help, ...(field.options ?? []).map((o) => o.label)]) {
          if (text && !marked.test(text)) unmarked.push(`${provider.id}.${field.key}: ${text}`);
        }
      }
    }
    assert.deepEqual(unmarked, []);

    // The webview's own checks: its @vscode/l10n knows only what the init message carries.
    useBundle(undefined);
    const empty = { providerId: 'openai', name: '', alias: '', scope: 'global', isActive: true, values: {} };
    const check = () => validateConnection(empty, { takenAliases: new Map(), workspaceAvailable: true });
    const english = check();
    assert.ok(!english.ok && Object.values(sayFieldErrors(english.errors)).every((text) => !marked.test(text)));
    useBundle(init.translations);
    const result = check();
    assert.ok(!result.ok);
    const errors = sayFieldErrors(result.errors);
    assert.ok(Object.keys(errors).length >= 2, JSON.stringify(errors));
    for (const [field, text] of Object.entries(errors)) assert.match(text, marked, field);
  });
});
