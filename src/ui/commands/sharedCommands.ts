/**
 * Shared connections (from the repository's `.vscode/ai-connections.json`): Set My Key… and Forget
 * My Key, and the questions a test or a chat request asks when a shared connection's key is not
 * bound here, or is bound for another host than the file now names.
 */
import * as l10n from '@vscode/l10n';
import type { Connection, SecretBag } from '../../domain/connection';
import { connectionFolder, type WorkspaceFolderInfo } from '../../domain/folders';
import { isReference } from '../../domain/references';
import type { SharedFilePort } from '../../domain/shared/definitions';
import { boundHere, keysMissingHere, type MachineKeys } from '../../domain/shared/machineKeys';
import { definitionOf, editedDefinition, withDefinition, withEditedDefinition } from '../../domain/shared/write';
import { validInput } from '../../domain/store/checks';
import { StoreError } from '../../domain/store/errors';
import { findProvider } from '../../domain/providers/catalog';
import { bindingHost, bindingTarget, type BindingQuestions } from '../../domain/shared/bindings';
import type { SharedDefinitions } from '../../domain/shared/definitions';
import { isShared, SHARED_FILE_PATH, type SharedConnection } from '../../domain/shared/parse';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { describeCause } from '../../domain/store/errors';
import type { Logger } from '../../domain/logger';
import type { Ui, WorkbenchInfo } from '../ports';
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
  /** Which synced global connections lack their keys here (Set My Key… sets them). */
  machineKeys: MachineKeys;
  /** The workspace folders (the shared file is a folder's), and where the active editor is. */
  workbench: Pick<WorkbenchInfo, 'folders' | 'activeFolder'>;
  files: SharedFilePort;
  /** Opens a file in an editor (the shared file, once written). */
  openFile(uri: string): Promise<void>;
  /** Removes a personal connection shared with its chat choice and test result (as Delete does, without asking again). */
  removePersonal(connection: Connection): Promise<void>;
}

/** The folder whose file a connection is shared in: a workspace connection's own, else the only one or the one picked. */
async function shareFolder(ctx: SharedCommandContext, connection: Connection): Promise<WorkspaceFolderInfo | undefined> {
  const folders = ctx.workbench.folders();
  if (connection.scope === 'workspace') {
    const place = connectionFolder(connection.folder, folders);
    if (place.ok) return place.folder;
  }
  if (folders.length <= 1) return folders[0];
  const active = ctx.workbench.activeFolder();
  const ordered = [...folders].sort((a, b) => Number(b.uri === active) - Number(a.uri === active));
  const picked = await ctx.ui.pick(
    ordered.map((folder) => ({ label: folder.name, description: SHARED_FILE_PATH, folder })),
    { placeHolder: l10n.t("Select the folder whose {file} '{name}' is shared in", { file: SHARED_FILE_PATH, name: connection.name }) },
  );
  return picked?.folder;
}

/** What becomes of the keys when a connection is shared: how many become "ask". */
function keysText(asked: number): string {
  if (asked === 0) return l10n.t('No key is written: its keys are references, which stay as they are.');
  if (asked === 1) return l10n.t('No key is written: its key becomes "ask" (each person sets their own), and references stay references.');
  return l10n.t('No key is written: its {count} keys become "ask" (each person sets their own), and references stay references.', { count: asked });
}

/** Share with Workspace: the definition into the folder's file, keys as "ask" or references; this person's own keys set for it here. */
async function shareWithWorkspace(ctx: SharedCommandContext, arg: unknown): Promise<void> {
  const { ui, store, shared } = ctx;
  const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to share with the workspace'), stored: true });
  if (!connection) return;
  const folder = await shareFolder(ctx, connection);
  if (!folder) {
    if (ctx.workbench.folders().length === 0) void ui.info(l10n.t('Open a folder first: a shared connection is kept in the folder’s {file}, committed with the code.', { file: SHARED_FILE_PATH }));
    return;
  }
  const secrets = connection.secretKeys.length > 0 ? await store.readSecrets(connection) : {};
  const definition = definitionOf(connection, secrets);
  const written = withDefinition(await ctx.files.read(folder), definition, folder, secrets);
  if ('problem' in written) {
    void ui.error(l10n.t("Couldn't share '{name}' in {file}: {reason}", { name: connection.name, file: `${folder.name}/${SHARED_FILE_PATH}`, reason: say(written.problem) }));
    return;
  }
  const asked = Object.values(definition.secrets)
    .flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))
    .filter((v) => v === 'ask').length;
  const remove = l10n.t('Share and Remove My Copy');
  const keep = l10n.t('Share and Keep My Copy');
  const answer = await ui.confirm(
    l10n.t("Share '{name}' with everyone who opens {folder}?", { name: connection.name, folder: folder.name }),
    {
      detail: `${l10n.t('Its settings go into {file}, to commit with the code.', { file: `${folder.name}/${SHARED_FILE_PATH}` })} ${keysText(asked)} ${l10n.t("Your own key stays on this machine and is set for the shared connection. Keeping your copy leaves two connections with the alias '{alias}' until one is renamed.", { alias: connection.alias })}`,
    },
    remove,
    keep,
  );
  if (answer !== remove && answer !== keep) return;
  await ctx.files.write(folder, written.text);
  await shared.reload(folder.uri);
  const created = shared.list().find((c) => c.shared.folder === folder.uri && c.shared.definitionId === definition.id);
  // The person who shares keeps using their own key, set for the definition and its host.
  const own = Object.fromEntries(Object.entries(secrets).filter(([, value]) => !isReference(value)));
  if (created && Object.keys(own).length > 0) {
    await shared.keys.bind(created, own);
    await shared.keysChanged(created);
  }
  if (answer === remove) await ctx.removePersonal(connection);
  ctx.logger.info(`Shared '${connection.alias}' in ${folder.name}/${SHARED_FILE_PATH}${answer === remove ? ', its personal copy removed' : ''}.`);
  const open = l10n.t('Open File');
  if ((await ui.info(l10n.t("Shared '{name}' in {file}. Commit it to share it with your team.", { name: connection.name, file: `${folder.name}/${SHARED_FILE_PATH}` }), open)) === open) {
    await ctx.openFile(`${folder.uri.replace(/\/+$/, '')}/${SHARED_FILE_PATH}`);
  }
}

export function sharedCommands(ctx: SharedCommandContext): Record<typeof Command.setMyKey | typeof Command.forgetMyKey | typeof Command.shareWithWorkspace, CommandHandler> {
  const { ui, store, shared } = ctx;
  const pick = (arg: unknown, placeHolder: string) => resolveConnection(ui, store, arg, { placeHolder, filter: isShared }) as Promise<SharedConnection | undefined>;
  return {
    [Command.shareWithWorkspace]: (arg) => shareWithWorkspace(ctx, arg),
    [Command.setMyKey]: async (arg) => {
      ctx.assertTrusted();
      const chosen = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a shared connection to set your key for'), filter: (c) => isShared(c) || ctx.machineKeys.state(c.id) !== undefined });
      if (!chosen) return;
      // A definition synced from another machine: its keys are set here as a shared connection's are.
      const missing = isShared(chosen) ? [] : await keysMissingHere(store, chosen);
      if (!isShared(chosen) && missing.length === 0) {
        void ui.info(l10n.t("'{name}' has its keys on this machine; edit it to change them.", { name: chosen.name }));
        return;
      }
      const connection = isShared(chosen) ? chosen : boundHere(chosen, missing);
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
      if (isShared(chosen)) await shared.keysChanged(connection);
      else await ctx.machineKeys.refresh();
      ctx.logger.info(`Set a key for the ${isShared(chosen) ? 'shared' : 'synced'} connection '${connection.alias}' (sent only to ${host}).`);
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

/**
 * Saves the form of a shared connection into its file: settings as checked, each key as the
 * reference typed or as the file had it; a key typed is this person's own, set on this machine for
 * the connection's host, never written. Throws a StoreError (shown by the form) when the values or
 * the file refuse.
 */
export async function saveSharedFromForm(ctx: Pick<SharedCommandContext, 'store' | 'shared' | 'files' | 'workbench'>, connection: SharedConnection, input: unknown): Promise<SharedConnection> {
  const valid = validInput(input, { connections: ctx.store.list().connections, workspaceAvailable: true, folders: ctx.workbench.folders }, connection);
  const { definition, own } = editedDefinition(connection, valid);
  const folder = { uri: connection.shared.folder, name: connection.shared.folderName };
  const written = withEditedDefinition(await ctx.files.read(folder), definition, folder, own);
  if ('problem' in written) throw new StoreError('invalid', written.problem);
  try {
    await ctx.files.write(folder, written.text);
  } catch (error) {
    throw new StoreError('storage', { code: 'store.saveFailed', name: connection.name, cause: describeCause(error) });
  }
  await ctx.shared.reload(folder.uri);
  const saved = ctx.shared.list().find((c) => c.shared.folder === folder.uri && c.shared.definitionId === definition.id);
  if (!saved) throw new StoreError('invalid', { code: 'shared.definitionGone', id: definition.id });
  if (Object.keys(own).length > 0) {
    try {
      await ctx.shared.keys.bind(saved, own);
    } catch (error) {
      throw new StoreError('secretStorage', { code: 'shared.bindFailed', name: saved.name, cause: describeCause(error) });
    }
    await ctx.shared.keysChanged(saved);
  }
  return saved;
}
