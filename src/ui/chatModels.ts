/**
 * What VS Code's Chat model picker and `vscode.lm` get for an offered model
 * (`LanguageModelChatInformation`). VS Code shows `name` as the picker's label and `detail` beside
 * it as plain text; its hover is a trusted Markdown string it builds from the name (in bold), the
 * identifier and the version (1.104 showed `tooltip` as the item's plain title; later versions put
 * `tooltip` into that hover). So every text here is plain and stays inert as Markdown: the name,
 * family, detail and tooltip through `labelText` (no link, image, autolink, HTML, icon, control or
 * direction character, nothing visible added), the identifier and version as `modelKey` made them.
 */
import type { OfferedModel } from '../domain/chat/selection';
import { capText, labelText } from '../domain/text/inert';
import { say } from './text';

/** The vendor of every model this extension offers: `vscode.lm.selectChatModels({ vendor: 'ai-connections' })`. */
export const CHAT_VENDOR = 'ai-connections';

const MAX_NAME = 200;
const MAX_TEXT = 500;

export interface ModelInformation {
  id: string;
  name: string;
  family: string;
  version: string;
  detail: string;
  tooltip: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling: boolean; imageInput: boolean };
  /** Not shown: which connection and model a request goes to. */
  connectionId: string;
  modelId: string;
}

export function modelInformation(model: OfferedModel): ModelInformation {
  return {
    id: model.id,
    name: capText(labelText(model.name), MAX_NAME),
    family: capText(labelText(model.family), MAX_NAME),
    version: model.version,
    detail: capText(labelText(say(model.detail)), MAX_TEXT),
    tooltip: capText(labelText(say(model.tooltip)), MAX_TEXT),
    maxInputTokens: model.maxInputTokens,
    maxOutputTokens: model.maxOutputTokens,
    capabilities: model.capabilities,
    connectionId: model.connectionId,
    modelId: model.modelId,
  };
}
