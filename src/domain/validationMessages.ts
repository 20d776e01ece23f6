/**
 * What checking a connection tells the user, field by field (see src/domain/messages.ts).
 * `label` is a field label from the provider catalog (English data, translated as a term);
 * `key`, `entry`, `alias`, `owner` and `options` are the user's or the catalog's values, shown as they are.
 */
import type { Scope } from './scope';

export type ValidationMessage =
  | { code: 'validation.required'; label: string }
  | { code: 'validation.onOff'; label: string }
  | { code: 'validation.notText'; label: string }
  | { code: 'validation.chooseOne'; options: readonly string[] }
  | { code: 'validation.mapShape'; label: string }
  | { code: 'validation.mapTooMany'; label: string; max: number }
  | { code: 'validation.mapKeyInvalid'; key: string }
  | { code: 'validation.mapValueMissing'; key: string }
  | { code: 'validation.mapCredentials'; key: string }
  | { code: 'validation.tooLong'; label: string; length: number; max: number }
  | { code: 'validation.entryTooLong'; key: string; length: number; max: number }
  | { code: 'validation.headerName'; header: string }
  | { code: 'validation.headerReserved'; header: string }
  | { code: 'validation.headerControl'; header: string }
  | { code: 'validation.url' }
  | { code: 'validation.credentialsInUrl' }
  /** The Network section: a proxy URL that is not one, or one holding credentials; a TLS field that is neither a file path nor certificates; a client key pasted rather than named. */
  | { code: 'validation.proxyUrl' }
  | { code: 'validation.proxyCredentials' }
  | { code: 'validation.pemOrPath'; label: string }
  | { code: 'validation.keyPath' }
  | { code: 'validation.unknownProvider'; providerId: string }
  | { code: 'validation.providerChange' }
  | { code: 'validation.scopeChange' }
  | { code: 'validation.workspaceUnavailable' }
  | { code: 'validation.folderNotOpen' }
  | { code: 'validation.nameRequired' }
  | { code: 'validation.nameTooLong'; max: number }
  | { code: 'validation.nameControl' }
  | { code: 'validation.aliasRequired' }
  | { code: 'validation.aliasPattern' }
  | { code: 'validation.aliasTaken'; alias: string; owner: string; scope: Scope }
  | { code: 'validation.secretValueMissing'; entry: string }
  | { code: 'validation.secretsTooFew'; min: number }
  | { code: 'validation.recordTooLarge'; kb: number }
  | { code: 'validation.nothingToTest' }
  | { code: 'validation.keyForOtherHost' }
  | { code: 'validation.otherProvidersHost'; host: string; owner: string; provider: string }
  /** A structural refusal in zod's own words (only a malformed message gets here): shown as it is. */
  | { code: 'validation.malformed'; detail: string };

/**
 * zod carries an issue's message as text: ours travel through it as the JSON of the message
 * (`issue`), and `issueMessage` turns it back, so a refusal keeps its code and parameters.
 */
export function issue(message: ValidationMessage): string {
  return JSON.stringify(message);
}

/** The message of a zod issue: ours as it was made, zod's own words (a malformed input) as `validation.malformed`. */
export function issueMessage(text: string): ValidationMessage {
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isValidationMessage(parsed)) return parsed;
    } catch {
      /* zod's own text */
    }
  }
  return { code: 'validation.malformed', detail: text };
}

/** A message `issue` wrote: an object whose code is a validation code. */
function isValidationMessage(value: unknown): value is ValidationMessage {
  return typeof value === 'object' && value !== null && /^validation\.[A-Za-z]+$/.test(String((value as { code?: unknown }).code));
}
