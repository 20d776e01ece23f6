/**
 * VS Code's own ways into AI Connections: the Language Models editor's **Add Models → AI
 * Connections** and its gear on the AI Connections group (Manage AI Connections…), and **Open in
 * Chat**, which opens VS Code's Chat view with a connection's model chosen.
 */
import * as l10n from '@vscode/l10n';
import { isChatProvider, listedModels, offeredModels, type ChatEntry, type OfferedModel } from '../../domain/chat/selection';
import type { Connection } from '../../domain/connection';
import { providerName } from '../../domain/providers/catalog';
import { CHAT_VENDOR } from '../chatModels';
import type { PickItem } from '../ports';
import { describeModel } from '../text/modelValues';
import { scopeLabel } from '../text/scope';
import { chatModelsOf, chooseChatModels, type ChatCommandContext } from './chatCommands';
import { Command, type CommandHandlers } from './ids';
import { resolveConnection } from './pickConnection';

/** VS Code's command that opens the Chat view; `modelSelector` chooses the model in its picker. */
export const OPEN_CHAT_COMMAND = 'workbench.action.chat.open';

export interface LanguageModelsContext extends ChatCommandContext {
  /** Opens the New Connection form. */
  newConnection(): void;
}

/** A connection whose models can be offered in Chat: active, of a provider this extension chats with. */
function isChatConnection(connection: Connection): boolean {
  return connection.isActive && isChatProvider(connection.providerId);
}

export type AddModelsChoice = PickItem & ({ kind: 'new' } | { kind: 'connection'; connection: Connection });

/**
 * What Add Models → AI Connections offers once connections exist: a new connection first, then
 * each chat connection, to choose its models. No chat connection: nothing to choose from, the
 * New Connection form opens straight away.
 */
export function addModelsChoices(connections: readonly Connection[], entryOf: (c: Connection) => ChatEntry): AddModelsChoice[] {
  const existing = connections.filter(isChatConnection);
  if (existing.length === 0) return [];
  return [
    { kind: 'new', label: l10n.t('New Connection…'), detail: l10n.t("A provider's key and settings; its chat models join Chat") },
    ...existing.map((connection): AddModelsChoice => ({
      kind: 'connection',
      connection,
      label: l10n.t('Choose the chat models of {name}', { name: connection.name }),
      description: `${connection.alias} · ${providerName(connection.providerId)} · ${scopeLabel(connection.scope)}`,
      detail: inChatText(connection, entryOf(connection)),
    })),
  ];
}

/** How many of a connection's models Chat has now. */
function inChatText(connection: Connection, entry: ChatEntry): string {
  if (!entry.useInChat) return l10n.t('Not used in Chat');
  const listed = listedModels(connection, entry);
  if (listed.length === 0) return l10n.t('No models listed yet');
  const count = entry.chosen ? listed.filter((m) => entry.chosen!.includes(m.id)).length : listed.length;
  return count === 1 ? l10n.t('1 model in Chat') : l10n.t('{count} models in Chat', { count });
}

/** Add Models → AI Connections (VS Code asks the provider for its models, not silently). */
async function addChatModels(ctx: LanguageModelsContext): Promise<void> {
  const choices = addModelsChoices(ctx.store.list().connections, (c) => ctx.chat.get(c));
  if (choices.length === 0) {
    ctx.newConnection();
    return;
  }
  const picked = await ctx.ui.pick(choices, { title: l10n.t('Add Models from AI Connections'), placeHolder: l10n.t('Create a connection, or choose the chat models of one'), matchOnDescription: true });
  if (!picked) return;
  if (picked.kind === 'new') ctx.newConnection();
  else await chooseChatModels(ctx, picked.connection.id);
}

/** The gear on the AI Connections group: Choose Chat Models…, of the one chat connection straight away. */
async function manageChatModels(ctx: LanguageModelsContext): Promise<void> {
  const existing = ctx.store.list().connections.filter(isChatConnection);
  if (existing.length === 0) {
    ctx.newConnection();
    return;
  }
  await chooseChatModels(ctx, existing.length === 1 ? existing[0]!.id : undefined);
}

/**
 * Open in Chat: the Chat view, with the connection's model chosen in its picker (asked for when it
 * offers several). A connection whose models were never listed is listed first.
 */
async function openInChat(ctx: LanguageModelsContext, arg: unknown): Promise<void> {
  const { ui, store, chat } = ctx;
  const picked = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to chat with'), filter: isChatConnection });
  if (!picked) return;
  if (!isChatProvider(picked.providerId)) {
    void ui.info(l10n.t("'{name}' is not a chat provider's connection.", { name: picked.name }));
    return;
  }
  if (!picked.isActive) {
    void ui.info(l10n.t("'{name}' is disabled. Enable it to use its models.", { name: picked.name }));
    return;
  }
  if (!chat.get(picked).useInChat) {
    const choose = l10n.t('Choose Chat Models…');
    if ((await ui.info(l10n.t("'{name}' is not used in Chat.", { name: picked.name }), choose)) === choose) await chooseChatModels(ctx, picked.id);
    return;
  }
  const listed = await chatModelsOf(ctx, picked, { fresh: false });
  const connection = store.get(picked.id);
  if (!listed || !connection) return;
  const offered = offeredModels([connection], chat, ctx.overrides.current());
  const model = offered.length === 1 ? offered[0] : await pickModel(ctx, connection, offered);
  if (!model) return;
  try {
    await ui.executeCommand(OPEN_CHAT_COMMAND, { modelSelector: { vendor: CHAT_VENDOR, id: model.id } });
  } catch {
    // A VS Code whose Chat can't choose the model (not set up, or older): open it anyway and say which to choose.
    await ui.executeCommand(OPEN_CHAT_COMMAND);
    void ui.info(l10n.t("Choose {model} of '{name}' in the Chat view's model picker.", { model: model.name, name: connection.name }));
  }
}

async function pickModel(ctx: LanguageModelsContext, connection: Connection, offered: OfferedModel[]): Promise<OfferedModel | undefined> {
  const picked = await ctx.ui.pick(
    offered.map((model) => ({ label: model.name, description: describeModel(model), model })),
    { title: l10n.t('Open in Chat: {name}', { name: connection.name }), placeHolder: l10n.t('Choose the model to chat with') },
  );
  return picked?.model;
}

/**
 * After a new connection is saved: when its models go to Chat, a notification offers Open in
 * Chat. Does not wait for the answer.
 */
export function offerOpenInChat(ctx: LanguageModelsContext, connection: Connection): void {
  if (!isChatConnection(connection) || !ctx.chat.get(connection).useInChat) return;
  const open = l10n.t('Open in Chat');
  void ctx.ui.info(l10n.t("Saved '{name}'. Its models are offered in VS Code's Chat.", { name: connection.name }), open).then(async (choice) => {
    if (choice === open) await ctx.ui.executeCommand(Command.openInChat, connection.id);
  });
}

export function languageModelsCommands(ctx: LanguageModelsContext) {
  return {
    [Command.addChatModels]: () => addChatModels(ctx),
    [Command.manageChatModels]: () => manageChatModels(ctx),
    [Command.openInChat]: (arg: unknown) => openInChat(ctx, arg),
  } satisfies CommandHandlers;
}
