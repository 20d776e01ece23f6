import * as vscode from 'vscode';
import { chatRoute, type WireFormatId } from '../../domain/chat/routes';
import { offeredModels, type ChatModelStore, type ModelOverride, type OfferedModel } from '../../domain/chat/selection';
import type { Logger } from '../../domain/logger';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { RestrictedModeError } from '../../domain/requests';
import { SharedKeyError } from '../../domain/shared/bindings';
import type { ConnectionTestService } from '../../domain/testing/testService';
import { CHAT_VENDOR, modelInformation } from '../../ui/chatModels';
import { say, sayError } from '../../ui/text';
import { tokenCount } from './convert';
import { languageModelError } from './errors';

export { CHAT_VENDOR };

type ChatModel = vscode.LanguageModelChatInformation & Pick<OfferedModel, 'connectionId' | 'modelId'>;
type Requests = typeof import('./requests');
let requests: Requests | undefined;

/**
 * The request code (dist/chat.js) is not loaded at activation: it is loaded shortly after models
 * are first offered (see `warmUpSoon`), or by the first request at the latest.
 */
function loadRequests(): Requests {
  return (requests ??= require('./chat.js') as Requests);
}

/**
 * How long after models are offered the request code is warmed up: long enough for VS Code's
 * first burst of questions for models to pass, short enough to end before a first request (a
 * user's, or another extension's that lists the models and asks at once, some 800 ms later in
 * the end-to-end tests).
 */
const WARM_UP_DELAY_MS = 250;

/**
 * Every connection's chosen chat models in VS Code's Chat and `vscode.lm`. The model list comes
 * from what is stored (no network); it changes when connections or their chosen models
 * change, in this window or another.
 */
export class ConnectionChatProvider implements vscode.LanguageModelChatProvider<ChatModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];
  /** Wire formats warmed up, or about to be. */
  private readonly warmed = new Set<WireFormatId>();
  private readonly toWarm = new Set<WireFormatId>();
  private warming: ReturnType<typeof setTimeout> | undefined;

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
    const offered = offeredModels(this.store.list().connections, this.chat, this.overrides());
    this.warmUpSoon(offered);
    return offered.map(modelInformation);
  }

  /**
   * Once models are offered a request is likely to follow: a moment later the request code is
   * loaded and run once in memory for the wire formats of those models, so the first request
   * starts about as quickly as later ones. Nothing is sent and no key is read; each format is
   * warmed up once per window.
   */
  private warmUpSoon(offered: readonly OfferedModel[]): void {
    for (const model of offered) {
      const connection = this.store.get(model.connectionId);
      const format = connection ? chatRoute(connection, model.modelId)?.format : undefined;
      if (format && !this.warmed.has(format)) this.toWarm.add(format);
    }
    if (this.toWarm.size === 0 || this.warming) return;
    this.warming = setTimeout(() => {
      this.warming = undefined;
      const formats = [...this.toWarm];
      this.toWarm.clear();
      if (formats.length === 0) return;
      for (const format of formats) this.warmed.add(format);
      try {
        void loadRequests().warmUp(formats);
      } catch {
        // The first request loads the request code again and says what went wrong.
      }
    }, WARM_UP_DELAY_MS);
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
      // A shared connection without this person's key (or with it bound for another host) is refused as a permission.
      if (error instanceof SharedKeyError) throw languageModelError('auth', say(error.detail));
      throw languageModelError('gone', sayError(error));
    }
    // A request warms up its own wire format.
    const format = chatRoute(context.connection, model.modelId)?.format;
    if (format) {
      this.warmed.add(format);
      this.toWarm.delete(format);
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
      say,
    });
  }

  async provideTokenCount(_model: ChatModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return tokenCount(vscode, text);
  }

  dispose(): void {
    clearTimeout(this.warming);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
