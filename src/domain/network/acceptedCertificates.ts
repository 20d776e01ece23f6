/**
 * Servers whose self-signed certificate the person accepted, by host (`host:port`), after a modal
 * that named the host and the certificate's fingerprint. The certificate itself is kept (it is
 * public) and trusted for that host only: the host name and the dates are still checked, and a
 * server that presents another certificate is refused again. Connections to such a host carry a
 * warning in the Connections view until the certificate is forgotten.
 */
import * as z from 'zod/mini';
import { DisposableBase, Emitter, type Event } from '../events';
import type { Logger } from '../logger';
import type { StateStore } from '../store/ports';
import type { Connection } from '../connection';
import { requestTarget, urlHost } from '../destination';
import { fingerprint } from './tlsMaterial';

const STATE_KEY = 'aiConnections.acceptedCertificates';

const AcceptedSchema = z.record(z.string(), z.strictObject({ pem: z.string(), fingerprint: z.string(), acceptedAt: z.string() }));
type Accepted = z.infer<typeof AcceptedSchema>;

export class AcceptedCertificates extends DisposableBase {
  private readonly changed = this.register(new Emitter<void>());
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly state: StateStore,
    private readonly logger: Logger,
  ) {
    super();
  }

  private all(): Accepted {
    const raw = this.state.get(STATE_KEY);
    if (raw === undefined) return {};
    const parsed = AcceptedSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.logger.warn('The accepted server certificates are not in the expected shape; none is trusted.');
    return {};
  }

  /** What was accepted for a host, if anything. */
  private entry(host: string): Accepted[string] | undefined {
    const all = this.all();
    return Object.hasOwn(all, host) ? all[host] : undefined;
  }

  /** The certificate accepted for a host, as PEM. */
  certificatesFor(host: string): readonly string[] | undefined {
    const entry = this.entry(host);
    return entry ? [entry.pem] : undefined;
  }

  /** The accepted certificate's fingerprint for a host, for the warning. */
  fingerprintFor(host: string): string | undefined {
    return this.entry(host)?.fingerprint;
  }

  /** The certificate accepted for the host a connection's requests go to, if any. */
  forConnection(connection: Pick<Connection, 'providerId' | 'settings'>): { host: string; fingerprint: string } | undefined {
    const target = requestTarget(connection);
    const host = target ? urlHost(target) : undefined;
    const fingerprint = host && target!.startsWith('https:') ? this.fingerprintFor(host) : undefined;
    return host && fingerprint ? { host, fingerprint } : undefined;
  }

  async accept(host: string, pem: string, now = new Date()): Promise<void> {
    await this.state.update(STATE_KEY, { ...this.all(), [host]: { pem, fingerprint: fingerprint(pem), acceptedAt: now.toISOString() } });
    this.changed.fire();
  }

  async forget(host: string): Promise<void> {
    const rest = { ...this.all() };
    delete rest[host];
    await this.state.update(STATE_KEY, rest);
    this.changed.fire();
  }
}
