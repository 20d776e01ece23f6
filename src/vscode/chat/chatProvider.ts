import * as vscode from 'vscode';
import { offeredModels, type ChatModelStore, type ModelOverride, type OfferedModel } from '../../domain/chat/selection';
import type { Logger } from '../../domain/logger';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { RestrictedModeError, type ConnectionTestService } from '../../domain/testing/testService';
import { modelInformation } from '../../ui/chatModels';
import { say, sayError } from '../../ui/text';
import { tokenCount } from './convert';
import { languageModelError } from './errors';

export const CHAT_VENDOR = 'ai-connections';

type ChatModel = vscode.LanguageModelChatInformation & Pick<OfferedModel, 'connectionId' | 'modelId'>;
type Requests = typeof import('./requests');
let requests: Requests | undefined;

/** The request code (dist/chat.js) is loaded on the first request, not at activation. */
function loadRequests(): Requests {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (requests ??= require('./chat.js') as Requests);
}

/**
 * Every connection's chosen chat models in VS Code's Chat and `vscode.lm`. The model list comes
 * from what is stored (no network, no prompt); it changes when connections or their chosen models
 * change, in this window or another.
 */
export class ConnectionChatProvider implements vscode.LanguageModelChatProvider<ChatModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly store: ConnectionStore,
    private readonly chat: ChatModelStore,
    private readonly service: ConnectionTestService,
    private readonly logger: Logger,
    private readonly overrides: () => Record<string, ModelOverride>,
  ) {
    this.subscriptions = [this.changed, store.onDidChange(() => this.changed.fire()), chat.onDidChange(() => this.changed.fire())];
  }

  /** Settings changed (model overrides): tell VS Code to ask again. */
  refresh(): void {
    this.changed.fire();
  }

  provideLanguageModelChatInformation(): ChatModel[] {
    return offeredModels(this.store.list().connections, this.chat, this.overrides()).map(modelInformation);
  }

  async provideLanguageModelChatResponse(
    model: ChatModel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    let context: Awaited<ReturnType<ConnectionTestService['requestContext']>>;
    try {
      context = await this.service.requestContext(model.connectionId);
    } catch (error) {
      if (error instanceof RestrictedModeError) throw languageModelError('restricted', say(error.detail));
      throw languageModelError('gone', sayError(error));
    }
    await loadRequests().respond({
      connection: context.connection,
      secrets: context.secrets,
      deps: context.deps,
      model: { modelId: model.modelId, maxOutputTokens: model.maxOutputTokens },
      messages,
      options,
      progress,
      token,
      logger: this.logger,
    });
  }

  async provideTokenCount(_model: ChatModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return tokenCount(vscode, text);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
