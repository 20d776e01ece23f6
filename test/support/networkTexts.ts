/** What each message of the Network section (headers, proxy, TLS) says in English (a row per code; text.test.ts checks them with the others). */
import type { Message } from '../../src/domain/messages';

export const NETWORK_ENGLISH: ReadonlyArray<readonly [Message, string]> = [
  [
    { code: 'testing.keyRejected', status: 401, header: 'cf-aig-authorization' },
    'The API key sent in cf-aig-authorization was rejected (401). Check the key, and that the gateway takes it in that header and passes it on (Key header and Key format in the Network section).',
  ],
  [{ code: 'testing.headerField', header: 'X-Gateway-Key' }, 'The header X-Gateway-Key'],
  [{ code: 'testing.notSet', field: { code: 'testing.headerField', header: 'X-Gateway-Key' } }, 'The header X-Gateway-Key is not set.'],
  [{ code: 'testing.headerName', header: 'Bad Header' }, "'Bad Header' in the Network section is not a valid header name. Nothing was sent."],
  [{ code: 'testing.headerReserved', header: 'Host' }, 'The header Host is set by AI Connections itself: remove it from Headers (to send the key in another header, use Key header). Nothing was sent.'],
  [{ code: 'testing.headerControl', header: 'X-Trace' }, 'The value of the header X-Trace contains a line break or another control character. Nothing was sent.'],
  [{ code: 'validation.proxyUrl' }, 'Enter a proxy URL: http://host:port, https://host:port or socks5://host:port.'],
  [{ code: 'validation.proxyCredentials' }, 'Remove the user name and password from the proxy URL: put them in Proxy user and Proxy password (the password is kept in VS Code’s secret storage).'],
  [{ code: 'validation.pemOrPath', label: 'Extra CA certificates' }, 'Extra CA certificates: enter the absolute path of a PEM file (~/ for your home folder), or paste the certificates (-----BEGIN CERTIFICATE-----).'],
  [{ code: 'validation.keyPath' }, 'Enter the path of the key’s PEM file (~/ for your home folder): the key stays in its file, never in settings.'],
  [{ code: 'testing.netClientCertRequired' }, 'the server asks for a client certificate'],
  [{ code: 'testing.netClientCertRejected' }, 'the server refused the client certificate'],
  [{ code: 'testing.proxyUrl', source: 'connection' }, 'The Proxy URL in the Network section is not a proxy URL (http://host:port, https:// or socks5://, without a user name or password: those go in Proxy user and Proxy password). Nothing was sent.'],
  [{ code: 'testing.proxyUrl', source: 'http.proxy' }, 'The setting http.proxy is not a proxy URL (http://host:port). Nothing was sent.'],
  [{ code: 'testing.proxyUrl', source: 'environment' }, 'The HTTPS_PROXY or HTTP_PROXY environment variable is not a proxy URL (http://host:port). Nothing was sent.'],
  [{ code: 'testing.tlsPath', field: 'Client key' }, 'Client key: give the absolute path of a PEM file (~/ for your home folder). Nothing was sent.'],
  [{ code: 'testing.tlsFile', field: 'Extra CA certificates', path: '~/ca.pem' }, "Extra CA certificates: couldn't read ~/ca.pem. Nothing was sent."],
  [{ code: 'testing.tlsProblem', field: 'Extra CA certificates', problem: 'notCertificate' }, 'Extra CA certificates holds no certificate: it should be PEM (-----BEGIN CERTIFICATE-----). Nothing was sent.'],
  [{ code: 'testing.tlsProblem', field: 'Client key', problem: 'notKey' }, 'Client key is not a PEM private key. Nothing was sent.'],
  [{ code: 'testing.tlsProblem', field: 'Client key passphrase', problem: 'passphraseNeeded' }, 'The client key is encrypted: set Client key passphrase. Nothing was sent.'],
  [{ code: 'testing.tlsProblem', field: 'Client key passphrase', problem: 'passphraseWrong' }, 'Client key passphrase does not open the client key. Nothing was sent.'],
  [{ code: 'testing.tlsProblem', field: 'Client key', problem: 'keyMismatch' }, 'Client key does not belong to the client certificate. Nothing was sent.'],
  [{ code: 'testing.tlsClientIncomplete', missing: 'Client key' }, 'A client certificate needs both its certificate and its key: set Client key in the Network section. Nothing was sent.'],
  [
    { code: 'testing.untrusted', host: 'llm.corp:8443', reason: { code: 'testing.netIssuerUnknown' }, selfSigned: false },
    "llm.corp:8443 is not trusted: TLS certificate issuer unknown. If your network has its own certificate authority, add its certificate under Extra CA certificates in the connection's Network section.",
  ],
  [
    { code: 'testing.untrusted', host: 'llm.corp:8443', reason: { code: 'testing.netSelfSigned' }, selfSigned: true },
    'llm.corp:8443 is not trusted: self-signed TLS certificate. If you know this server, use Trust Server Certificate… on the connection to accept this certificate for llm.corp:8443.',
  ],
  [{ code: 'testing.clientCertNeeded', host: 'llm.corp' }, "llm.corp asks for a client certificate (mutual TLS): set Client certificate and Client key in the connection's Network section."],
  [{ code: 'testing.clientCertRefused', host: 'llm.corp' }, "llm.corp refused the client certificate: check Client certificate and Client key in the connection's Network section."],
  [{ code: 'testing.proxyAuth', proxy: 'proxy.corp:3128' }, 'The proxy proxy.corp:3128 asks for credentials (407): set Proxy user and Proxy password in the Network section, or http.proxyAuthorization for VS Code’s proxy.'],
  [{ code: 'testing.proxyRefused', proxy: 'proxy.corp:3128', host: 'api.openai.com', status: 403 }, 'The proxy proxy.corp:3128 refused to connect to api.openai.com (403).'],
  [{ code: 'testing.proxyUnreachable', proxy: 'proxy.corp:3128', reason: { code: 'testing.netRefused' } }, "Couldn't reach the proxy proxy.corp:3128: connection refused. Check the proxy setting."],
];
