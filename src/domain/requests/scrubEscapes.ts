/**
 * Where a secret hides behind escapes (see scrub.ts): the text with HTML entities, percent escapes
 * and JSON or JavaScript escapes undone, up to three layers deep, and the way back from a position
 * in it to the range of the text as received, so that what is found there is redacted there.
 */
const NAMED_ENTITIES = new Map(
  Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: ' ',
    Tab: ' ',
    NewLine: ' ',
    plus: '+',
    sol: '/',
    equals: '=',
    hyphen: '-',
    dash: '-',
    minus: '-',
    lowbar: '_',
    UnderBar: '_',
    period: '.',
    colon: ':',
    semi: ';',
    comma: ',',
    excl: '!',
    quest: '?',
    num: '#',
    dollar: '$',
    percnt: '%',
    ast: '*',
    midast: '*',
    lpar: '(',
    rpar: ')',
    lsqb: '[',
    rsqb: ']',
    lbrack: '[',
    rbrack: ']',
    lcub: '{',
    rcub: '}',
    lbrace: '{',
    rbrace: '}',
    verbar: '|',
    vert: '|',
    bsol: '\\',
    commat: '@',
    Hat: '^',
    grave: '`',
    hellip: '…',
    mldr: '…',
    bull: '•',
    middot: '·',
    ndash: '–',
    mdash: '—',
    ZeroWidthSpace: '\u200b',
    zwj: '\u200d',
    zwnj: '\u200c',
  }),
);
/** Named entities HTML also reads without the closing semicolon. */
const LEGACY_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot']);
/** JSON and JavaScript single-character escapes; the whitespace ones read as a space, like the collapsed text. */
const SIMPLE_ESCAPES = new Map(Object.entries({ '\\': '\\', '/': '/', '"': '"', "'": "'", b: ' ', f: ' ', n: ' ', r: ' ', t: ' ' }));
export const MIGHT_ESCAPE = /[&%\\]/;

function codePoint(value: number): string | undefined {
  return value > 0 && value <= 0x10ffff && (value < 0xd800 || value > 0xdfff) ? String.fromCodePoint(value) : undefined;
}

/** Digits read by the last readDigits call. */
let digitsRead = 0;

/** Reads up to `max` digits of the radix from `from`; the count is left in digitsRead. */
function readDigits(src: string, from: number, max: number, radix: 10 | 16): number {
  let value = 0;
  let k = 0;
  for (; k < max && from + k < src.length; k++) {
    const c = src.charCodeAt(from + k);
    const lower = c | 0x20;
    const digit = c >= 48 && c <= 57 ? c - 48 : radix === 16 && lower >= 97 && lower <= 102 ? lower - 87 : -1;
    if (digit < 0) break;
    value = value * radix + digit;
  }
  digitsRead = k;
  return value;
}

const isAlnumCode = (c: number) => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);

/** Length of the escape read by the last escapeAt call. */
let escapeLength = 0;

/**
 * What the escape at src[i] (a `&`, `%` or `\`) stands for, its length left in escapeLength; undefined if
 * it is not one of: `&#115;` `&#x73;` (the `;` optional), `&name;` (`&amp` `&lt` `&gt` `&quot` without
 * `;` too), `%73`, `\u0073`, `\u{73}`, `\x73`, and `\\` `\/` `\"` `\'` `\b` `\f` `\n` `\r` `\t`.
 * A percent escape is one byte; bytes above 0x7f read as Latin-1 (keys are ASCII).
 */
function escapeAt(src: string, i: number): string | undefined {
  const c = src.charCodeAt(i);
  if (c === 0x25) return percentEscape(src, i);
  if (c === 0x5c) return backslashEscape(src, i);
  return entityEscape(src, i);
}

/** `%73`. */
function percentEscape(src: string, i: number): string | undefined {
  const value = readDigits(src, i + 1, 2, 16);
  if (digitsRead !== 2) return undefined;
  escapeLength = 3;
  return String.fromCharCode(value);
}

/** `\u0073`, `\u{73}`, `\x73`, and the single-character escapes. */
function backslashEscape(src: string, i: number): string | undefined {
  const next = src[i + 1];
  if (next === 'u' && src[i + 2] === '{') {
    const value = readDigits(src, i + 3, 6, 16);
    if (digitsRead === 0 || src[i + 3 + digitsRead] !== '}') return undefined;
    escapeLength = 4 + digitsRead;
    return codePoint(value);
  }
  if (next === 'u' || next === 'x') {
    const size = next === 'u' ? 4 : 2;
    const value = readDigits(src, i + 2, size, 16);
    if (digitsRead !== size) return undefined;
    escapeLength = 2 + size;
    return String.fromCharCode(value);
  }
  const simple = next === undefined ? undefined : SIMPLE_ESCAPES.get(next);
  if (simple !== undefined) escapeLength = 2;
  return simple;
}

/** `&#115;`, `&#x73;` and `&name;`. */
function entityEscape(src: string, i: number): string | undefined {
  if (src[i + 1] === '#') {
    const hex = src[i + 2] === 'x' || src[i + 2] === 'X';
    const from = i + (hex ? 3 : 2);
    const value = readDigits(src, from, hex ? 6 : 7, hex ? 16 : 10);
    if (digitsRead === 0) return undefined;
    const end = from + digitsRead;
    escapeLength = end - i + (src[end] === ';' ? 1 : 0);
    return codePoint(value);
  }
  let end = i + 1;
  while (end < src.length && end - i <= 32 && isAlnumCode(src.charCodeAt(end))) end++;
  const name = src.slice(i + 1, end);
  if (name.length < 2 || !/^[A-Za-z]/.test(name)) return undefined;
  const semicolon = src[end] === ';';
  if (!semicolon && !LEGACY_ENTITIES.has(name)) return undefined;
  const value = NAMED_ENTITIES.get(name);
  if (value !== undefined) escapeLength = end - i + (semicolon ? 1 : 0);
  return value;
}

/** Ranges of the original text to redact, as [start, end) pairs; sorted and merged when applied. */
export type Ranges = number[];

/** The escapes undone in one layer: where each sits in the layer's source and in its result. */
interface Layer {
  /** Position and length (1, or 2 for a surrogate pair) of each escape's result. */
  at: Int32Array;
  length: Uint8Array;
  /** Position and length of each escape in the source. */
  sourceAt: Int32Array;
  sourceLength: Int32Array;
}

/** Text with escapes undone, and the layers that map its positions back to the original text. */
export interface View {
  text: string;
  layers: Layer[];
}

/** The range of the layer's source that character i of its result came from. */
function sourceRange(layer: Layer, i: number): [number, number] {
  const { at, length, sourceAt, sourceLength } = layer;
  let lo = 0;
  let hi = at.length - 1;
  let e = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! <= i) {
      e = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (e < 0) return [i, i + 1];
  if (i < at[e]! + length[e]!) return [sourceAt[e]!, sourceAt[e]! + sourceLength[e]!];
  const start = sourceAt[e]! + sourceLength[e]! + (i - at[e]! - length[e]!);
  return [start, start + 1];
}

/** Adds the original range of the view's characters [start, end). */
export function mapRange(view: View, start: number, end: number, out: Ranges): void {
  if (end <= start) return;
  for (let l = view.layers.length - 1; l >= 0; l--) {
    const layer = view.layers[l]!;
    start = sourceRange(layer, start)[0];
    end = sourceRange(layer, end - 1)[1];
  }
  out.push(start, end);
}

/**
 * Undoes one layer of escapes. `again` tells whether an escape produced `&`, `%` or `\`, the only way
 * a further layer can appear (`&amp;#115;`, `%2573`, `\\u0073`).
 */
function unescapeLayer(src: string): { text: string; layer: Layer; again: boolean } | undefined {
  if (!MIGHT_ESCAPE.test(src)) return undefined;
  const sourceAt: number[] = [];
  const sourceLength: number[] = [];
  const chars: string[] = [];
  let again = false;
  // The next `&`, `%` and `\` at or after the current position.
  let amp = src.indexOf('&');
  let pct = src.indexOf('%');
  let bsl = src.indexOf('\\');
  for (;;) {
    let i = amp;
    if (pct >= 0 && (i < 0 || pct < i)) i = pct;
    if (bsl >= 0 && (i < 0 || bsl < i)) i = bsl;
    if (i < 0) break;
    const ch = escapeAt(src, i);
    let next = i + 1;
    if (ch !== undefined) {
      sourceAt.push(i);
      sourceLength.push(escapeLength);
      chars.push(ch);
      if (ch === '&' || ch === '%' || ch === '\\') again = true;
      next = i + escapeLength;
    }
    if (amp >= 0 && amp < next) amp = src.indexOf('&', next);
    if (pct >= 0 && pct < next) pct = src.indexOf('%', next);
    if (bsl >= 0 && bsl < next) bsl = src.indexOf('\\', next);
  }
  if (chars.length === 0) return undefined;
  const layer: Layer = { at: new Int32Array(chars.length), length: new Uint8Array(chars.length), sourceAt: Int32Array.from(sourceAt), sourceLength: Int32Array.from(sourceLength) };
  const parts: string[] = [];
  let last = 0;
  let n = 0;
  for (let e = 0; e < chars.length; e++) {
    if (sourceAt[e]! > last) parts.push(src.slice(last, sourceAt[e]));
    n += sourceAt[e]! - last;
    layer.at[e] = n;
    layer.length[e] = chars[e]!.length;
    parts.push(chars[e]!);
    n += chars[e]!.length;
    last = sourceAt[e]! + sourceLength[e]!;
  }
  parts.push(src.slice(last));
  return { text: parts.join(''), layer, again };
}

/** Undoes up to three layers of escapes; undefined when the text has none. */
export function unescapeAll(text: string): View | undefined {
  let view: View | undefined;
  for (let depth = 0; depth < 3; depth++) {
    const next = unescapeLayer(view?.text ?? text);
    if (!next) break;
    view = { text: next.text, layers: [...(view?.layers ?? []), next.layer] };
    if (!next.again) break;
  }
  return view;
}
