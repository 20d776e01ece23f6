/**
 * What the domain says to a person, as a code and its parameters, never as English text: one place
 * in the UI layer (`src/ui/text/`) turns a message into words in VS Code's display language.
 *
 * Codes are `area.name` (`store.aliasTaken`); each area declares its messages next to the code
 * that produces them and joins the `Message` union below. A parameter is a plain value shown as it
 * is (a name, a URL, a count), or another message (a cause), rendered in turn.
 */
import type { ChatMessage } from './chat/messages';
import type { ResolutionMessage } from './resolution/messages';
import type { StoreMessage } from './store/messages';
import type { TestingMessage } from './testing/messages';
import type { ValidationMessage } from './validationMessages';
import type { YamlMessage } from './yaml/messages';

export type MessageParam = string | number | boolean | undefined | Message | readonly Message[] | readonly string[];

/** Every message the domain produces. */
export type Message = StoreMessage | ValidationMessage | TestingMessage | ChatMessage | ResolutionMessage | YamlMessage;

/** The area of a message: the part of its code before the dot. */
export type MessageArea = Message['code'] extends `${infer Area}.${string}` ? Area : never;

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && /^[a-z]+\.[A-Za-z]+$/.test((value as { code: string }).code);
}
