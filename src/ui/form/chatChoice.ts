import { CHAT_PROVIDERS } from '../../domain/chat/routes';
import { isChatProvider, listedModels, type ChatModelStore } from '../../domain/chat/selection';
import type { ServerModels } from '../../domain/chat/serverModels';
import type { Connection } from '../../domain/connection';
import { describeModel } from '../text/chat';
import type { FormActions } from './connectionForms';

/**
 * The form's Chat section over the chat model store: Use in Chat and the models of the last list
 * (Azure: its deployments), the same choice Choose Chat Models… offers.
 */
export function chatFormActions(
  chat: ChatModelStore,
  recordModelList: (connection: Connection, body: unknown, details?: ServerModels) => Promise<void>,
): Required<Pick<FormActions, 'chatSection' | 'saveChatChoice' | 'recordModelList'>> {
  return {
    recordModelList: async (connection, body, details) => {
      if (isChatProvider(connection.providerId)) await recordModelList(connection, body, details);
    },
    chatSection: (connection) => {
      const providers = CHAT_PROVIDERS.filter(isChatProvider);
      if (!connection) return { providers, useInChat: true, models: [] };
      if (!isChatProvider(connection.providerId)) return undefined;
      const entry = chat.get(connection);
      return {
        providers,
        useInChat: entry.useInChat,
        models: listedModels(connection, entry).map((m) => ({ id: m.id.slice(0, 200), description: describeModel(m) })),
        ...(entry.chosen ? { chosen: entry.chosen } : {}),
      };
    },
    saveChatChoice: async (connection, choice) => {
      if (!isChatProvider(connection.providerId)) return;
      await chat.setChosen(connection, choice.chosen);
      await chat.setUseInChat(connection, choice.useInChat);
    },
  };
}
