import * as l10n from '@vscode/l10n';
import type { ChatModelStore } from '../../domain/chat/selection';
import { AZURE_OPENAI_APIS } from '../../domain/chat/routes';
import { azureDeployments, configuredModels, isChatProvider, listedModels, MODELS_SETTING } from '../../domain/chat/selection';
import type { ChatModelInfo } from '../../domain/chat/models';
import { modelSettings, type ModelOverrides } from '../../domain/chat/overrides';
import type { Connection } from '../../domain/connection';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { ConnectionTestService } from '../../domain/testing/testService';
import type { Ui } from '../ports';
import { resultText, kindText } from '../text/results';
import { Command, type CommandHandlers } from './ids';
import { describeSettings, editModelSettings, modelSettingsButton } from './modelSettings';
import { resolveConnection } from './pickConnection';

export interface ChatCommandContext {
  ui: Ui;
  store: ConnectionStore;
  chat: ChatModelStore;
  /** The user's model settings (`aiConnections.chat.modelOverrides`). */
  overrides: ModelOverrides;
  service: ConnectionTestService;
  editConnection: (connection: Connection) => void;
}

/**
 * Choose Chat Models…: a multi-select over the connection's live model list (its chat models,
 * fetched now), each with its limits and capabilities as offered; what is checked is offered to
 * VS Code's Chat. Checking nothing stops using the connection in Chat; checking everything follows
 * the list as it changes. The gear beside a model opens its settings (`editModelSettings`).
 */
export async function chooseChatModels(ctx: ChatCommandContext, arg: unknown): Promise<void> {
  const { ui, store, chat } = ctx;
  const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to choose its chat models'), filter: (c) => c.isActive && isChatProvider(c.providerId) });
  if (!connection) return;
  if (!isChatProvider(connection.providerId)) {
    void ui.info(l10n.t("'{name}' is not a chat provider's connection.", { name: connection.name }));
    return;
  }
  const models = await chatModelsOf(ctx, connection, { fresh: true });
  if (!models) return;
  const entry = chat.get(connection);
  let chosen = entry.useInChat ? (entry.chosen ? new Set(entry.chosen) : undefined) : new Set<string>();
  let active: string | undefined;
  let picked: { id: string }[];
  // The gear beside a model opens its settings; the list comes back after, with the checks as they were.
  for (;;) {
    const overrides = ctx.overrides.current();
    const items = models.map((m) => ({
      label: m.id,
      description: describeSettings(modelSettings(m, connection.alias, overrides)),
      picked: chosen === undefined || chosen.has(m.id),
      buttons: [modelSettingsButton()],
      id: m.id,
    }));
    const focused = items.find((item) => item.id === active);
    const answer = await ui.pickManyWithButtons(items, {
      title: l10n.t('Chat models of {name}', { name: connection.name }),
      placeHolder: l10n.t('Check the models to offer in Chat (none: not used in Chat)'),
      ignoreFocusOut: true,
      ...(focused ? { active: focused } : {}),
    });
    if (!answer) return;
    if (answer.kind === 'accepted') {
      picked = answer.picked;
      break;
    }
    chosen = new Set(answer.picked.map((p) => p.id));
    active = answer.item.id;
    const model = models.find((m) => m.id === answer.item.id);
    if (model) await editModelSettings(ui, ctx.overrides, connection, model);
  }
  if (picked.length === 0) {
    await chat.setUseInChat(connection, false);
    ui.flash('comment-discussion', l10n.t("'{name}' is no longer used in Chat", { name: connection.name }), 4000);
    return;
  }
  await chat.setChosen(connection, picked.length === models.length ? undefined : picked.map((p) => p.id));
  await chat.setUseInChat(connection, true);
  ui.flash('comment-discussion', picked.length === 1 ? l10n.t("1 model of '{name}' offered in Chat", { name: connection.name }) : l10n.t("{count} models of '{name}' offered in Chat", { count: picked.length, name: connection.name }), 4000);
}

/**
 * The chat models a connection could offer: Azure OpenAI's deployments or the models a setting
 * names, else its model list, listed now when `fresh` or when none was listed yet. Undefined
 * when there are none or listing failed; the user has been told why.
 */
export async function chatModelsOf(ctx: ChatCommandContext, connection: Connection, options: { fresh: boolean }): Promise<ChatModelInfo[] | undefined> {
  const { ui, chat, service } = ctx;
  if (AZURE_OPENAI_APIS.has(connection.providerId) && azureDeployments(connection).length === 0) {
    const choice = await ui.info(l10n.t("Azure OpenAI offers its deployments as chat models: give '{name}' one or more deployment names, separated by commas.", { name: connection.name }), l10n.t('Edit Connection'));
    if (choice) ctx.editConnection(connection);
    return undefined;
  }
  if (connection.providerId === 'perplexity' && configuredModels(connection).length === 0) {
    const choice = await ui.info(l10n.t("Perplexity has no model list: give '{name}' one or more model names, separated by commas.", { name: connection.name }), l10n.t('Edit Connection'));
    if (choice) ctx.editConnection(connection);
    return undefined;
  }
  if (connection.providerId === 'cloudflare-ai-gateway' && configuredModels(connection).length === 0) {
    const choice = await ui.info(l10n.t("Cloudflare AI Gateway has no model list: give '{name}' one or more model names as provider/model, separated by commas.", { name: connection.name }), l10n.t('Edit Connection'));
    if (choice) ctx.editConnection(connection);
    return undefined;
  }
  if (MODELS_SETTING[connection.providerId] === undefined && (options.fresh || listedModels(connection, chat.get(connection)).length === 0)) {
    service.assertTrusted();
    const result = await ui.progress({ location: 'notification', title: l10n.t("Listing the models of '{name}'…", { name: connection.name }), cancellable: true }, (_, signal) => service.test(connection.id, signal));
    if (result.errorKind === 'cancelled') return undefined;
    if (!result.success) {
      void ui.error(l10n.t("Couldn't list the models of '{name}': {reason}", { name: connection.name, reason: resultText(result) ?? (result.errorKind ? kindText(result.errorKind) : l10n.t('the test failed')) }));
      return undefined;
    }
  }
  const models = listedModels(connection, chat.get(connection));
  if (models.length === 0) {
    void ui.info(l10n.t("'{name}' lists no chat models.", { name: connection.name }));
    return undefined;
  }
  return models;
}

export function chatCommands(ctx: ChatCommandContext) {
  return {
    [Command.chooseChatModels]: (arg: unknown) => chooseChatModels(ctx, arg),
  } satisfies CommandHandlers;
}
