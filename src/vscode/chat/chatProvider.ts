import * as vscode from 'vscode';
import { offeredModels, type ChatModelStore, type ModelOverride, type OfferedModel } from '../../domain/chat/selection';
import type { Logger } from '../../domain/logger';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { RestrictedModeError } from '../../domain/requests';
import type { ConnectionTestService } from '../../domain/testing/testService';
import { CHAT_VENDOR, modelInformation } from '../../ui/chatModels';
import { say, sayError } from '../../ui/text';
import { tokenCount } from './convert';
import { languageModelError } from './errors';

export { CHAT_VENDOR };

type ChatModel = vscode.LanguageModelChatInformation & Pick<OfferedModel, 'connectionId' | 'modelId'>;
type Requests = typeof import('./requests');
let requests: Requests | undefined;

/** The request code (dist/chat.js) is loaded on the first request, not at activation. */
function loadRequests(): Requests {
  return (requests ??= require('./chat.js') as Requests);
}

/**
 * Every connection's chosen chat models in VS Code's Chat and `vscode.lm`. The model list comes
 * from what is stored (no network); it changes when connections or their chosen models
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
    /** VS Code asks the user to add models (the Language Models editor's Add Models → AI Connections). */
    private readonly addModels: () => void = () => undefined,
  ) {
    this.subscriptions = [this.changed, store.onDidChange(() => this.changed.fire()), chat.onDidChange(() => this.changed.fire())];
  }

  /** Settings changed (model overrides): tell VS Code to ask again. */
  refresh(): void {
    this.changed.fire();
  }

  /**
   * The models offered now. Not silent (`silent: false`: the user chose Add Models → AI
   * Connections in VS Code's Language Models editor): also starts asking which connection to add
   * or choose models of, without holding up the answer.
   */
  provideLanguageModelChatInformation(options?: vscode.PrepareLanguageModelChatModelOptions): ChatModel[] {
    if (options?.silent === false) this.addModels();
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
