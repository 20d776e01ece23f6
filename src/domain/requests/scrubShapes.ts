/**
 * Keys whether or not we sent them (see scrub.ts): key-shaped tokens (`sk-…`, `AIza…`, a Bearer or
 * Basic credential) and long runs of token characters.
 */
import { mapRange, type Ranges, type View } from './scrubEscapes';

/**
 * Key-shaped tokens, removed whether or not we sent them, from the text as received and from the
 * unescaped text. `sk-` and `AIza` must start a word, so "risk-free" or "task-based" stay. Tokens of 32+
 * characters from [A-Za-z0-9_+/=-] are found by findLongTokens (the regex `\b[A-Za-z0-9_+/=-]{32,}\b`,
 * without its quadratic retries).
 */
const KEY_SHAPES = [/(?<![A-Za-z0-9])sk-[A-Za-z0-9_*.-]{3,}/g, /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{10,}/g, /\b(?:Bearer|Basic)[\s+]+[^\s"',]+/gi];
const LONG_TOKEN = 32;

const WORD = 1;
const TOKEN = 2;
/** ASCII classes: word characters [A-Za-z0-9_] and token characters [A-Za-z0-9_+/=-]. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/\w/.test(ch)) CLASS[c] = WORD | TOKEN;
  else if (/[-+/=]/.test(ch)) CLASS[c] = TOKEN;
}

/** Same as /\b[A-Za-z0-9_+/=-]{32,}\b/g: a run of token characters, from its first to its last word character. */
export function findLongTokens(view: View, out: Ranges): void {
  const text = view.text;
  const length = text.length;
  let firstWord = -1;
  let lastWord = -1;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : 0;
    const cls = code < 128 ? CLASS[code]! : 0;
    if (cls & WORD) {
      if (firstWord < 0) firstWord = i;
      lastWord = i;
    } else if (!(cls & TOKEN) && firstWord >= 0) {
      if (lastWord + 1 - firstWord >= LONG_TOKEN) mapRange(view, firstWord, lastWord + 1, out);
      firstWord = -1;
    }
  }
}

export function findKeyShapes(view: View, out: Ranges): void {
  for (const shape of KEY_SHAPES) {
    shape.lastIndex = 0;
    for (let m = shape.exec(view.text); m; m = shape.exec(view.text)) mapRange(view, m.index, m.index + m[0].length, out);
  }
}
