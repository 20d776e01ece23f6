/**
 * What the domain says to a person, as a code and its parameters, never as English text: one place
 * in the UI layer (`src/ui/text/`) turns a message into words in VS Code's display language.
 *
 * Codes are `area.name` (`store.aliasTaken`); each area declares its messages next to the code
 * that produces them and joins the `Message` union below. A parameter is a plain value shown as it
 * is (a name, a URL, a count), or another message (a cause), rendered in turn. An area file does
 * not import this one: a message that carries another takes its type as a parameter, given here.
 */
import type { ChatMessage } from './chat/messages';
import type { ReferenceProblem } from './requests/messages';
import type { ResolutionHintProblem, ResolutionPlainMessage, ResolutionSettingProblem } from './resolution/messages';
import type { SharedInvalidSetting, SharedPlainMessage } from './shared/messages';
import type { StorePlainMessage, StoreRecordInvalid, StoreRecordIssue } from './store/messages';
import type { TestingPlainMessage } from './testing/messages';
import type { ValidationMessage } from './validationMessages';
import type { VaultMessage } from './vaults/messages';
import type { YamlInvalid, YamlInvalidConnection, YamlLocated, YamlOverridden, YamlPlainMessage } from './yaml/messages';

export type StoreMessage = StorePlainMessage | StoreRecordIssue<Message> | StoreRecordInvalid<Message>;
export type TestingMessage = TestingPlainMessage | ReferenceProblem<Message>;
export type ResolutionMessage = ResolutionPlainMessage | ResolutionSettingProblem<Message> | ResolutionHintProblem<Message>;
export type SharedMessage = SharedPlainMessage | SharedInvalidSetting<Message>;
export type YamlMessage = YamlPlainMessage | YamlLocated<Message> | YamlInvalid<Message> | YamlInvalidConnection<Message> | YamlOverridden<Message>;

/** Every message the domain produces. */
export type Message = StoreMessage | ValidationMessage | TestingMessage | ChatMessage | ResolutionMessage | YamlMessage | SharedMessage | VaultMessage;

/** The area of a message: the part of its code before the dot. */
export type MessageArea = Message['code'] extends `${infer Area}.${string}` ? Area : never;

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && /^[a-z]+\.[A-Za-z]+$/.test((value as { code: string }).code);
}
