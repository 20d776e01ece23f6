/**
 * What connection tests say (see src/ui/text/index.ts): a failed request's explanation, a config
 * problem, and the short badge of a result. Server text arrives as parameters (scrubbed by the
 * domain) and is placed in whole sentences, never parsed or formatted further.
 */
import * as l10n from '@vscode/l10n';
import type { FieldName, ProviderSaid, RequestTestingMessage } from '../../domain/requests/messages';
import { isMessage, type TestingMessage } from '../../domain/messages';
import type { ModelListFormat } from '../../domain/testing/modelLists';
import type { Say } from './say';
import { term } from './terms';

/** A field as named in a message: a catalog label (translated as a term) or a phrase. */
function fieldText(field: FieldName | undefined, say: Say): string {
  if (typeof field === 'string') return term(field);
  return isMessage(field) ? say(field) : '';
}

/** A nested message (a cause), or a text as it is. */
function nested(value: unknown, say: Say): string {
  return isMessage(value) ? say(value) : typeof value === 'string' ? value : '';
}

/** A sentence, then the provider's own words when it gave any. */
export function withQuote(text: string, quote: ProviderSaid | undefined, say: Say): string {
  return isMessage(quote) ? `${text} ${say(quote)}` : text;
}

function formatText(format: ModelListFormat): string {
  switch (format) {
    case 'openai':
      return l10n.t('an OpenAI-style model list ({ "data": [{ "id": ... }] })');
    case 'together':
      return l10n.t('a Together AI model list ([{ "id": ... }])');
    case 'anthropic':
      return l10n.t('an Anthropic model list ({ "data": [{ "id": ... }] })');
    case 'gemini':
      return l10n.t('a Gemini model list ({ "models": [{ "name": ... }] })');
    case 'ollama':
      return l10n.t('an Ollama tag list ({ "models": [{ "name": ... }] })');
    default:
      return l10n.t('a response');
  }
}

type TlsProblem = Extract<RequestTestingMessage, { code: 'testing.tlsProblem' }>['problem'];

function tlsProblemText(problem: TlsProblem, field: string): string {
  switch (problem) {
    case 'notCertificate':
      return l10n.t('{field} holds no certificate: it should be PEM (-----BEGIN CERTIFICATE-----). Nothing was sent.', { field });
    case 'notKey':
      return l10n.t('{field} is not a PEM private key. Nothing was sent.', { field });
    case 'passphraseNeeded':
      return l10n.t('The client key is encrypted: set {field}. Nothing was sent.', { field });
    case 'passphraseWrong':
      return l10n.t('{field} does not open the client key. Nothing was sent.', { field });
    case 'keyMismatch':
      return l10n.t('{field} does not belong to the client certificate. Nothing was sent.', { field });
  }
}

export function testingText(message: TestingMessage, say: Say): string {
  switch (message.code) {
    case 'testing.netRefused':
      return l10n.t('connection refused');
    case 'testing.netNotFound':
      return l10n.t('host not found (DNS)');
    case 'testing.netLookupFailed':
      return l10n.t('host name lookup failed (DNS)');
    case 'testing.netReset':
      return l10n.t('connection reset');
    case 'testing.netHostUnreachable':
      return l10n.t('host unreachable');
    case 'testing.netNetworkUnreachable':
      return l10n.t('network unreachable');
    case 'testing.netClosed':
      return l10n.t('connection closed');
    case 'testing.netConnectTimeout':
      return l10n.t('connection timed out');
    case 'testing.netCertExpired':
      return l10n.t('TLS certificate expired');
    case 'testing.netSelfSigned':
      return l10n.t('self-signed TLS certificate');
    case 'testing.netSelfSignedChain':
      return l10n.t('self-signed TLS certificate in chain');
    case 'testing.netCertUnverified':
      return l10n.t('TLS certificate could not be verified');
    case 'testing.netIssuerUnknown':
      return l10n.t('TLS certificate issuer unknown');
    case 'testing.netCertHost':
      return l10n.t('TLS certificate does not match the host');
    case 'testing.netWrongTls':
      return l10n.t('TLS handshake failed (is this an http:// server?)');
    case 'testing.netClientCertRequired':
      return l10n.t('the server asks for a client certificate');
    case 'testing.netClientCertRejected':
      return l10n.t('the server refused the client certificate');
    case 'testing.netOther':
      return String(message.detail ?? '');
    case 'testing.reason':
      return String(message.text ?? '');
    case 'testing.keyNeeded':
      return message.synced
        ? l10n.t("'{name}' needs your key on this machine: its definition came with Settings Sync, its key never does. Use Set My Key… on it in the Connections view.", { name: message.name })
        : l10n.t("'{name}' is shared with the workspace and needs your own key. Use Set My Key… on it in the Connections view; the key stays on this machine.", { name: message.name });
    case 'testing.keyHostChanged':
      return l10n.t("Not sent: the shared file now sends '{name}' to {to}, and your key was set for {from}. Test it again to decide, or use Set My Key… to set a key for {to}.", { name: message.name, from: message.from, to: message.to });
    case 'testing.providerSaid':
      return l10n.t('{provider} said: "{text}"', { provider: message.provider, text: message.text });
    case 'testing.testSecret':
      return l10n.t("The secret '{name}' named for the test", { name: message.name });
    case 'testing.fieldReference':
      return l10n.t('{label} ({reference})', { label: term(message.label), reference: message.reference });
    case 'testing.headerField':
      return l10n.t('The header {header}', { header: message.header });
    case 'testing.headerName':
      return l10n.t("'{header}' in the Network section is not a valid header name. Nothing was sent.", { header: message.header });
    case 'testing.headerReserved':
      return l10n.t('The header {header} is set by AI Connections itself: remove it from Headers (to send the key in another header, use Key header). Nothing was sent.', { header: message.header });
    case 'testing.headerControl':
      return l10n.t('The value of the header {header} contains a line break or another control character. Nothing was sent.', { header: message.header });
    case 'testing.restricted':
      return l10n.t('Testing connections is off in Restricted Mode. Trust this workspace to test connections.');
    case 'testing.disabled':
      return l10n.t('The connection is disabled. Enable it to test it.');
    case 'testing.noTest':
      return l10n.t('No test defined for this connection.');
    case 'testing.noTestUrl':
      return l10n.t('No test defined: add a test_url config to test this connection.');
    case 'testing.connectionGone':
      return l10n.t('The connection no longer exists.');
    case 'testing.notSet':
      return l10n.t('{field} is not set.', { field: fieldText(message.field, say) });
    case 'testing.envUnset':
      return l10n.t('{field} refers to the environment variable {name}, which is not set for VS Code.', { field: fieldText(message.field, say), name: message.name });
    case 'testing.unresolvable':
      return l10n.t("{field} refers to {reference}, which can't be resolved here. Use a literal value or an {example} reference.", {
        field: fieldText(message.field, say),
        reference: message.reference,
        example: '${env:NAME}',
      });
    case 'testing.referenceProblem':
      return l10n.t('{field}: {problem}', { field: fieldText(message.field, say), problem: nested(message.problem, say) });
    case 'testing.invalidUrl':
      return l10n.t('{field} is not a valid URL. Enter a full http:// or https:// URL.', { field: fieldText(message.field, say) });
    case 'testing.notHttp':
      return l10n.t('{field} must be an http:// or https:// URL.', { field: fieldText(message.field, say) });
    case 'testing.urlCredentials':
      return l10n.t('{field} contains a user name or password. Remove them from the URL and put the key in the key field.', { field: fieldText(message.field, say) });
    case 'testing.entraHost':
      return l10n.t('A Microsoft Entra ID token is sent only to https Azure hosts ({hosts}). Check {field}, or use an API key.', { hosts: message.hosts, field: fieldText(message.field, say) });
    case 'testing.hostNotApproved':
      return l10n.t("{field}: {reference} comes from the workspace's {file} and points at {host}. Your key was not sent there: allow that host when asked, or set the URL yourself.", {
        field: message.field,
        reference: message.reference,
        file: message.file,
        host: message.host,
      });
    case 'testing.entraUnavailable':
      return l10n.t('Microsoft Entra ID sign-in is not available here.');
    case 'testing.entraFailed':
      return l10n.t('Microsoft Entra ID sign-in did not complete: {reason}.', { reason: message.reason });
    case 'testing.proxyUrl':
      return message.source === 'connection'
        ? l10n.t('The Proxy URL in the Network section is not a proxy URL (http://host:port, https:// or socks5://, without a user name or password: those go in Proxy user and Proxy password). Nothing was sent.')
        : message.source === 'http.proxy'
          ? l10n.t('The setting http.proxy is not a proxy URL (http://host:port). Nothing was sent.')
          : l10n.t('The HTTPS_PROXY or HTTP_PROXY environment variable is not a proxy URL (http://host:port). Nothing was sent.');
    case 'testing.tlsPath':
      return l10n.t('{field}: give the absolute path of a PEM file (~/ for your home folder). Nothing was sent.', { field: fieldText(message.field, say) });
    case 'testing.tlsFile':
      return l10n.t("{field}: couldn't read {path}. Nothing was sent.", { field: fieldText(message.field, say), path: message.path });
    case 'testing.tlsProblem':
      return tlsProblemText(message.problem, fieldText(message.field, say));
    case 'testing.tlsClientIncomplete':
      return l10n.t('A client certificate needs both its certificate and its key: set {missing} in the Network section. Nothing was sent.', { missing: fieldText(message.missing, say) });
    case 'testing.untrusted':
      return message.selfSigned
        ? l10n.t('{host} is not trusted: {reason}. If you know this server, use Trust Server Certificate… on the connection to accept this certificate for {host}.', { host: message.host, reason: nested(message.reason, say) })
        : l10n.t("{host} is not trusted: {reason}. If your network has its own certificate authority, add its certificate under Extra CA certificates in the connection's Network section.", { host: message.host, reason: nested(message.reason, say) });
    case 'testing.clientCertNeeded':
      return l10n.t("{host} asks for a client certificate (mutual TLS): set Client certificate and Client key in the connection's Network section.", { host: message.host });
    case 'testing.clientCertRefused':
      return l10n.t("{host} refused the client certificate: check Client certificate and Client key in the connection's Network section.", { host: message.host });
    case 'testing.proxyAuth':
      return l10n.t('The proxy {proxy} asks for credentials (407): set Proxy user and Proxy password in the Network section, or http.proxyAuthorization for VS Code’s proxy.', { proxy: message.proxy });
    case 'testing.proxyRefused':
      return l10n.t('The proxy {proxy} refused to connect to {host} ({status}).', { proxy: message.proxy, host: message.host, status: message.status });
    case 'testing.proxyUnreachable':
      return l10n.t("Couldn't reach the proxy {proxy}: {reason}. Check the proxy setting.", { proxy: message.proxy, reason: nested(message.reason, say) });
    case 'testing.crossOriginRedirect':
      return l10n.t('The server redirected to {location}; the key was not sent there. Change the base URL if that is right.', { location: message.location });
    case 'testing.redirectDropsRequest':
      return l10n.t('The server at {host} redirected ({status}) in a way that drops the request (last to {location}). Check the base URL.', {
        host: message.host,
        status: message.status,
        location: message.location,
      });
    case 'testing.tooManyRedirects':
      return l10n.t('The server at {host} redirected more than {max} times (last to {location}). Check the base URL.', { host: message.host, max: message.max, location: message.location });
    case 'testing.redirectNoLocation':
      return l10n.t('{host} answered, but it redirected ({status}) without saying where. Check the URL.', { host: message.host, status: message.status });
    case 'testing.redirectInvalid':
      return l10n.t('{host} answered, but it redirected ({status}) to an invalid address. Check the URL.', { host: message.host, status: message.status });
    case 'testing.tooLarge':
      return l10n.t('{host} answered, but the response is larger than {size}. Check the URL.', { host: message.host, size: message.size });
    case 'testing.timeout':
      return l10n.t('No answer from {host} within {seconds} s. Check the URL, your network or proxy, or raise aiConnections.test.timeoutSeconds.', { host: message.host, seconds: message.seconds });
    case 'testing.cancelled':
      return l10n.t('The test was cancelled.');
    case 'testing.unreachable':
      return l10n.t("Couldn't reach {host}: {reason}. Check the URL and that the server is running.", { host: message.host, reason: nested(message.reason, say) });
    case 'testing.keyRejected':
      return message.header
        ? withQuote(
            l10n.t('The API key sent in {header} was rejected ({status}). Check the key, and that the gateway takes it in that header and passes it on (Key header and Key format in the Network section).', { status: message.status, header: message.header }),
            message.quote,
            say,
          )
        : withQuote(l10n.t('The API key was rejected ({status}). Check the key or create a new one.', { status: message.status }), message.quote, say);
    case 'testing.entraRejected':
      return withQuote(l10n.t('Your Microsoft Entra ID token was rejected ({status}). Check that your account has access to this resource.', { status: message.status }), message.quote, say);
    case 'testing.keyDenied':
      return withQuote(l10n.t('Access denied (403). The key is valid but not allowed here: check its permissions, project or organization.'), message.quote, say);
    case 'testing.entraDenied':
      return withQuote(l10n.t('Access denied (403). Your account needs the Cognitive Services OpenAI User role on this resource.'), message.quote, say);
    case 'testing.notFound':
      return withQuote(l10n.t('Not found (404) at {host}{path}. Check the base URL.', { host: message.host, path: message.path }), message.quote, say);
    case 'testing.notFoundAzure':
      return withQuote(l10n.t('Not found (404) at {host}{path}. Check the endpoint and the API version.', { host: message.host, path: message.path }), message.quote, say);
    case 'testing.rateLimited':
      return withQuote(l10n.t('Rate limited (429). Try again later.'), message.quote, say);
    case 'testing.rateLimitedFor':
      return withQuote(l10n.t('Rate limited (429). Try again in {seconds} s.', { seconds: message.seconds }), message.quote, say);
    case 'testing.serverError':
      return withQuote(l10n.t('{provider} had a server error ({status}). Try again later.', { provider: message.provider, status: message.status }), message.quote, say);
    case 'testing.refused':
      return withQuote(l10n.t('{host} refused the request ({status}).', { host: message.host, status: message.status }), message.quote, say);
    case 'testing.htmlNotList':
      return l10n.t('{host} answered with an HTML page instead of {format}. Check the URL: it should point at the API, not a website.', { host: message.host, format: formatText(message.format) });
    case 'testing.notJsonNotList':
      return l10n.t('{host} answered with something that is not JSON instead of {format}. Check the URL: it should point at the API, not a website.', {
        host: message.host,
        format: formatText(message.format),
      });
    case 'testing.notList':
      return l10n.t('{host} answered, but not with {format}. Check the URL.', { host: message.host, format: formatText(message.format) });
  }
}
