/**
 * Removes anything that could be a key from text a provider sent back, before it is shown,
 * logged or stored: the secrets we sent (and long pieces of them), and key-shaped tokens.
 */
const KEY_SHAPES = [
  /sk-[A-Za-z0-9_*.-]{3,}/g,
  /AIza[0-9A-Za-z_-]{10,}/g,
  /\b(?:Bearer|Basic)\s+[^\s"',]+/gi,
  /\b[A-Za-z0-9_+/=-]{32,}\b/g,
];
const REDACTED = '[redacted]';

export function scrubSecrets(text: string, secrets: readonly string[], maxLength = 300): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    result = result.split(secret).join(REDACTED);
    // Providers echo keys partly masked ("sk-abc****wxyz"): drop any 8+ character piece of ours.
    for (let size = Math.min(secret.length - 1, 24); size >= 8; size -= 4) {
      for (let start = 0; start + size <= secret.length; start += 4) result = result.split(secret.slice(start, start + size)).join(REDACTED);
    }
  }
  for (const shape of KEY_SHAPES) result = result.replace(shape, REDACTED);
  result = result.replace(/\s+/g, ' ').trim();
  return result.length > maxLength ? `${result.slice(0, maxLength - 1)}…` : result;
}
