/**
 * Find Local Model Servers: run by the user only, in a trusted workspace. The usual ports on this
 * machine are asked at once (src/domain/discovery), and each server found that no connection
 * points at yet is proposed; the ones checked are saved as Global connections without a key.
 */
import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import { requestTarget } from '../../domain/destination';
import { findLocalServers, sameBaseUrl, type FoundServer, type LocalGet, type LocalServerCandidate } from '../../domain/discovery/localServers';
import { providerName } from '../../domain/providers/catalog';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { Ui } from '../ports';
import { sayError } from '../text';
import { term } from '../text/terms';
import { Command, type CommandHandler } from './ids';
import { freeAlias } from './referenceCommands';

export interface LocalServerCommandContext {
  ui: Ui;
  store: ConnectionStore;
  /** Throws in Restricted Mode, before anything is sent. */
  assertTrusted(): void;
  /** The ports asked (the usual ones; tests give their own). */
  candidates: readonly LocalServerCandidate[];
  /** A short GET without credentials, through the request layer. */
  get: LocalGet;
}

function modelsText({ models, needsKey }: FoundServer): string {
  if (needsKey) return l10n.t('It asks for a key: add one to the connection after saving.');
  if (models.length === 0) return l10n.t('No models listed yet');
  const shown = models.slice(0, 5).join(', ');
  if (models.length === 1) return l10n.t('1 model: {models}', { models: shown });
  return models.length > 5 ? l10n.t('{count} models: {models}, …', { count: models.length, models: shown }) : l10n.t('{count} models: {models}', { count: models.length, models: shown });
}

function nameFor(found: FoundServer, store: ConnectionStore): string {
  const base = `${term(providerName(found.providerId))} (localhost:${found.port})`;
  const names = new Set(store.list().connections.map((c) => c.name.toLowerCase()));
  if (!names.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
}

async function findLocalModelServers(ctx: LocalServerCommandContext): Promise<Connection[]> {
  const { ui, store } = ctx;
  ctx.assertTrusted();
  const ports = ctx.candidates.map((c) => c.port).join(', ');
  const found = await ui.progress({ location: 'notification', title: l10n.t('Looking for model servers on localhost (ports {ports})…', { ports }), cancellable: false }, () => findLocalServers(ctx.candidates, ctx.get));
  if (found.length === 0) {
    void ui.info(l10n.t('No model server answered on localhost. Ports tried: {ports}.', { ports }));
    return [];
  }
  const existing = store.list().connections;
  const fresh = found.filter((f) => !existing.some((c) => sameBaseUrl(requestTarget(c) ?? '', f.baseUrl)));
  if (fresh.length === 0) {
    void ui.info(l10n.t('Every model server found already has a connection: {servers}.', { servers: found.map((f) => `${term(providerName(f.providerId))} (${f.baseUrl})`).join(', ') }));
    return [];
  }
  const items = fresh.map((f) => ({ label: term(providerName(f.providerId)), description: f.baseUrl, detail: modelsText(f), picked: true, found: f }));
  const picked = await ui.pickMany(items, { title: l10n.t('Find Local Model Servers'), placeHolder: l10n.t('Check the servers to add as Global connections (no key)') });
  if (!picked || picked.length === 0) return [];
  const created: Connection[] = [];
  const failures: string[] = [];
  for (const { found: f } of picked) {
    const name = nameFor(f, store);
    try {
      created.push(await store.create({ providerId: f.providerId, name, alias: freeAlias(name, store), scope: 'global', isActive: true, values: { baseUrl: f.baseUrl } }));
    } catch (error) {
      failures.push(l10n.t('{name}: {error}', { name, error: sayError(error) }));
    }
  }
  if (created.length > 0) void ui.info(l10n.t('Added {names}.', { names: created.map((c) => `'${c.name}'`).join(', ') }));
  if (failures.length > 0) void ui.error(l10n.t('Some servers were not added: {failures}', { failures: failures.join('; ') }));
  return created;
}

export function localServerCommands(ctx: LocalServerCommandContext): Record<typeof Command.findLocalModelServers, CommandHandler> {
  return { [Command.findLocalModelServers]: () => findLocalModelServers(ctx) };
}
