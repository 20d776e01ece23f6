export const ALIAS_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const ALIAS_MAX_LENGTH = 64;

/** Suggests an alias from a display name: "OpenAI Production" -> "openai-production". */
export function suggestAlias(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, ALIAS_MAX_LENGTH)
    .replace(/[-._]+$/, '');
}

/** How a copy is named in the user's language: `(name) => "<name> (copy)"` in English. */
export type CopyName = (name: string) => string;
export const englishCopyName: CopyName = (name) => `${name} (copy)`;

/** The name of a copy of `name`, within the name length limit (`max`): the original is shortened, never the suffix. */
export function copyName(name: string, naming: CopyName, max = 100): string {
  const suffixLength = naming('').length;
  return naming(name.slice(0, Math.max(0, max - suffixLength)));
}

/** The first of `base-copy`, `base-copy-2`, ... that is not taken, within the alias length limit. */
export function copyAlias(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = base.slice(0, ALIAS_MAX_LENGTH - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}
