/**
 * Localization plumbing: the committed bundle holds every text the code asks for, the pseudo
 * locale marks texts without breaking placeholders or welcome-view buttons, and a configured
 * bundle reaches what `say` renders.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { extractedBundle, pseudoBundle, pseudoText } from '../../scripts/l10nBundle';
import { say } from '../../src/ui/text';
import { localizeProvider } from '../../src/ui/text/terms';
import { findProvider } from '../../src/domain/providers/catalog';
import { formatNumber, useBundle, useNumberLocale } from '../../src/ui/text/language';
import { copyNameText } from '../../src/ui/text/labels';

const root = join(__dirname, '..', '..');

describe('l10n bundle', () => {
  it('l10n/bundle.l10n.json is current (run `npm run l10n` after changing a text)', async () => {
    const committed = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8'));
    assert.deepEqual(committed, await extractedBundle(root));
  });

  it('holds the catalog texts, which are data rather than l10n.t calls', async () => {
    const bundle = await extractedBundle(root);
    assert.equal(bundle['API Key'], 'API Key');
    assert.equal(bundle['Speech to text'], 'Speech to text');
  });
});

describe('l10n.t calls', () => {
  it('give their text as a literal, so that `npm run l10n` finds it (catalog terms excepted)', () => {
    const dynamic: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8');
          for (const call of text.matchAll(/l10n\.t\(\s*([^)]{0,120})/g)) {
            const argument = call[1]!;
            const literal = /^['"`]/.test(argument) || /^\{\s*message: ['"`][^]*?comment: \[\s*['"`]/.test(argument);
            if (!literal) dynamic.push(`${relative(root, path)}: l10n.t(${argument.split('\n')[0]}`);
          }
        }
      }
    };
    walk(join(root, 'src'));
    assert.deepEqual(dynamic, ['src/ui/text/terms.ts: l10n.t(english, args ?? {}']);
  });
});

describe('numbers', () => {
  after(() => useNumberLocale(undefined));

  it('are written as the display language writes them, and in English for a language Intl does not know', () => {
    useNumberLocale('de');
    assert.equal(say({ code: 'validation.tooLong', label: 'API Key', length: 10_485_760, max: 16_384 }), 'API Key is too long (10.485.760 characters; at most 16.384).');
    useNumberLocale('qps-ploc');
    assert.equal(formatNumber(16_384), '16,384');
    useNumberLocale(undefined);
    assert.equal(formatNumber(16_384), '16,384');
  });
});

describe('pseudo locale', () => {
  it('marks every line and keeps placeholders', () => {
    assert.equal(pseudoText('New Connection'), '[!! New Connection !!]');
    assert.equal(pseudoText("'{name}' was deleted."), "[!! '{name}' was deleted. !!]");
    assert.equal(pseudoText('One\n\nTwo'), '[!! One !!]\n\n[!! Two !!]');
  });

  it('keeps a welcome-view button a link', () => {
    assert.equal(pseudoText('[Create Connection](command:aiConnections.newConnection)'), '[!! Create Connection !!](command:aiConnections.newConnection)');
  });
});

describe('a configured bundle', () => {
  after(() => useBundle(undefined));

  it('reaches messages and catalog texts', async () => {
    useBundle(pseudoBundle(await extractedBundle(root)));
    assert.equal(say({ code: 'store.notFound' }), '[!! The connection no longer exists. It may have been deleted in another window. !!]');
    assert.equal(copyNameText('OpenAI'), '[!! OpenAI (copy) !!]');
    const openai = localizeProvider(findProvider('openai')!);
    assert.equal(openai.fields.find((f) => f.key === 'apiKey')?.label, '[!! API Key !!]');
  });
});
