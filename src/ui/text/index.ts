/**
 * The one place where what the domain says (a `Message`: a code and its parameters) becomes words
 * in VS Code's display language. Each area has its own file; `say` picks it by the code's prefix.
 *
 * Every text goes through `l10n.t` from `@vscode/l10n` with the English sentence as its key:
 * `npm run l10n` extracts them into `l10n/bundle.l10n.json`, and in VS Code the extension hands the
 * display language's bundle to `@vscode/l10n` at activation (src/vscode/l10n.ts). In plain Node
 * (the unit tests) the English sentence is used as it is.
 */
import type { Message, MessageArea } from '../../domain/messages';
import { resolutionText } from './resolution';
import { storeText } from './store';
import { yamlText } from './yaml';

/** Renders a message; an area's text function gets it back for messages nested as parameters. */
export type Say = (message: Message) => string;
type AreaText<A extends MessageArea> = (message: Extract<Message, { code: `${A}.${string}` }>, say: Say) => string;

const AREAS: { [A in MessageArea]: AreaText<A> } = {
  store: storeText,
  resolution: resolutionText,
  yaml: yamlText,
};

export function say(message: Message): string {
  const area = message.code.slice(0, message.code.indexOf('.')) as MessageArea;
  return (AREAS[area] as (message: Message, say: Say) => string)(message, say);
}
