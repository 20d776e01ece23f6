/**
 * A connection's network settings, for company networks and API gateways: extra headers sent with
 * every request (a gateway's own key, a tenant or routing header) and the header the key goes in
 * (Azure API Management's `Ocp-Apim-Subscription-Key`, Cloudflare AI Gateway's
 * `cf-aig-authorization: Bearer …`, Portkey's `x-portkey-api-key`) instead of the provider's own.
 *
 * Every provider that sends requests gets them here, in one place, so a provider added to the
 * catalog gets them too; the Custom provider names its own header in its configs. Header values are
 * secrets (gateways put keys in headers); header names are settings. Names the product sets itself
 * are refused: the form says so when saving, and a request is not sent.
 */
import { LIMITS } from '../limits';
import type { FieldDescriptor, ProviderDescriptor, TestSpec } from './descriptor';

/** The extra headers: a secret map, header name -> value (a literal or a reference). */
export const HEADERS_FIELD = 'headers';
/** The header the key goes in instead of the provider's own, and how (`bearer`: `Bearer <key>`; empty: the key as it is). */
export const KEY_HEADER_FIELD = 'keyHeader';
export const KEY_SCHEME_FIELD = 'keyScheme';
/** The proxy: the machine's (''), none, or the connection's own URL, user and password (a secret). */
export const PROXY_FIELD = 'proxy';
export const PROXY_URL_FIELD = 'proxyUrl';
export const PROXY_USER_FIELD = 'proxyUser';
export const PROXY_PASSWORD_FIELD = 'proxyPassword';
/** TLS: extra certificate authorities and a client certificate (a PEM file's path, or pasted PEM), the client key's file and its passphrase (a secret). */
export const CA_FIELD = 'caCertificates';
export const CLIENT_CERT_FIELD = 'clientCertificate';
export const CLIENT_KEY_FIELD = 'clientKey';
export const PASSPHRASE_FIELD = 'clientKeyPassphrase';

/** An HTTP header name: a token (RFC 9110, section 5.6.2). */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A header value with a line break, a tab or another control character would split or corrupt the request. */
export const HEADER_VALUE_CONTROL = /[\u0000-\u001f\u007f]/;

/** Headers the product (or the HTTP client) always sets itself; lowercase. */
const ALWAYS_RESERVED = ['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'accept', 'anthropic-version'];

/** The providers' authentication headers; lowercase. Only the key header override may name one. */
const AUTH_HEADERS = ['authorization', 'api-key', 'x-api-key', 'x-goog-api-key', 'ocp-apim-subscription-key'];

type KeyAuth = Extract<TestSpec['auth'], { kind: 'bearer' | 'header' | 'keyOrEntra' }>;

function sendsKey(auth: TestSpec['auth']): auth is KeyAuth {
  return auth.kind === 'bearer' || auth.kind === 'header' || auth.kind === 'keyOrEntra';
}

/** The fields of the form's Network section for a provider that sends requests. */
function networkFields(spec: TestSpec): FieldDescriptor[] {
  const headers: FieldDescriptor = {
    key: HEADERS_FIELD,
    label: 'Headers',
    kind: 'map',
    secret: true,
    section: 'network',
    placeholder: 'X-Gateway-Key',
    help: 'Extra headers sent with every request of this connection, such as a gateway’s own key. Values are kept like keys and may be references.',
  };
  if (!sendsKey(spec.auth)) return [headers, ...ROUTE_FIELD_DESCRIPTORS];
  return [
    headers,
    {
      key: KEY_HEADER_FIELD,
      label: 'Key header',
      kind: 'text',
      section: 'network',
      placeholder: 'Ocp-Apim-Subscription-Key',
      help: 'Sends the key in this header instead of the provider’s own, for an API gateway. Leave empty to use the provider’s.',
    },
    {
      key: KEY_SCHEME_FIELD,
      label: 'Key format',
      kind: 'select',
      section: 'network',
      options: [
        { value: '', label: 'The key as it is' },
        { value: 'bearer', label: 'Bearer <key>' },
      ],
    },
    ...ROUTE_FIELD_DESCRIPTORS,
  ];
}

/** The proxy and TLS fields of the Network section. */
const ROUTE_FIELD_DESCRIPTORS: FieldDescriptor[] = [
  {
    key: PROXY_FIELD,
    label: 'Proxy',
    kind: 'select',
    section: 'network',
    help: 'VS Code’s proxy settings: http.proxy, else HTTPS_PROXY from the environment, except for hosts on http.noProxy or NO_PROXY.',
    options: [
      { value: '', label: 'VS Code’s proxy settings' },
      { value: 'none', label: 'No proxy' },
      { value: 'custom', label: 'This proxy' },
    ],
  },
  { key: PROXY_URL_FIELD, label: 'Proxy URL', kind: 'text', required: true, when: { field: PROXY_FIELD, equals: 'custom' }, section: 'network', placeholder: 'http://proxy.example.com:3128' },
  { key: PROXY_USER_FIELD, label: 'Proxy user', kind: 'text', when: { field: PROXY_FIELD, equals: 'custom' }, section: 'network', placeholder: 'Optional' },
  { key: PROXY_PASSWORD_FIELD, label: 'Proxy password', kind: 'password', when: { field: PROXY_FIELD, equals: 'custom' }, section: 'network', placeholder: 'Optional' },
  {
    key: CA_FIELD,
    label: 'Extra CA certificates',
    kind: 'text',
    maxLength: LIMITS.pemValueLength,
    section: 'network',
    placeholder: '~/certs/company-ca.pem',
    help: 'A PEM file, or the PEM pasted here: certificate authorities trusted for this connection beside the usual ones, such as your company’s.',
  },
  { key: CLIENT_CERT_FIELD, label: 'Client certificate', kind: 'text', maxLength: LIMITS.pemValueLength, section: 'network', placeholder: '~/certs/client.pem', help: 'For a server that asks for a client certificate (mutual TLS): a PEM file, or the PEM pasted here.' },
  { key: CLIENT_KEY_FIELD, label: 'Client key', kind: 'text', section: 'network', placeholder: '~/certs/client-key.pem', help: 'The client certificate’s private key: the path of its PEM file. The key stays in its file.' },
  { key: PASSPHRASE_FIELD, label: 'Client key passphrase', kind: 'password', section: 'network', placeholder: 'Optional' },
];

/** The provider with its Network section: every provider that sends requests, except Custom (its configs name its header). */
export function withNetworkFields(provider: ProviderDescriptor): ProviderDescriptor {
  if (!provider.test || provider.test.auth.kind === 'fromConfigs') return provider;
  return { ...provider, fields: [...provider.fields, ...networkFields(provider.test)] };
}

/** Header names the product sets for this provider's requests (lowercase), the key header's aside: fixed, from settings and from secrets. */
function productHeaders(spec: TestSpec): string[] {
  return [...ALWAYS_RESERVED, ...Object.keys(spec.headers ?? {}), ...Object.keys(spec.settingHeaders ?? {}), ...Object.keys(spec.secretHeaders ?? {})].map((h) => h.toLowerCase());
}

/** The key header override as set: its header name and scheme, or undefined (the provider's own header). */
export function keyOverride(settings: Readonly<Record<string, unknown>>): { header: string; bearer: boolean } | undefined {
  const header = settings[KEY_HEADER_FIELD];
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  return { header: header.trim(), bearer: settings[KEY_SCHEME_FIELD] === 'bearer' };
}

/** Why a key header name cannot be used: not a token, or a header the product sets itself. */
export function keyHeaderProblem(spec: TestSpec, header: string): 'name' | 'reserved' | undefined {
  if (!HTTP_TOKEN.test(header)) return 'name';
  return productHeaders(spec).includes(header.toLowerCase()) ? 'reserved' : undefined;
}

/**
 * Why an extra header cannot be sent: not a token, or a header the product sets itself (the
 * provider's own and every authentication header, and the key header when it is overridden).
 */
export function extraHeaderProblem(spec: TestSpec, settings: Readonly<Record<string, unknown>>, header: string): 'name' | 'reserved' | undefined {
  if (!HTTP_TOKEN.test(header)) return 'name';
  const own = sendsKey(spec.auth) ? [spec.auth.kind === 'bearer' ? 'authorization' : spec.auth.header.toLowerCase()] : [];
  const override = keyOverride(settings)?.header.toLowerCase();
  const reserved = [...productHeaders(spec), ...AUTH_HEADERS, ...own, ...(override ? [override] : [])];
  return reserved.includes(header.toLowerCase()) ? 'reserved' : undefined;
}
