/**
 * A chat model's values in words: its limits and capabilities, where each comes from, and what is
 * wrong with a token count as typed. The form (webview) shows these too, so this file imports no
 * other text of the extension.
 */
import * as l10n from '@vscode/l10n';
import type { TokenCountProblem } from '../../domain/chat/messages';
import type { ChatModelInfo } from '../../domain/chat/models';
import type { ModelValues, ValueSource } from '../../domain/chat/overrides';
import { formatNumber } from './language';

/** Why a typed token count is not one, and what to enter instead. */
export function tokenCountText(problem: TokenCountProblem): string {
  switch (problem.code) {
    case 'chat.tokensNotNumber':
      return l10n.t("'{text}' is not a whole number. Enter a number of tokens, such as 128000.", { text: problem.text });
    case 'chat.tokensTooSmall':
      return l10n.t('Enter a number of tokens of at least 1.');
    case 'chat.tokensTooLarge':
      return l10n.t('Enter a number of tokens of at most {max}.', { max: formatNumber(problem.max) });
  }
}

/** Where a model's value comes from, in a few words: `from the server`, `from the built-in table`, `assumed`, `your setting`. */
export function sourceText(source: ValueSource): string {
  switch (source) {
    case 'provider':
      return l10n.t('from the server');
    case 'table':
      return l10n.t('from the built-in table');
    case 'default':
      return l10n.t('assumed');
    case 'user':
      return l10n.t('your setting');
  }
}

/** A model's values in a few words, saying when the user's settings changed any: `64,000 in / 16,384 out · images · changed in your settings`. */
export function describeValues(values: ModelValues, changed: boolean): string {
  const described = describeModel({ maxInputTokens: values.maxInputTokens, maxOutputTokens: values.maxOutputTokens, capabilities: values });
  return changed ? l10n.t('{values} · changed in your settings', { values: described }) : described;
}

/** A model's limits and capabilities in a few words: `128,000 in / 16,384 out · tools · images`. */
export function describeModel(model: Pick<ChatModelInfo, 'maxInputTokens' | 'maxOutputTokens' | 'capabilities'>): string {
  const parts = [l10n.t('{input} in / {output} out', { input: formatNumber(model.maxInputTokens), output: formatNumber(model.maxOutputTokens) })];
  if (model.capabilities.toolCalling) parts.push(l10n.t('tools'));
  if (model.capabilities.imageInput) parts.push(l10n.t('images'));
  return parts.join(' · ');
}
