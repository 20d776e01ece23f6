import type { ValidationMessage } from './validationMessages';

/**
 * How much a connection may hold. The form, the extension host and the store refuse anything
 * larger with a message naming the field and the limit; nothing is cut silently.
 */
export const LIMITS = {
  /** Display name, in characters. */
  nameLength: 100,
  /** A non-secret setting value: text, URL or one config value, in characters. */
  textValueLength: 2048,
  /** A setting that may hold pasted certificates (the Network section's), in characters. */
  pemValueLength: 32 * 1024,
  /** A secret value: a key, token or reference, in characters. */
  secretValueLength: 16_384,
  /** Entries of a configs or secrets map. */
  mapEntries: 64,
  /** One stored record as JSON, in characters. */
  recordLength: 64 * 1024,
  /** Any one string a form message may carry; beyond it the message is refused before validation. */
  messageStringLength: 1024 * 1024,
} as const;

/** The refusal of a value longer than `max`; `label` is the field's label in the provider catalog. */
export function tooLong(label: string, length: number, max: number): ValidationMessage {
  return { code: 'validation.tooLong', label, length, max };
}
