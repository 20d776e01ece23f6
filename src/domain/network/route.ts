/**
 * How a request reaches its server when the connection or the machine asks for more than the
 * host's own fetch: through a proxy (with its credentials), or directly where VS Code's proxy
 * would otherwise apply, with extra certificate authorities and a client certificate. A request
 * that needs none of it has no route and is sent as before.
 */
import type { MachineNetwork } from './proxy';

export interface NetworkRoute {
  /** Undefined: direct, even when the host's fetch would use a proxy. */
  proxy?: {
    /** Without credentials. */
    url: string;
    /** The `Proxy-Authorization` value: sent to the proxy only, never to the server. */
    authorization?: string;
  };
  tls?: {
    /** Extra certificate authorities (PEM), trusted beside the usual ones. */
    ca: string[];
    /** The operating system's certificate authorities are trusted too (`http.systemCertificates`). */
    systemCertificates: boolean;
    /** A client certificate and its key (PEM), with the key's passphrase, for mutual TLS. */
    client?: { certificate: string; key: string; passphrase?: string };
  };
}

/** What the request layer needs of the network: the machine's settings, its files, and a fetch that follows a route. */
export interface NetworkPort {
  machine(): MachineNetwork;
  /** The home folder, for `~/` in a file path. */
  home(): string;
  /** A TLS file's text (certificates, a client key); rejects when it cannot be read. */
  readFile(path: string): Promise<string>;
  /** The certificates the person accepted for a host (`host:port`) that signed its own. */
  accepted(host: string): readonly string[] | undefined;
  /** A fetch that sends over the route. */
  fetchFor(route: NetworkRoute): typeof fetch;
  /** The certificate a server presents, read over the route without verifying it, and whether (or why not) it verifies. */
  peerCertificate(url: URL, route: NetworkRoute | undefined): Promise<PeerCertificate>;
}

/** What a server presented: its certificate (PEM), and the verification's error code when it does not verify. */
export interface PeerCertificate {
  pem: string;
  subject: string;
  issuer: string;
  validTo: string;
  fingerprint: string;
  /** `DEPTH_ZERO_SELF_SIGNED_CERT` and the like; undefined when the certificate verifies. */
  problem?: string;
}

/**
 * What sending over a route may report, thrown by the route's fetch and sorted by the request
 * layer: the proxy asked for credentials (407), refused the tunnel (another status), or could not
 * be reached.
 */
export class ProxyFailure extends Error {
  constructor(
    readonly problem: 'auth' | 'refused' | 'unreachable',
    readonly proxy: string,
    readonly status?: number,
    override readonly cause?: unknown,
  ) {
    super(`proxy ${problem}`);
    this.name = 'ProxyFailure';
  }
}

/** A ProxyFailure, also one made by the separately loaded network bundle (its own copy of the class). */
export function asProxyFailure(error: unknown): ProxyFailure | undefined {
  for (const candidate of [error, (error as { cause?: unknown } | undefined)?.cause]) {
    if (candidate instanceof Error && candidate.name === 'ProxyFailure' && typeof (candidate as ProxyFailure).proxy === 'string') return candidate as ProxyFailure;
  }
  return undefined;
}
