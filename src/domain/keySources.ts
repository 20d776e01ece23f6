/**
 * Where a key field's value comes from, as the form's source picker offers it: a typed key, or one
 * of the references of src/domain/references.ts (the environment, appsettings.json, a vault, a key
 * command). Each source has a template to start from, with the part the person replaces marked.
 * Decided by the same grammar as everywhere else, so the picker can never disagree with the hint.
 */
import { parseReference } from './references';

/** The picker's choices, in its order. */
export const KEY_SOURCES = ['typed', 'env', 'config', 'onePassword', 'pass', 'gopass', 'hashicorp', 'azureKeyVault', 'command'] as const;
export type KeySource = (typeof KEY_SOURCES)[number];
export type ReferenceSource = Exclude<KeySource, 'typed'>;

/** The source of a field's value: the reference's kind (or vault), else a typed key (empty included). */
export function keySourceOf(value: string): KeySource {
  const reference = parseReference(value);
  if (!reference) return 'typed';
  return reference.kind === 'vault' ? reference.vault : reference.kind;
}

/** A template: its text, and the part to select so typing replaces it (`start` to `end`). */
export interface KeyTemplate {
  text: string;
  start: number;
  end: number;
}

/** Examples a provider's key field gives (its help's `reference` and `variable`), used when they are references of that kind. */
export interface KeyExamples {
  reference?: string;
  variable?: string;
}

/** Each source's template as [before, the part to replace, after]; every one is a reference of its own source. */
const PARTS: Record<Exclude<ReferenceSource, 'env' | 'config'>, readonly [string, string, string]> = {
  onePassword: ['op://', 'vault/item/field', ''],
  pass: ['${pass:', 'path/to/entry', '}'],
  gopass: ['${gopass:', 'path/to/entry', '}'],
  hashicorp: ['${vault:secret/', 'path/to/secret#field', '}'],
  azureKeyVault: ['${azkv:', 'vault-name/secret-name', '}'],
  command: ['${command:', 'name', '}'],
};

const FALLBACK_VARIABLE = 'API_KEY';
const FALLBACK_PATH = 'Section:ApiKey';

/** The parts of the environment and configuration templates: the provider's own names where it has them. */
function ownParts(source: 'env' | 'config', examples: KeyExamples): readonly [string, string, string] {
  if (source === 'env') {
    const given = examples.variable !== undefined ? parseReference(examples.variable) : undefined;
    return ['${env:', given?.kind === 'env' ? given.name : FALLBACK_VARIABLE, '}'];
  }
  const given = examples.reference !== undefined ? parseReference(examples.reference) : undefined;
  return ['$', given?.kind === 'config' ? given.path.join(':') : FALLBACK_PATH, ''];
}

/** The template a source starts from (`op://vault/item/field` with `vault/item/field` selected). */
export function keySourceTemplate(source: ReferenceSource, examples: KeyExamples = {}): KeyTemplate {
  const [before, part, after] = source === 'env' || source === 'config' ? ownParts(source, examples) : PARTS[source];
  return { text: `${before}${part}${after}`, start: before.length, end: before.length + part.length };
}
