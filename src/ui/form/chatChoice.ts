import { modelSettings, overrideFor, MODEL_VALUE_KEYS, type ModelOverrides, type ModelValues } from '../../domain/chat/overrides';
import { CHAT_PROVIDERS } from '../../domain/chat/routes';
import { isChatProvider, listedModels, type ChatModelStore } from '../../domain/chat/selection';
import type { ServerModels } from '../../domain/chat/serverModels';
import type { Connection } from '../../domain/connection';
import type { Logger } from '../../domain/logger';
import type { FormModel, ModelChange } from '../../protocol/formProtocol';
import { tellRefused, tellShadowed } from '../commands/modelSettings';
import type { Ui } from '../ports';
import type { FormActions } from './connectionForms';

/**
 * The form's Chat section over the chat model store and the user's model settings: Use in Chat,
 * the models of the last list (Azure: its deployments) with their settings, the same choice
 * Choose Chat Models… offers.
 */
export function chatFormActions(
  chat: ChatModelStore,
  recordModelList: (connection: Connection, body: unknown, details?: ServerModels) => Promise<void>,
  settings: { ui: Ui; overrides: ModelOverrides; logger: Logger },
): Required<Pick<FormActions, 'chatSection' | 'saveChatChoice' | 'recordModelList'>> {
  const { ui, overrides, logger } = settings;
  return {
    recordModelList: async (connection, body, details) => {
      if (isChatProvider(connection.providerId)) await recordModelList(connection, body, details);
    },
    chatSection: (connection) => {
      const providers = CHAT_PROVIDERS.filter(isChatProvider);
      if (!connection) return { providers, useInChat: true, models: [] };
      if (!isChatProvider(connection.providerId)) return undefined;
      const entry = chat.get(connection);
      const current = overrides.current();
      return {
        providers,
        useInChat: entry.useInChat,
        models: listedModels(connection, entry).map((m): FormModel => {
          const { values, sources, base, baseSources } = modelSettings(m, connection.alias, current);
          return { id: m.id.slice(0, 200), values, sources, base, baseSources };
        }),
        ...(entry.chosen ? { chosen: entry.chosen } : {}),
      };
    },
    saveChatChoice: async (connection, choice, before) => {
      if (!isChatProvider(connection.providerId)) return;
      await chat.setChosen(connection, choice.chosen);
      await chat.setUseInChat(connection, choice.useInChat);
      // The connection is saved whatever happens to its model settings; the user is told if they were not.
      try {
        if (before && before.alias !== connection.alias) await overrides.renameAlias(before.alias, connection.alias);
        if (!choice.models?.length) return;
        const listed = new Map(listedModels(connection, chat.get(connection)).map((m) => [m.id, m]));
        const current = overrides.current();
        const changes = choice.models.flatMap((change) => {
          const model = listed.get(change.id);
          if (!model) {
            logger.warn(`The form changed the settings of a model '${connection.alias}' does not list; ignored.`);
            return [];
          }
          const settings = modelSettings(model, connection.alias, current);
          return [{ key: settings.key, override: overrideFor(wantedValues(change, settings.values, settings.base), settings.base) }];
        });
        tellShadowed(ui, await overrides.update(changes));
      } catch (error) {
        if (!tellRefused(ui, error)) throw error;
      }
    },
  };
}

/** What a model should be offered with after the form's change: from its values now (or, reset, without the user's entry). */
export function wantedValues(change: ModelChange, values: ModelValues, base: ModelValues): ModelValues {
  const wanted: ModelValues = { ...(change.reset ? base : values) };
  for (const name of MODEL_VALUE_KEYS) {
    const value = change[name];
    if (value === null) (wanted as unknown as Record<string, unknown>)[name] = base[name];
    else if (value !== undefined) (wanted as unknown as Record<string, unknown>)[name] = value;
  }
  return wanted;
}
