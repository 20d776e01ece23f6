/**
 * Chat requests to a connection's models, without VS Code: what a language model chat provider
 * needs. Messages and answers are plain data (types.ts), sent in each provider's own wire format
 * (formats/), with the connection's base URL and credentials prepared as connection tests
 * prepare them. No `vscode` import here or below.
 */
export type {
  ChatDataPart,
  ChatMessage,
  ChatModelOptions,
  ChatPart,
  ChatRequest,
  ChatResponsePart,
  ChatTextPart,
  ChatTool,
  ChatToolCallPart,
  ChatToolMode,
  ChatToolResultPart,
} from './types';
export { prepareChat, streamChat, type ChatConnection, type ChatDependencies, type PreparedChat } from './client';
export { ChatError, type ChatErrorKind } from './errors';
export { estimateRequestTokens, estimateTokens, TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE } from './tokens';
export { chatModelInfo, chatModels, DEFAULT_LIMITS, isChatModel, KNOWN_MODELS, knownModel, modelId, type ChatModelCapabilities, type ChatModelInfo, type KnownModel } from './models';
export { azureApiStyle, CHAT_PROVIDERS, chatRoute, type ChatRoute, type WireFormatId } from './routes';
