/**
 * What the message codes of a model's settings say in English (tooltips of models the user
 * changed, token limits as typed, settings that can't be written): rows of the table in
 * test/unit/text.test.ts, kept here so that file stays short.
 */
import type { Message } from '../../src/domain/messages';

export const MODEL_SETTINGS_ENGLISH: ReadonlyArray<readonly [Message, string]> = [
  [{ code: 'chat.modelTooltip', model: 'gpt-4o', connection: 'OpenAI', alias: 'oa', scope: 'workspace', source: 'provider', overridden: true }, 'gpt-4o through OpenAI (oa, Workspace), limits from the provider and your settings.'],
  [{ code: 'chat.modelTooltip', model: 'gpt-4o', connection: 'OpenAI', alias: 'oa', scope: 'global', source: 'table', overridden: true }, 'gpt-4o through OpenAI (oa, Global), limits from the known families table and your settings.'],
  [{ code: 'chat.modelTooltip', model: 'x', connection: 'OpenAI', alias: 'oa', scope: 'global', source: 'default', overridden: true }, 'x through OpenAI (oa, Global), limits from the defaults and your settings.'],
  [{ code: 'chat.tokensNotNumber', text: '128k' }, "'128k' is not a whole number. Enter a number of tokens, such as 128000."],
  [{ code: 'chat.tokensTooSmall' }, 'Enter a number of tokens of at least 1.'],
  [{ code: 'chat.tokensTooLarge', max: 100_000_000 }, 'Enter a number of tokens of at most 100,000,000.'],
  [{ code: 'chat.overrideInvalid' }, 'Model settings take whole numbers of tokens of at least 1, and on or off for tools and images. Nothing was changed.'],
  [{ code: 'chat.overridesNotObject' }, 'Your user setting aiConnections.chat.modelOverrides is not an object of model settings, so it was left as it is. Correct it in settings.json, then try again.'],
  [{ code: 'chat.settingsWriteFailed', reason: 'the file has unsaved changes' }, "Couldn't write your user settings: the file has unsaved changes"],
];
