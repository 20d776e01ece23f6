/**
 * Removes anything that could be a key from text a provider sent back, before it is shown,
 * logged or stored: the secrets we sent, in the forms providers, proxies and gateways echo them,
 * and key-shaped tokens.
 *
 * For each secret of 8 or more characters, these are removed:
 * - any 8 consecutive characters of it, as sent or once HTML entities (`&#115;`, `&#x73;`, `&amp;`,
 *   `&plus;` ...), percent escapes (`%2B`, also `%252B`) and JSON or JavaScript escapes (`\u0073`, `\/`,
 *   `\x73`) are undone, up to three layers deep;
 * - the secret spaced out, or split by line breaks or other separators: 8 consecutive characters of it
 *   once whitespace and the punctuation no secret uses are skipped, or 8 consecutive letters and digits
 *   of it once everything else is skipped (so splits by characters the secrets use, such as `s-k-…` or
 *   form-encoded `s+k+…`, need 8 letters or digits in the secret);
 * - its hex (either case, separators allowed) and its base64 or base64url, alone or inside a longer
 *   encoded value such as `Bearer <key>` or `user:<key>`: 8 consecutive letters and digits of the part
 *   of the encoding that depends on the secret alone;
 * - a masked echo: a start of it and an end of it around a mask (`sk-tes…1234`, `sk-tes****1234`,
 *   `sk-tes...1234`), when the start has 6 characters, or 4 with 2 of the end, or 3 with 4 of the end.
 * A secret of 4 to 7 characters is removed only where it appears whole, as sent or unescaped: looking for
 * its spaced-out or encoded forms would remove ordinary words. Secrets under 4 characters are left alone.
 *
 * Whitespace is collapsed first; the text is capped to maxLength only after scrubbing, so the cut can't
 * leave part of a secret behind.
 *
 * The secrets we sent are looked for by scrubSent.ts, key shapes by scrubShapes.ts, both in the text
 * with its escapes undone (scrubEscapes.ts); what they find is redacted here.
 */
import { unescapeAll, type Ranges, type View } from './scrubEscapes';
import { findMasks, findPieces, findWhole, PieceSet, prepareSecrets } from './scrubSent';
import { findKeyShapes, findLongTokens } from './scrubShapes';

const REDACTED = '[redacted]';

function redact(text: string, ranges: Ranges): string {
  if (ranges.length === 0) return text;
  const order = Array.from({ length: ranges.length / 2 }, (_, i) => i).sort((a, b) => ranges[2 * a]! - ranges[2 * b]!);
  const parts: string[] = [];
  let done = 0;
  let open = -1;
  let close = -1;
  for (const i of order) {
    const start = ranges[2 * i]!;
    const end = ranges[2 * i + 1]!;
    if (open >= 0 && start <= close) {
      if (end > close) close = end;
      continue;
    }
    if (open >= 0) {
      parts.push(text.slice(done, open), REDACTED);
      done = close;
    }
    open = start;
    close = end;
  }
  parts.push(text.slice(done, open), REDACTED, text.slice(close));
  return parts.join('');
}

/** Cuts to maxLength with an ellipsis, never through a marker or a surrogate pair. */
function cap(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = Math.max(0, maxLength - 1);
  const marker = text.lastIndexOf(REDACTED, cut - 1);
  if (marker >= 0 && marker + REDACTED.length > cut) cut = marker;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

export function scrubSecrets(text: string, secrets: readonly string[], maxLength = 300): string {
  // Only whitespace other than a single space is replaced: most of a long text is left as it is.
  const flat = text.replace(/[^\S ]\s*| \s+/g, ' ');
  const prepared = prepareSecrets(secrets);
  const raw: View = { text: flat, layers: [] };
  const unescaped = unescapeAll(flat);
  const main = unescaped ?? raw;
  const ranges: Ranges = [];
  findPieces(main, prepared, ranges);
  findWhole(main, prepared.whole, ranges);
  if (unescaped && prepared.searchRaw) {
    // A secret with `&`, `%` or `\` in it can be hidden by unescaping: look for it as received too.
    const asSent = new PieceSet();
    for (const secret of prepared.long) asSent.addPiecesOf(secret);
    findPieces(raw, { ...prepared, literal: asSent.seal() }, ranges, true);
    findWhole(raw, prepared.whole, ranges);
  }
  if (prepared.long.length > 0) findMasks(main, prepared.long, ranges);
  findKeyShapes(raw, ranges);
  if (unescaped) findKeyShapes(unescaped, ranges);
  // Unescaping only joins runs of token characters, so its long tokens cover those of the raw text.
  findLongTokens(main, ranges);
  return cap(redact(flat, ranges).trim(), maxLength);
}
