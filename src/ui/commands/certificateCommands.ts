/**
 * Trust Server Certificate…: a server that signed its own certificate is accepted only when the
 * person says so, in a modal that names the host and shows the certificate's fingerprint. The
 * certificate is read over the connection's own route (its proxy, its CAs) without sending
 * anything; it is trusted for that host only (src/domain/network/acceptedCertificates.ts), and the
 * connection shows a warning while it is. Run again, the command offers to stop accepting it.
 */
import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import type { AcceptedCertificates } from '../../domain/network/acceptedCertificates';
import type { NetworkPort } from '../../domain/network/route';
import { findProvider } from '../../domain/providers/catalog';
import type { Prepared } from '../../domain/requests';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { Ui } from '../ports';
import { sayError } from '../text';
import { Command, type CommandHandler } from './ids';
import { resolveConnection } from './pickConnection';

export interface CertificateCommandContext {
  ui: Ui;
  store: ConnectionStore;
  certificates: AcceptedCertificates;
  /** The connection's request put together as its test would (asking what a test asks); throws in Restricted Mode. */
  prepared(id: string): Promise<Prepared>;
  /** Reads what the server presents; undefined when requests have no network port. */
  peerCertificate?: NetworkPort['peerCertificate'];
}

/** The codes of a certificate that signed itself: the only kind accepted by name. */
const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT']);

async function forget(ctx: CertificateCommandContext, host: string, fingerprint: string): Promise<void> {
  const answer = await ctx.ui.confirm(
    l10n.t('Stop accepting the self-signed certificate of {host}?', { host }),
    { detail: l10n.t('SHA-256 {fingerprint}. Requests to {host} will be refused again until a certificate authority you trust signs its certificate.', { host, fingerprint }) },
    l10n.t('Stop Accepting'),
  );
  if (answer !== l10n.t('Stop Accepting')) return;
  await ctx.certificates.forget(host);
  void ctx.ui.info(l10n.t('The certificate of {host} is no longer accepted.', { host }));
}

async function trustServerCertificate(ctx: CertificateCommandContext, arg: unknown): Promise<void> {
  const connection = await resolveConnection(ctx.ui, ctx.store, arg, { placeHolder: l10n.t('Select the connection whose server certificate to trust'), filter: (c: Connection) => findProvider(c.providerId)?.test !== undefined });
  if (!connection) return;
  let prepared: Prepared;
  try {
    prepared = await ctx.prepared(connection.id);
  } catch (error) {
    void ctx.ui.error(sayError(error));
    return;
  }
  const host = prepared.url.host;
  if (prepared.url.protocol !== 'https:') {
    void ctx.ui.info(l10n.t("'{name}' talks to {host} over http: there is no certificate to trust.", { name: connection.name, host }));
    return;
  }
  const accepted = ctx.certificates.fingerprintFor(host);
  if (accepted) return forget(ctx, host, accepted);
  if (!ctx.peerCertificate) return;
  let presented: Awaited<ReturnType<NetworkPort['peerCertificate']>>;
  try {
    presented = await ctx.ui.progress({ location: 'notification', title: l10n.t('Reading the certificate of {host}…', { host }), cancellable: false }, () => ctx.peerCertificate!(prepared.url, prepared.route));
  } catch (error) {
    void ctx.ui.error(l10n.t("Couldn't read the certificate of {host}: {reason}", { host, reason: sayError(error) }));
    return;
  }
  if (!presented.problem) {
    void ctx.ui.info(l10n.t('The certificate of {host} is trusted already (issued by {issuer}).', { host, issuer: presented.issuer || presented.subject }));
    return;
  }
  if (!SELF_SIGNED.has(presented.problem)) {
    void ctx.ui.warn(
      l10n.t("The certificate of {host} is issued by {issuer}, which isn't trusted ({problem}). Add that authority's certificate under Extra CA certificates in the connection's Network section.", { host, issuer: presented.issuer || '?', problem: presented.problem }),
    );
    return;
  }
  const answer = await ctx.ui.confirm(
    l10n.t('Accept the self-signed certificate of {host}?', { host }),
    {
      detail: l10n.t(
        'No certificate authority vouches for it: anyone between you and {host} could present one of their own. Accept it only if you know this server and this fingerprint.\n\nSHA-256 {fingerprint}\nSubject {subject}, valid until {validTo}\n\nIt is trusted for {host} only, and connections to it show a warning.',
        { host, fingerprint: presented.fingerprint, subject: presented.subject || '?', validTo: presented.validTo },
      ),
    },
    l10n.t('Accept Certificate'),
  );
  if (answer !== l10n.t('Accept Certificate')) return;
  await ctx.certificates.accept(host, presented.pem);
  void ctx.ui.info(l10n.t('The certificate of {host} is accepted. Test the connection again.', { host }));
}

export function certificateCommands(ctx: CertificateCommandContext): Record<typeof Command.trustServerCertificate, CommandHandler> {
  return { [Command.trustServerCertificate]: (arg: unknown) => trustServerCertificate(ctx, arg) };
}
