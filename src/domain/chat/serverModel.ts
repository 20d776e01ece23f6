/** What an OpenAI-compatible server says of one of its models beyond the model list (LM Studio, LiteLLM): see serverModels.ts. */
export interface ServerModel {
  /** False for a model that is not for chat (an embedding model, say). */
  chat: boolean;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  toolCalling?: boolean;
  imageInput?: boolean;
}

/** Models by the id the model list names them with. */
export type ServerModels = ReadonlyMap<string, ServerModel>;
