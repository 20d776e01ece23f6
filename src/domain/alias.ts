export const ALIAS_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const ALIAS_MAX_LENGTH = 64;

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

/** The first of `base-copy`, `base-copy-2`, ... that is not taken, within the alias length limit. */
export function copyAlias(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = base.slice(0, ALIAS_MAX_LENGTH - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}
