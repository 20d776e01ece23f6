/**
 * A chat request and its answer as plain data, shaped after VS Code's language model chat
 * provider API (`LanguageModelChatRequestMessage`, `LanguageModelTextPart`,
 * `LanguageModelToolCallPart`, `LanguageModelToolResultPart`, `LanguageModelDataPart`,
 * `ProvideLanguageModelChatResponseOptions`) so that mapping one onto the other is a field-by-field
 * copy, and each provider's wire format is built from these alone.
 */

/** `LanguageModelTextPart`. */
export interface ChatTextPart {
  type: 'text';
  text: string;
}

/** `LanguageModelToolCallPart`: the model asks for a tool to run. */
export interface ChatToolCallPart {
  type: 'toolCall';
  callId: string;
  name: string;
  input: Record<string, unknown>;
}

/** `LanguageModelToolResultPart`: what a tool returned, answering the call with the same `callId`. */
export interface ChatToolResultPart {
  type: 'toolResult';
  callId: string;
  content: ChatTextPart[];
}

/**
 * `LanguageModelDataPart`: bytes with a MIME type. Images (`image/*`) go to the model as images;
 * text (`text/*`, `application/json`) as text; any other type is not sent (VS Code uses such
 * parts for hints meant for particular providers).
 */
export interface ChatDataPart {
  type: 'data';
  mimeType: string;
  bytes: Uint8Array;
}

export type ChatPart = ChatTextPart | ChatToolCallPart | ChatToolResultPart | ChatDataPart;

/**
 * One message. `system` messages become each format's system prompt (OpenAI's system role,
 * Anthropic's top-level `system`, Gemini's `systemInstruction`), wherever they stand.
 * Tool results belong in user messages, tool calls in assistant messages (as in VS Code).
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: ChatPart[];
  /** `LanguageModelChatRequestMessage.name`; not sent (no format here has a portable place for it). */
  name?: string;
}

/** `LanguageModelChatTool`. `inputSchema` is a JSON Schema of an object. */
export interface ChatTool {
  name: string;
  description: string;
  inputSchema?: object;
}

/** `LanguageModelChatToolMode`: may call a tool, or must call one. */
export type ChatToolMode = 'auto' | 'required';

/**
 * The provider-specific options of a request (`ProvideLanguageModelChatResponseOptions.modelOptions`).
 * Passed through in each format's own field names, after these portable names are translated:
 * `max_tokens`, `temperature`, `top_p`, `top_k`, `stop` (a string or a list of strings).
 * They never replace the fields the request is built from (model, messages, tools, streaming).
 */
export type ChatModelOptions = Readonly<Record<string, unknown>>;

export interface ChatRequest {
  /** The model id; for Azure OpenAI the deployment name. */
  model: string;
  messages: readonly ChatMessage[];
  tools?: readonly ChatTool[];
  toolMode?: ChatToolMode;
  modelOptions?: ChatModelOptions;
  /**
   * The output limit to ask for when `modelOptions` names none. Anthropic requires one: this, or
   * 4,096. Other formats send it only when given.
   */
  maxOutputTokens?: number;
}

/** What a streamed answer is made of, in order: text as it arrives, whole tool calls, then usage. */
export type ChatResponsePart = ChatTextPart | ChatToolCallPart | { type: 'usage'; inputTokens?: number; outputTokens?: number };
