import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '../../src/domain/connection';
import type { TestResult } from '../../src/domain/testing/result';
import { labelText, markdownText, plainText, unlinkedText } from '../../src/domain/text/inert';
import { connectionTooltip } from '../../src/views/connectionTreeModel';
import { statusView } from '../../src/views/statusModel';
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

  it('keeps ordinary words readable', () => {
    assert.equal(plainText('Incorrect API key provided: sk-tes****1234.'), 'Incorrect API key provided: sk-tes****1234.');
    assert.equal(markdownText('Rate limited (429).'), 'Rate limited \\(429\\)\\.');
  });

  it('the tree tooltip and the status tooltip quote a provider\'s words inertly', () => {
    const connection: Connection = {
      id: '00000000-0000-4000-8000-000000000001', alias: 'prod', name: 'Prod [x](command:y)', providerId: 'openai', scope: 'global', isActive: true,
      settings: { baseUrl: 'https://user:pw@api.openai.com/v1' }, secretKeys: ['apiKey'], dateCreated: '2026-01-01T00:00:00.000Z', dateModified: '2026-01-01T00:00:00.000Z',
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
