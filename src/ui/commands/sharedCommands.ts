/**
 * Shared connections (from the repository's `.vscode/ai-connections.json`): Set My Key… and Forget
 * My Key, and the questions a test or a chat request asks when a shared connection's key is not
 * bound here, or is bound for another host than the file now names.
 */
import * as l10n from '@vscode/l10n';
import type { SecretBag } from '../../domain/connection';
import { findProvider } from '../../domain/providers/catalog';
import { bindingHost, bindingTarget, type BindingQuestions } from '../../domain/shared/bindings';
import type { SharedDefinitions } from '../../domain/shared/definitions';
import { isShared, type SharedConnection } from '../../domain/shared/parse';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { describeCause } from '../../domain/store/errors';
import type { Logger } from '../../domain/logger';
import type { Ui } from '../ports';
import { say } from '../text';
import { Command, type CommandHandler } from './ids';
import { resolveConnection } from './pickConnection';

/** A secret key's label as the provider names it (`API Key`, `Secret: api_key`). */
function keyLabel(connection: SharedConnection, key: string): string {
  const [field, entry] = key.split(/\.(.*)/s);
  const label = findProvider(connection.providerId)?.fields.find((f) => f.key === field)?.label ?? field ?? key;
  return entry ? `${label}: ${entry}` : label;
}

/** Asks for each key in turn, masked; undefined as soon as one is dismissed. */
async function askKeys(ui: Ui, connection: SharedConnection, keys: readonly string[], host: string): Promise<SecretBag | undefined> {
  const bag: SecretBag = {};
  for (const key of keys) {
    const value = await ui.input({
      title: l10n.t("Set My Key: '{name}'", { name: connection.name }),
      prompt: l10n.t("Your {label} for '{name}', shared with the workspace. It is kept in this machine's secret storage, never in the file, and sent only to {host}.", { label: keyLabel(connection, key), name: connection.name, host }),
      password: true,
      validate: (typed) => (typed.trim() === '' ? l10n.t('Enter the key, or press Escape to leave it unset.') : undefined),
    });
    if (value === undefined) return undefined;
    bag[key] = value.trim();
  }
  return bag;
}

/** The questions of a test or a chat request of a shared connection. */
export function sharedKeyQuestions(ui: Ui): BindingQuestions {
  return {
    keys: async (connection, missing, host) => {
      const set = l10n.t('Set My Key…');
      const answer = await ui.info(l10n.t("'{name}' is shared with the workspace and needs your own key, kept on this machine and sent only to {host}.", { name: connection.name, host }), set);
      return answer === set ? askKeys(ui, connection, missing, host) : undefined;
    },
    moveHost: async (connection, from, to) => {
      const send = l10n.t('Send My Key to {host}', { host: to });
      const answer = await ui.confirm(
        l10n.t("The shared file now sends '{name}' to {to}. Send your key there?", { name: connection.name, to }),
        { detail: l10n.t("You set your key for {from}. The workspace's .vscode/ai-connections.json now names {to} (a pull, a branch or someone's change). Send it only if you trust {to}; otherwise your key stays unsent and set for {from}.", { from, to }) },
        send,
        { title: l10n.t("Don't Send"), isCloseAffordance: true },
      );
      return answer === send;
    },
  };
}

export interface SharedCommandContext {
  ui: Ui;
  store: ConnectionStore;
  shared: SharedDefinitions;
  logger: Logger;
  assertTrusted(): void;
}

export function sharedCommands(ctx: SharedCommandContext): Record<typeof Command.setMyKey | typeof Command.forgetMyKey, CommandHandler> {
  const { ui, store, shared } = ctx;
  const pick = (arg: unknown, placeHolder: string) => resolveConnection(ui, store, arg, { placeHolder, filter: isShared }) as Promise<SharedConnection | undefined>;
  return {
    [Command.setMyKey]: async (arg) => {
      ctx.assertTrusted();
      const connection = await pick(arg, l10n.t('Select a shared connection to set your key for'));
      if (!connection || !isShared(connection)) return;
      if (connection.shared.ask.length === 0) {
        void ui.info(l10n.t("'{name}' takes its keys from references the file names; it has no key for you to set.", { name: connection.name }));
        return;
      }
      const host = bindingHost(bindingTarget(connection));
      const keys = await askKeys(ui, connection, connection.shared.ask, host);
      if (!keys) return;
      try {
        await shared.keys.bind(connection, keys);
      } catch (error) {
        void ui.error(say({ code: 'shared.bindFailed', name: connection.name, cause: describeCause(error) }));
        return;
      }
      await shared.keysChanged(connection);
      ctx.logger.info(`Set a key for the shared connection '${connection.alias}' (sent only to ${host}).`);
      ui.flash('key', l10n.t("Your key for '{name}' is set on this machine", { name: connection.name }), 3000);
    },
    [Command.forgetMyKey]: async (arg) => {
      const connection = await pick(arg, l10n.t('Select a shared connection to forget your key for'));
      if (!connection || !isShared(connection)) return;
      const forget = l10n.t('Forget My Key');
      const answer = await ui.confirm(l10n.t("Forget your key for '{name}' on this machine?", { name: connection.name }), { detail: l10n.t('The shared definition stays; the next test or chat asks for your key again.') }, forget);
      if (answer !== forget) return;
      try {
        await shared.keys.forget(connection);
      } catch (error) {
        void ui.error(say({ code: 'shared.bindFailed', name: connection.name, cause: describeCause(error) }));
        return;
      }
      await shared.keysChanged(connection);
      ctx.logger.info(`Forgot the key of the shared connection '${connection.alias}' on this machine.`);
      ui.flash('trash', l10n.t("Forgot your key for '{name}'", { name: connection.name }), 3000);
    },
  };
}
