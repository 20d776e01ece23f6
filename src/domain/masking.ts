import { isReference } from './references';

/** Prefixes that only say which kind of key this is; showing them reveals nothing secret. */
const NON_SECRET_PREFIXES = ['sk-ant-', 'sk-'];
const SHOWN_CHARACTERS = 3;

/**
 * How a stored secret is shown: a reference as typed; a literal as its first three characters
 * and `***` when it starts with a known non-secret prefix (`sk-***`), otherwise `***`.
 */
export function maskSecret(value: string): string {
  if (value.length === 0) return '';
  if (isReference(value)) return value;
  if (NON_SECRET_PREFIXES.some((prefix) => value.startsWith(prefix) && value.length > prefix.length)) {
    return `${value.slice(0, SHOWN_CHARACTERS)}***`;
  }
  return '***';
}
