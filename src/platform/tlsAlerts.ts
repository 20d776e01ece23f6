/**
 * TLS alerts servers send, told to the request that failed. With TLS 1.3 a server that wants a
 * client certificate (mutual TLS), or refuses the one sent, says so after the handshake, and the
 * HTTP client then reports only "other side closed". The alert is heard on undici's diagnostics
 * channel, which Node's own fetch and the bundled undici both publish to: one watcher for the
 * process, remembering the last alert per origin and when.
 */
import { subscribe } from 'node:diagnostics_channel';

/** A TLS alert the server sent (a client certificate wanted or refused): undici reports only "other side closed". */
const TLS_ALERT = /^ERR_SSL_.*ALERT/;

/**
 * The TLS alerts servers sent, by origin and when: with TLS 1.3 a server that wants a client
 * certificate says so after the handshake, and the request then fails as a closed connection.
 * One watcher for the process, on undici's own diagnostics channel.
 */
const alerts = new Map<string, { code: string; at: number }>();
let watching = false;

function watchAlerts(): void {
  if (watching) return;
  watching = true;
  subscribe('undici:client:connected', (message: unknown) => {
    const { socket, connectParams } = message as { socket: NodeJS.EventEmitter; connectParams: { protocol: string; hostname: string; port: string } };
    if (connectParams.protocol !== 'https:') return;
    const origin = `${connectParams.hostname}:${connectParams.port || '443'}`;
    socket.on('error', (error: { code?: unknown }) => {
      if (typeof error.code === 'string' && TLS_ALERT.test(error.code)) alerts.set(origin, { code: error.code, at: performance.now() });
    });
  });
}

/** The TLS alert a server sent since the request started. */
function alertSince(origin: string, start: number): string | undefined {
  const alert = alerts.get(origin);
  return alert && alert.at >= start ? alert.code : undefined;
}

/** The failure with the server's TLS alert as its cause, when it sent one during the request. */
function withAlert(error: unknown, code: string | undefined): unknown {
  if (!code) return error;
  return Object.assign(new Error('TLS alert'), { code });
}

/** The origin of a request as the watcher keys it: `host:port`, 443 by default. */
function originOf(input: Parameters<typeof fetch>[0]): string {
  const url = new URL(String(input instanceof Request ? input.url : input));
  return `${url.hostname}:${url.port || (url.protocol === 'http:' ? '80' : '443')}`;
}

/** A fetch whose failures carry the TLS alert the server sent during the request, when it sent one. */
export function alertingFetch(base: () => typeof fetch): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    // Watching starts with the first request, not at activation.
    watchAlerts();
    const start = performance.now();
    try {
      return await base()(input, init);
    } catch (error) {
      throw withAlert(error, alertSince(originOf(input), start));
    }
  }) as typeof fetch;
}
