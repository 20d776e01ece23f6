/**
 * Deliberate breaks in the network layer: proxies, TLS verification, accepted certificates, and
 * where the Network section's secrets are kept.
 */
import type { Break } from './break';

export const NETWORK_BREAKS: Break[] = [
  {
    name: 'TLS verification is switched off for a request with a route',
    file: 'src/platform/routeFetch.ts',
    from: 'return new Agent(requestTls ? { connect: requestTls } : {});',
    to: 'return new Agent({ connect: { ...requestTls, rejectUnauthorized: false } });',
    tests: ['test/unit/networkTls.test.ts'],
  },
  {
    name: "the proxy's credentials go to the server as a request header",
    file: 'src/domain/requests/prepare.ts',
    from: 'const route = await requestRoute(provider, settings, url, request);',
    to: "const route = await requestRoute(provider, settings, url, request);\n  if (route?.proxy?.authorization) headers['X-Proxy-Authorization'] = route.proxy.authorization;",
    tests: ['test/unit/networkProxy.test.ts'],
  },
  {
    name: 'http.noProxy and NO_PROXY are ignored',
    file: 'src/domain/network/proxy.ts',
    from: "if (bypassesProxy(target, [...machine.noProxy, envValue(machine.env, 'NO_PROXY') ?? ''])) return undefined;",
    to: '',
    tests: ['test/unit/networkProxy.test.ts'],
  },
  {
    name: 'a certificate accepted for one host is trusted for every host',
    file: 'src/domain/network/acceptedCertificates.ts',
    from: 'return Object.hasOwn(all, host) ? all[host] : undefined;',
    to: 'return Object.values(all)[0];',
    tests: ['test/unit/networkTls.test.ts'],
  },
  {
    name: 'a self-signed certificate is accepted without the modal',
    file: 'src/ui/commands/certificateCommands.ts',
    from: "if (answer !== l10n.t('Accept Certificate')) return;",
    to: '',
    tests: ['test/unit/networkTls.test.ts'],
  },
  {
    name: 'a certificate signed by an untrusted authority is offered for acceptance',
    file: 'src/ui/commands/certificateCommands.ts',
    from: 'if (!SELF_SIGNED.has(presented.problem)) {',
    to: 'if (false) {',
    tests: ['test/unit/networkTls.test.ts'],
  },
  {
    name: "a connection's proxy URL may keep a user name and password in its settings",
    file: 'src/domain/validation.ts',
    from: "else if (url.username !== '' || url.password !== '') errors[PROXY_URL_FIELD] ??= { code: 'validation.proxyCredentials' };",
    to: '',
    tests: ['test/unit/networkProxy.test.ts'],
  },
  {
    name: 'a client key may be pasted into the settings',
    file: 'src/domain/validation.ts',
    from: "if (key !== '' && (isPemText(key) || !isFilePath(key))) errors[CLIENT_KEY_FIELD] ??= { code: 'validation.keyPath' };",
    to: "if (key !== '' && !isPemText(key) && !isFilePath(key)) errors[CLIENT_KEY_FIELD] ??= { code: 'validation.keyPath' };",
    tests: ['test/unit/networkTls.test.ts', 'test/unit/networkForm.test.ts'],
  },
  {
    name: 'the proxy password is kept as a setting',
    file: 'src/domain/providers/network.ts',
    from: "{ key: PROXY_PASSWORD_FIELD, label: 'Proxy password', kind: 'password',",
    to: "{ key: PROXY_PASSWORD_FIELD, label: 'Proxy password', kind: 'text',",
    tests: ['test/unit/networkProxy.test.ts'],
  },
  {
    name: "the client key's passphrase is kept as a setting",
    file: 'src/domain/providers/network.ts',
    from: "{ key: PASSPHRASE_FIELD, label: 'Client key passphrase', kind: 'password',",
    to: "{ key: PASSPHRASE_FIELD, label: 'Client key passphrase', kind: 'text',",
    tests: ['test/unit/networkTls.test.ts'],
  },
  {
    name: "the host's fetch is not told which TLS alert a server sent (a client certificate wanted reads as a closed connection)",
    file: 'src/platform/tlsAlerts.ts',
    from: 'throw withAlert(error, alertSince(originOf(input), start));',
    to: 'throw error;',
    tests: ['test/unit/networkTls.test.ts'],
  },
];
