/**
 * What promptflow import and export tell the user (see src/domain/messages.ts). Parameters are
 * data: file names, document and line numbers, the file's keys, counts; never a secret's value.
 *
 * A message that carries another one takes its type as `M`: `YamlMessage` in
 * src/domain/messages.ts gives it the `Message` union, which imports this file (never the reverse).
 */

/** A problem located in a file: `{file}, document {document}, line {line}: {problem}`. */
export interface YamlLocated<M> {
  code: 'yaml.located';
  file: string;
  document?: number | undefined;
  line?: number | undefined;
  problem: M;
}

/** The store's check of a value, under the file's key; `problem` is the store's message (its first letter lowered). */
export interface YamlInvalid<M> {
  code: 'yaml.invalid';
  key: string;
  problem: string | M;
}

/** The store's check of the connection as a whole. */
export interface YamlInvalidConnection<M> {
  code: 'yaml.invalidConnection';
  problem: string | M;
}

/** A problem with a value given with `--set`. */
export interface YamlOverridden<M> {
  code: 'yaml.overridden';
  problem: M;
}

/** The YAML messages that carry no other message. */
export type YamlPlainMessage =
  | { code: 'yaml.fileTooLarge'; kb: number }
  | { code: 'yaml.notAMap' }
  | { code: 'yaml.keyNotText' }
  /** `__proto__` as a key (`secrets.__proto__`), which a JavaScript object would drop. */
  | { code: 'yaml.reservedName'; key: string }
  /** An alias (`*k`) repeating a secret's value (`field`) or a map holding secrets; never the value. */
  | { code: 'yaml.secretAlias'; alias: string; field: string }
  | { code: 'yaml.tooManyAliases'; max: number }
  /** A file with more nodes than `MAX_NODE_COUNT`, refused before it is composed. */
  | { code: 'yaml.nodeLimit'; max: number }
  /** A file with more aliases (`*name`) than `MAX_ALIASES`, refused before it is composed. */
  | { code: 'yaml.aliasLimit'; max: number }
  /** A file with more documents than `MAX_DOCUMENTS`, refused before it is composed. */
  | { code: 'yaml.documentLimit'; max: number }
  | { code: 'yaml.documentUnreadable' }
  /** A key given twice in one map, by its path (`secrets.api_key`) when it is text. */
  | { code: 'yaml.duplicateKey'; key?: string }
  | { code: 'yaml.tabIndent' }
  /** The `yaml` parser's own description of a syntax error (its words, as data). */
  | { code: 'yaml.syntax'; text: string }
  | { code: 'yaml.required'; key: string }
  | { code: 'yaml.typeRequired'; key: string; types: string }
  | { code: 'yaml.notText'; key: string }
  /** A scalar that is not text: `{key} must be text (write "{value}" in quotes).` */
  | { code: 'yaml.quoteText'; key: string; value: string }
  /** The same for a secret, whose value is never quoted. */
  | { code: 'yaml.quoteSecret'; key: string }
  | { code: 'yaml.unknownType'; type: string; types: string }
  | { code: 'yaml.authMode'; key: string; modes: readonly string[] }
  | { code: 'yaml.notAMapOfValues'; key: string }
  | { code: 'yaml.carriedProvider'; key: string; providers: string }
  | { code: 'yaml.notASetting'; key: string; provider: string }
  | { code: 'yaml.notASecret'; key: string; provider: string }
  | { code: 'yaml.requiredKey'; key: string }
  | { code: 'yaml.requiredForKeyAuth'; key: string }
  | { code: 'yaml.placeholder'; field: string }
  | { code: 'yaml.missingValue'; field: string }
  | { code: 'yaml.missingUrl'; field: string }
  | { code: 'yaml.setNotText'; index: number }
  | { code: 'yaml.setNotPair'; index: number }
  | { code: 'yaml.setNotKey'; index: number; key: string }
  | { code: 'yaml.setDot'; key: string }
  /** promptflow's own message (its English wording is kept: scripts match it). */
  | { code: 'yaml.loadNothing'; file: string }
  | { code: 'yaml.tooManyKeys'; count: number; max: number }
  | { code: 'yaml.badSecretName'; name: string }
  /** The store's refusal of a value that is too long, for a dotenv key. */
  | { code: 'yaml.valueTooLong'; key: string; length: number; max: number }
  | { code: 'yaml.needsName' };
