/**
 * The one place where what the domain says (a `Message`: a code and its parameters) becomes words
 * in VS Code's display language. Each area has its own file; `say` picks it by the code's prefix.
 *
 * Every text goes through `l10n.t` from `@vscode/l10n` with the English sentence as its key:
 * `npm run l10n` extracts them into `l10n/bundle.l10n.json`, and in VS Code the extension hands the
 * display language's bundle to `@vscode/l10n` at activation (src/vscode/l10n.ts). In plain Node
 * (the unit tests) the English sentence is used as it is.
 */
import { isMessage, type Message, type MessageArea } from '../../domain/messages';
import { chatText } from './chat';
import { resolutionText } from './resolution';
import { sharedText } from './shared';
import { storeText } from './store';
import { testingText } from './testing';
import { validationText } from './validation';
import type { Say } from './say';
import { vaultText } from './vaults';
import { yamlText } from './yaml';
type AreaText<A extends MessageArea> = (message: Extract<Message, { code: `${A}.${string}` }>, say: Say) => string;

const AREAS: { [A in MessageArea]: AreaText<A> } = {
  store: storeText,
  validation: validationText,
  testing: testingText,
  chat: chatText,
  resolution: resolutionText,
  yaml: yamlText,
  shared: sharedText,
  vault: vaultText,
};

export function say(message: Message): string {
  const area = message.code.slice(0, message.code.indexOf('.')) as MessageArea;
  return (AREAS[area] as (message: Message, say: Say) => string)(message, say);
}

/** What an error says to the user: its message (`detail`) when it carries one, else its own text. */
export function sayError(error: unknown): string {
  const detail = typeof error === 'object' && error !== null ? (error as { detail?: unknown }).detail : undefined;
  if (isMessage(detail)) return say(detail);
  return error instanceof Error ? error.message : String(error);
}
