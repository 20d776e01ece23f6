import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extractedBundle } from '../../scripts/l10nBundle';
import type { Connection } from '../../src/domain/connection';
import type { TestResult } from '../../src/domain/testing/result';
import { labelText, markdownText, plainLines, plainText, unlinkedText } from '../../src/domain/text/inert';
import { connectionTooltip } from '../../src/views/connectionTreeModel';
import { statusView } from '../../src/views/statusModel';
import { useBundle } from '../../src/ui/text/language';
import { inertMarkdown, inertUi } from '../../src/ui/inertUi';
import { FakeUi } from '../support/fakeUi';
import { NOTIFICATION_LINK } from '../support/inertPatterns';

/** Markdown that would render as a link, image, autolink or HTML in a tooltip. */
const MARKDOWN_ACTIVE = [/(?<!\\)\[[^\]]*(?<!\\)\]\s*\(/, /(?<!\\)<[a-z!/]/i, /https?:\/\//i, /(?<![\\])www\./i, /(?<!\\)\$\(/];

const HOSTILE = [
  'Invalid key. [Fix it](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
  'See [docs](https://evil.example/phish "title") now',
  '[x]\n(command:aiConnections.deleteConnection)',
  'Visit https://evil.example or www.evil.example or mail a@evil.example',
  '<img src=x onerror=alert(1)> <a href="command:x">y</a>',
  '$(alert) $(loading~spin) Warning',
  'right-to-left \u202Eevil\u202C and \u0007bell and \u001b[31mred',
  '![image](https://evil.example/pixel.png)',
  '[ref]: https://evil.example\n[ref]',
];

describe('text from outside is inert wherever VS Code renders it', () => {
  for (const text of HOSTILE) {
    it(`plain surfaces (notifications, QuickPick, status): ${JSON.stringify(text).slice(0, 50)}`, () => {
      const shown = plainText(text);
      assert.equal(shown.match(NOTIFICATION_LINK), null, shown);
      assert.ok(!/\$\(/.test(shown), shown);
      assert.ok(!/[\u0000-\u001F\u202A-\u202E\u2066-\u2069]/.test(shown), JSON.stringify(shown));
    });
    it(`markdown surfaces (tooltips): ${JSON.stringify(text).slice(0, 50)}`, () => {
      const shown = markdownText(text);
      for (const pattern of MARKDOWN_ACTIVE) assert.ok(!pattern.test(shown), `${pattern} in ${shown}`);
    });
    it(`labels VS Code also puts into its own Markdown (the model picker's hover): ${JSON.stringify(text).slice(0, 50)}`, () => {
      const shown = labelText(text);
      for (const pattern of [/\]\(/, /<[A-Za-z/!?]/, /[a-z][a-z0-9+.-]*:\/\//i, /www\./i, /\$\(/, /[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\./]) assert.ok(!pattern.test(shown), `${pattern} in ${shown}`);
      assert.ok(!/[\u0000-\u001F\u202A-\u202E\u2066-\u2069]/.test(shown), JSON.stringify(shown));
      assert.equal(shown.replace(/\u2060/g, ''), plainText(text), 'nothing visible is added to the plain text');
    });
  }

  it('surfaces that link bare addresses (the Chat view) get none: scheme:// and www. carry a word joiner', () => {
    const shown = unlinkedText('You can find your API key at https://platform.openai.com/account/api-keys or www.example.com.');
    assert.ok(!/https?:\/\//.test(shown) && !/www\./.test(shown), shown);
    assert.equal(shown.replace(/\u2060/g, ''), 'You can find your API key at https://platform.openai.com/account/api-keys or www.example.com.');
  });

  it("a dialog's detail keeps its lines and their indentation, each line plain", () => {
    const detail = "Create 'a' (a · OpenAI)\n  requests go to: api.openai.com\n  [x](command:y) $(alert)\u202Eevil\u0007\r\nCreate 'b'\n\nNot imported:\n\t  x";
    assert.equal(plainLines(detail), "Create 'a' (a · OpenAI)\n  requests go to: api.openai.com\n  [x] (command:y) $ (alert) evil\nCreate 'b'\n\nNot imported:\nx");
    for (const text of HOSTILE) for (const line of plainLines(text).split('\n')) assert.equal(line.trimStart(), plainText(line), 'each line as plain as plainText makes it');
  });

  it("the Ui keeps a dialog's lines (confirm and ask alike) and passes its close affordance through", async () => {
    const fake = new FakeUi();
    const ui = inertUi(fake);
    const detail = "Create 'a' (a · OpenAI)\n  api_key: asked for now\nCreate 'b' (b · OpenAI)";
    fake.answers = ['Import', undefined];
    assert.equal(await ui.ask('Import 2 connections from two.yaml?', { detail }, 'Import'), 'Import');
    assert.equal(await ui.confirm('Send \u202Eit?', { detail }, 'Allow', { title: 'Deny', isCloseAffordance: true }), 'Deny', 'dismissed: the close affordance');
    assert.deepEqual(
      fake.shown.map((s) => [s.kind, s.text, s.detail, s.actions, s.close]),
      [
        ['ask', 'Import 2 connections from two.yaml?', detail, ['Import'], undefined],
        ['confirm', 'Send it?', detail, ['Allow', 'Deny'], 'Deny'],
      ],
    );
  });

  it('keeps ordinary words readable', () => {
    assert.equal(plainText('Incorrect API key provided: sk-tes****1234.'), 'Incorrect API key provided: sk-tes****1234.');
    assert.equal(markdownText('Rate limited (429).'), 'Rate limited \\(429\\)\\.');
  });

  it("the tree tooltip and the status tooltip quote a provider's words inertly", () => {
    const connection: Connection = {
      id: '00000000-0000-4000-8000-000000000001',
      alias: 'prod',
      name: 'Prod [x](command:y)',
      providerId: 'openai',
      scope: 'global',
      isActive: true,
      settings: { baseUrl: 'https://user:pw@api.openai.com/v1' },
      secretKeys: ['apiKey'],
      dateCreated: '2026-01-01T00:00:00.000Z',
      dateModified: '2026-01-01T00:00:00.000Z',
    };
    const result: TestResult = { success: false, errorKind: 'auth', message: { code: 'testing.keyRejected', status: 401, quote: { code: 'testing.providerSaid', provider: 'OpenAI', text: HOSTILE.join(' ') } }, latencyMs: 3, testedAt: '2026-01-01T00:00:00.000Z' };
    const tooltip = connectionTooltip(connection, { apiKey: '$uperS3cret_4f9a2c' }, result);
    for (const pattern of [/(?<!\\)\[[^\]]*(?<!\\)\]\s*\(/, /(?<!\\)<[a-z!/]/i, /https?:\/\/(?!\*\*\*@api)/i, /(?<!\\)\$\(/]) assert.ok(!pattern.test(tooltip.replace(/`[^`]*`/g, '')), `${pattern}`);
    assert.ok(!tooltip.includes('pw@'), 'credentials in a stored URL are masked');
    assert.ok(!tooltip.includes('uperS3cret'), 'a literal key starting with $ is masked');
    const status = statusView([connection], new Map([[connection.id, result]]), { running: false }).tooltip;
    assert.ok(!/(?<!\\)\[[^\]]*(?<!\\)\]\s*\(/.test(status), status);
  });
});

/** A translation that tries every markdown trick; placeholders kept, so values still fill in. */
const HOSTILE_TRANSLATION = '[link](https://evil.example) ![img](https://evil.example/p.png) <img src=x onerror=alert(1)> $(icon) **bold**';
const hostileBundle = async (): Promise<Record<string, string>> => Object.fromEntries(Object.entries(await extractedBundle(join(__dirname, '..', '..'))).map(([english]) => [english, `${HOSTILE_TRANSLATION} ${english}`]));

/** The markdown with its code spans (inert by nature) left out. */
const outsideCode = (markdown: string): string => markdown.replace(/(?<!\\)`[^`]*`/g, '');

function assertInert(markdown: string): void {
  const text = outsideCode(markdown);
  for (const raw of ['[link](', '![img]', '$(icon)', '**bold**', 'https://evil']) assert.ok(!text.includes(raw), `${raw} in ${markdown}`);
  for (const pattern of [...MARKDOWN_ACTIVE, /(?<!\\)<img/, /(?<!\\)!\[/, /(?<!\\)\*\*bold/]) assert.ok(!pattern.test(text), `${pattern} in ${markdown}`);
  assert.ok(text.includes(markdownText(HOSTILE_TRANSLATION)), `the translation is still shown, as words: ${markdown}`);
}

describe('a translation is inert wherever it is put into tooltip markdown', () => {
  before(async () => useBundle(await hostileBundle()));
  after(() => useBundle(undefined));

  const connection: Connection = {
    id: '00000000-0000-4000-8000-000000000002',
    alias: 'prod',
    name: 'Prod',
    providerId: 'openai',
    scope: 'global',
    isActive: false,
    settings: { baseUrl: 'https://api.openai.com/v1', organization: 'org-1' },
    secretKeys: ['apiKey'],
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateModified: '2026-01-01T00:00:00.000Z',
  };
  const other: Connection = { ...connection, id: '00000000-0000-4000-8000-000000000003', alias: 'dev', name: 'Dev', isActive: true };
  const untested: Connection = { ...connection, id: '00000000-0000-4000-8000-000000000004', alias: 'new', name: 'New', isActive: true };
  const failed: TestResult = { success: false, errorKind: 'auth', message: { code: 'testing.keyRejected', status: 401 }, latencyMs: 3, testedAt: '2026-01-01T00:00:00.000Z' };
  const passed: TestResult = { success: true, latencyMs: 240, modelCount: 3, testedAt: '2026-01-01T00:00:00.000Z' };
  const skipped: TestResult = { success: false, skipped: true, message: { code: 'testing.noTest' }, latencyMs: 0, testedAt: '2026-01-01T00:00:00.000Z' };

  it('the tree tooltip shows a hostile translation (link, image, HTML, icon, bold) as its words', () => {
    for (const result of [failed, passed, skipped, undefined]) {
      assertInert(connectionTooltip(connection, {}, result, ['$OpenAI:ApiKey not found'], 'api'));
      assertInert(connectionTooltip(other, { apiKey: 'sk-test-abcdefghijkl' }, result));
    }
  });

  it('the status bar tooltip shows a hostile translation as its words', () => {
    for (const run of [{ running: false as const }, { running: true as const, done: 1, total: 2 }]) {
      assertInert(
        statusView(
          [connection, other, untested],
          new Map([
            [connection.id, failed],
            [other.id, passed],
          ]),
          run,
        ).tooltip,
      );
      assertInert(statusView([other], new Map(), run).tooltip);
      assertInert(statusView([other, untested], new Map([[other.id, failed]]), run).tooltip);
    }
  });
});

describe('the MarkdownStrings the extension builds', () => {
  it('are made inert: not trusted, no HTML, no theme icons', () => {
    const markdown = inertMarkdown({ value: '**x**', isTrusted: true as boolean | { enabledCommands: string[] }, supportHtml: true, supportThemeIcons: true });
    assert.deepEqual(markdown, { value: '**x**', isTrusted: false, supportHtml: false, supportThemeIcons: false });
  });

  it('each go through inertMarkdown where they are created', () => {
    const root = join(__dirname, '..', '..', 'src');
    const created: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          for (const line of readFileSync(path, 'utf8').split('\n')) {
            if (/\bMarkdownString\(/.test(line)) created.push(`${relative(root, path)}: ${/inertMarkdown\(new vscode\.MarkdownString\(/.test(line) ? 'inert' : line.trim()}`);
          }
        }
      }
    };
    walk(root);
    assert.deepEqual(created.sort(), ['vscode/tree/connectionTreeProvider.ts: inert', 'vscode/ui.ts: inert']);
  });
});
