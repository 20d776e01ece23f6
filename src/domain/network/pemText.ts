/**
 * What a TLS field of the Network section holds, told apart without Node (the form's webview checks
 * it as the person types): PEM text pasted into it, or the path of a PEM file. Certificates are
 * parsed for real before a request (tlsMaterial.ts); here only their shape is checked.
 */

/** Whether a field's value is PEM text (pasted) rather than the path of a file. */
export function isPemText(value: string): boolean {
  return value.includes('-----BEGIN ');
}

/** Whether a value names a file: an absolute path, or one in the home folder (`~/`). */
export function isFilePath(value: string): boolean {
  return filePath(value, '/') !== undefined;
}

/** A file path as the person wrote it: `~/` is their home folder; only absolute paths are files. */
export function filePath(value: string, home: string): string | undefined {
  const trimmed = value.trim();
  const expanded = trimmed === '~' ? home : trimmed.startsWith('~/') ? `${home}/${trimmed.slice(2)}` : trimmed;
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(expanded) ? expanded : undefined;
}

/** Pasted text made only of certificate blocks (its line breaks may be lost: a one-line input drops them). */
export function looksLikeCertificates(text: string): boolean {
  const rest = text.replace(/-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g, '');
  return rest.length < text.length && rest.trim() === '';
}
