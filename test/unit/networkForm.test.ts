/**
 * The connection form's Network section (extra headers and the key header, for API gateways) as a
 * person uses it: under happy-dom (test/support/formWebview.ts), and in the catalog's sections.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { PROVIDERS, findProvider } from '../../src/domain/providers/catalog';
import { formSections } from '../../src/domain/providers/descriptor';
import { FAKE_OPENAI_KEY } from '../support/fixtures';
import { FormPage, initMessage } from '../support/formWebview';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

describe("the form's Network section", () => {
  it('every provider that sends requests has it (Custom names its header in its configs); one without requests does not', () => {
    for (const provider of PROVIDERS) {
      const network = formSections(provider).network.map((f) => f.key);
      const route = ['proxy', 'proxyUrl', 'proxyUser', 'proxyPassword', 'caCertificates', 'clientCertificate', 'clientKey', 'clientKeyPassphrase'];
      if (!provider.test || provider.id === 'custom') assert.deepEqual(network, [], `${provider.id}: none`);
      else if (provider.test.auth.kind === 'none') assert.deepEqual(network, ['headers', ...route], `${provider.id}: headers, proxy and TLS; it sends no key`);
      else assert.deepEqual(network, ['headers', 'keyHeader', 'keyScheme', ...route], `${provider.id}: headers, the key header, proxy and TLS`);
      assert.ok(!formSections(provider).main.some((f) => f.section === 'network'), `${provider.id}: not in the main part`);
    }
    const headers = findProvider('openai')!.fields.find((f) => f.key === 'headers')!;
    assert.equal(headers.secret, true, 'header values are kept like keys');
  });

  it('is collapsed until it holds a value, or a header is stored', () => {
    const openai = findProvider('openai')!;
    assert.equal(formSections(openai).networkOpen, false, 'collapsed');
    assert.equal(formSections(openai, { keyHeader: 'Ocp-Apim-Subscription-Key' }).networkOpen, true, 'a key header');
    assert.equal(formSections(openai, {}, ['apiKey', 'headers.X-Gateway-Key']).networkOpen, true, 'a stored header');
  });

  it('shows Headers, Key header and Key format under Network, and Save sends them', () => {
    const page = new FormPage(initMessage());
    const section = page.root.querySelector('details.section.network');
    assert.ok(section, 'a Network section');
    assert.equal(section.querySelector('summary')?.textContent, 'Network', 'its heading');
    assert.equal(section.hasAttribute('open'), false, 'collapsed for a new connection');
    assert.ok(section.querySelector('fieldset.map[data-field="headers"]'), 'the Headers editor is in it');
    assert.ok(section.contains(page.field('keyHeader')), 'Key header is in it');
    assert.ok(section.contains(page.field('keyScheme')), 'Key format is in it');
    assert.equal(page.field('headers[0].value').type, 'password', 'a header value is masked like a key');
    assert.equal(page.field('headers[0].key').placeholder, 'X-Gateway-Key', 'a header name as example');
    page.type('name', 'Through the gateway');
    page.type('apiKey', FAKE_OPENAI_KEY);
    page.type('headers[0].key', 'X-Tenant');
    page.type('headers[0].value', '${env:TENANT_TOKEN}');
    page.type('keyHeader', 'cf-aig-authorization');
    page.choose('keyScheme', 'bearer');
    page.click('Save');
    const values = page.sent('save')[0]?.input.values;
    assert.deepEqual(values?.headers, { 'X-Tenant': '${env:TENANT_TOKEN}' }, 'the headers');
    assert.equal(values?.keyHeader, 'cf-aig-authorization', 'the key header');
    assert.equal(values?.keyScheme, 'bearer', 'its format');
  });

  it('a header the product sets itself is refused beside Headers before anything is sent', () => {
    const page = new FormPage(initMessage());
    page.type('name', 'Gateway');
    page.type('apiKey', FAKE_OPENAI_KEY);
    page.type('headers[0].key', 'Authorization');
    page.type('headers[0].value', 'Bearer other');
    page.click('Save');
    assert.equal(page.sent('save').length, 0, 'nothing saved');
    assert.equal(page.error('headers'), "AI Connections sets 'Authorization' itself. To send the key in another header, use Key header.");
  });

  it('an edited connection with a stored header opens the section, the value never sent to the form', () => {
    const connection = { id: '00000000-0000-4000-8000-000000000001', providerId: 'openai', name: 'Gateway', alias: 'gw', scope: 'global' as const, isActive: true, settings: {} };
    const page = new FormPage(initMessage({ mode: 'edit', connection, storedSecrets: { apiKey: {}, 'headers.X-Gateway-Key': {} } }));
    const section = page.root.querySelector('details.section.network');
    assert.ok(section, 'a Network section');
    assert.equal(section.hasAttribute('open'), true, 'open: it holds a header');
    assert.equal(page.field('headers[0].key').value, 'X-Gateway-Key', 'the stored header by name');
    assert.equal(page.field('headers[0].value').value, '', 'its value stays in secret storage');
  });

  it('proxy and TLS fields: the proxy URL, user and password only for "This proxy", the secrets masked and not said to go to the server, a pasted key refused', () => {
    const page = new FormPage(initMessage());
    const section = page.root.querySelector('details.section.network')!;
    for (const key of ['proxy', 'caCertificates', 'clientCertificate', 'clientKey', 'clientKeyPassphrase']) assert.ok(section.contains(page.field(key)), `${key} is in the Network section`);
    const shown = (key: string) => !page.field(key).closest('[data-field]')?.hasAttribute('hidden');
    assert.equal(shown('proxyUrl'), false, 'no proxy URL while VS Code’s proxy settings apply');
    page.choose('proxy', 'custom');
    assert.ok(shown('proxyUrl') && shown('proxyUser') && shown('proxyPassword'), 'the proxy’s URL, user and password');
    assert.equal(page.field('proxyPassword').type, 'password', 'the proxy password is masked');
    assert.equal(page.field('clientKeyPassphrase').type, 'password', 'the passphrase is masked');
    assert.ok(page.root.querySelector('[data-destination-for="apiKey"]'), 'the key says where it goes');
    assert.equal(page.root.querySelector('[data-destination-for="clientKeyPassphrase"]'), null, 'the passphrase goes nowhere');
    page.type('name', 'Behind the proxy');
    page.type('apiKey', FAKE_OPENAI_KEY);
    page.type('proxyUrl', 'http://proxy.example.com:3128');
    // A pasted key's shape, built so the file holds no key-shaped line.
    page.type('clientKey', [['-----BEGIN', 'PRIVATE KEY-----'].join(' '), 'MIGH', ['-----END', 'PRIVATE KEY-----'].join(' ')].join(' '));
    page.click('Save');
    assert.equal(page.sent('save').length, 0, 'nothing saved');
    assert.match(page.error('clientKey') ?? '', /the key stays in its file, never in settings/);
  });
});
