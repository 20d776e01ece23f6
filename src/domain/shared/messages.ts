/**
 * What the shared connections file and the keys bound to its definitions tell the user (see
 * src/domain/messages.ts). `file` is the file's place for messages (`api/.vscode/ai-connections.json`);
 * `name` a definition's name; hosts are named as `hostText` writes them.
 *
 * A message that carries another one takes its type as `M`: `SharedMessage` in
 * src/domain/messages.ts gives it the `Message` union, which imports this file (never the reverse).
 */
export type SharedPlainMessage =
  /** The file as a whole. */
  | { code: 'shared.notJson'; reason: string }
  | { code: 'shared.notObject' }
  | { code: 'shared.fileTooLarge'; kb: number }
  | { code: 'shared.tooMany'; max: number }
  | { code: 'shared.unreadable'; cause: string }
  /** One definition. */
  | { code: 'shared.entryNotObject' }
  | { code: 'shared.missing'; property: string }
  | { code: 'shared.notText'; property: string }
  | { code: 'shared.unknownProperty'; property: string }
  | { code: 'shared.badId'; id: string }
  | { code: 'shared.duplicateId'; id: string }
  | { code: 'shared.duplicateAlias'; alias: string }
  | { code: 'shared.unknownProvider'; provider: string }
  | { code: 'shared.notSecretField'; field: string }
  | { code: 'shared.secretInSettings'; field: string }
  | { code: 'shared.literalSecret'; field: string }
  | { code: 'shared.entryTooLarge'; kb: number }
  /** An alias a shared definition and a personal connection both use: neither is used by that alias. */
  | { code: 'shared.aliasClash'; alias: string; other: string; otherShared: boolean }
  /** Binding a key. */
  | { code: 'shared.keyNeeded'; name: string }
  | { code: 'shared.keyNeededHere'; name: string }
  | { code: 'shared.hostChanged'; name: string; from: string; to: string }
  | { code: 'shared.bindFailed'; name: string; cause: string }
  /** The definition being saved is no longer in its file (changed meanwhile). */
  | { code: 'shared.definitionGone'; id: string };

/** A definition's setting that its provider refuses, with the provider's own reason. */
export interface SharedInvalidSetting<M> {
  code: 'shared.invalidSetting';
  field: string;
  problem: M;
}
