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
 */
const REDACTED = '[redacted]';
/** Length of the pieces looked for. */
const W = 8;
/** Shorter secrets are not scrubbed at all. */
const MIN_SECRET = 4;

/**
 * Key-shaped tokens, removed whether or not we sent them, from the text as received and from the
 * unescaped text. `sk-` and `AIza` must start a word, so "risk-free" or "task-based" stay. Tokens of 32+
 * characters from [A-Za-z0-9_+/=-] are found by findLongTokens (the regex `\b[A-Za-z0-9_+/=-]{32,}\b`,
 * without its quadratic retries).
 */
const KEY_SHAPES = [
  /(?<![A-Za-z0-9])sk-[A-Za-z0-9_*.-]{3,}/g,
  /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{10,}/g,
  /\b(?:Bearer|Basic)[\s+]+[^\s"',]+/gi,
];
const LONG_TOKEN = 32;

// ---- character classes ----------------------------------------------------------------------

/** In the stream that skips whitespace and the punctuation the secrets don't use. */
const KEEP_KEY_CHARS = 1;
/** In the stream of letters and digits only. */
const KEEP_ALNUM = 2;
const WORD = 1;
const TOKEN = 2;
/** ASCII classes: word characters [A-Za-z0-9_] and token characters [A-Za-z0-9_+/=-]. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/\w/.test(ch)) CLASS[c] = WORD | TOKEN;
  else if (/[-+/=]/.test(ch)) CLASS[c] = TOKEN;
}
const onlyAlnum = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');

// ---- unescaping -------------------------------------------------------------------------------

const NAMED_ENTITIES = new Map(
  Object.entries({
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', Tab: ' ', NewLine: ' ',
    plus: '+', sol: '/', equals: '=', hyphen: '-', dash: '-', minus: '-', lowbar: '_', UnderBar: '_',
    period: '.', colon: ':', semi: ';', comma: ',', excl: '!', quest: '?', num: '#', dollar: '$',
    percnt: '%', ast: '*', midast: '*', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lbrack: '[',
    rbrack: ']', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}', verbar: '|', vert: '|', bsol: '\\',
    commat: '@', Hat: '^', grave: '`', hellip: '…', mldr: '…', bull: '•', middot: '·', ndash: '–',
    mdash: '—', ZeroWidthSpace: '\u200b', zwj: '\u200d', zwnj: '\u200c',
  }),
);
/** Named entities HTML also reads without the closing semicolon. */
const LEGACY_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot']);
/** JSON and JavaScript single-character escapes; the whitespace ones read as a space, like the collapsed text. */
const SIMPLE_ESCAPES = new Map(Object.entries({ '\\': '\\', '/': '/', '"': '"', "'": "'", b: ' ', f: ' ', n: ' ', r: ' ', t: ' ' }));
const MIGHT_ESCAPE = /[&%\\]/;

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
  if (c === 0x25) {
    const value = readDigits(src, i + 1, 2, 16);
    if (digitsRead !== 2) return undefined;
    escapeLength = 3;
    return String.fromCharCode(value);
  }
  if (c === 0x5c) {
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
type Ranges = number[];

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
interface View {
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
function mapRange(view: View, start: number, end: number, out: Ranges): void {
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
function unescapeAll(text: string): View | undefined {
  let view: View | undefined;
  for (let depth = 0; depth < 3; depth++) {
    const next = unescapeLayer(view?.text ?? text);
    if (!next) break;
    view = { text: next.text, layers: [...(view?.layers ?? []), next.layer] };
    if (!next.again) break;
  }
  return view;
}

// ---- pieces of secrets, found with a rolling hash --------------------------------------------

const BASE = 0x5bd1e995;
let basePow = 1;
for (let i = 1; i < W; i++) basePow = Math.imul(basePow, BASE);
/** BASE^(W-1), to take the oldest character out of the rolling hash. */
const BASE_TOP = basePow;

/**
 * The W-character pieces looked for in one stream: a bit filter in front of an open-addressing table
 * of their hashes, each pointing at where the piece sits in the value it came from.
 */
class PieceSet {
  private readonly values: string[] = [];
  private readonly hashes: number[] = [];
  private readonly valueOf: number[] = [];
  private readonly offsets: number[] = [];
  bits = new Uint32Array(1);
  shift = 31;
  private keys = new Int32Array(1);
  /** Entry index + 1; 0 for an empty slot. */
  private entries = new Int32Array(1);
  private tableShift = 31;

  /** Adds the pieces of value that start every `step` characters (2 for hex: whole bytes only). */
  addPiecesOf(value: string, step = 1): void {
    if (value.length < W) return;
    const index = this.values.push(value) - 1;
    let h = 0;
    for (let i = 0; i < value.length; i++) {
      const oldest = i >= W ? value.charCodeAt(i - W) : 0;
      h = (Math.imul(h - Math.imul(oldest, BASE_TOP), BASE) + value.charCodeAt(i)) | 0;
      const start = i - W + 1;
      if (start >= 0 && start % step === 0) {
        this.hashes.push(h);
        this.valueOf.push(index);
        this.offsets.push(start);
      }
    }
  }

  seal(): this {
    const count = this.hashes.length;
    let bitCount = 12;
    while (bitCount < 24 && 1 << bitCount < count * 64) bitCount++;
    this.shift = 32 - bitCount;
    this.bits = new Uint32Array(1 << (bitCount - 5));
    let tableBits = 4;
    while (1 << tableBits < count * 2) tableBits++;
    this.tableShift = 32 - tableBits;
    this.keys = new Int32Array(1 << tableBits);
    this.entries = new Int32Array(1 << tableBits);
    const mask = (1 << tableBits) - 1;
    for (let e = 0; e < count; e++) {
      const h = this.hashes[e]!;
      const bit = h >>> this.shift;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
      let slot = h >>> this.tableShift;
      while (this.entries[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = h;
      this.entries[slot] = e + 1;
    }
    return this;
  }

  get empty(): boolean {
    return this.hashes.length === 0;
  }

  /** Whether the last W codes of the ring (oldest at `first`) are a piece with hash h. */
  has(h: number, ring: Uint16Array, first: number): boolean {
    const mask = this.keys.length - 1;
    for (let slot = h >>> this.tableShift; this.entries[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.keys[slot] !== h) continue;
      const e = this.entries[slot]! - 1;
      const value = this.values[this.valueOf[e]!]!;
      const offset = this.offsets[e]!;
      let k = 0;
      while (k < W && value.charCodeAt(offset + k) === ring[(first + k) & (W - 1)]) k++;
      if (k === W) return true;
    }
    return false;
  }
}

/** The bits of base64 that depend on the secret alone, for each of the three byte alignments. */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let align = 0; align < 3; align++) {
    const padded = Buffer.alloc(align + bytes.length + 2);
    bytes.copy(padded, align);
    const encoded = padded.toString('base64');
    const first = Math.ceil((8 * align) / 6);
    const last = Math.floor((8 * (align + bytes.length) - 6) / 6);
    cores.push(encoded.slice(first, last + 1));
  }
  return cores;
}

interface Prepared {
  /** Secrets of 4 to 7 characters, matched whole. */
  whole: string[];
  /** Secrets of 8+ characters, for masks. */
  long: string[];
  /** What each ASCII character takes part in: KEEP_KEY_CHARS, KEEP_ALNUM. */
  keep: Uint8Array;
  /** Pieces of the secrets without whitespace and other characters outside `keep`. */
  keyChars: PieceSet;
  /** Pieces of letters and digits only: the secrets', their hex and their base64. */
  alnum: PieceSet;
  /** Pieces as sent, only for secrets with whitespace or non-ASCII characters. */
  literal?: PieceSet;
  /** Some secret has a character that starts an escape, so the text as received is searched too. */
  searchRaw: boolean;
}

function prepare(secrets: readonly string[]): Prepared {
  const keep = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (/[A-Za-z0-9]/.test(String.fromCharCode(c))) keep[c] = KEEP_KEY_CHARS | KEEP_ALNUM;
  const whole: string[] = [];
  const long: string[] = [];
  let searchRaw = false;
  for (const raw of secrets) {
    const secret = raw.replace(/\s+/g, ' ');
    if (secret.length < MIN_SECRET) continue;
    if (MIGHT_ESCAPE.test(secret)) searchRaw = true;
    if (secret.length < W) {
      whole.push(secret);
      continue;
    }
    long.push(secret);
    for (let i = 0; i < secret.length; i++) {
      const code = secret.charCodeAt(i);
      if (code > 32 && code < 127) keep[code]! |= KEEP_KEY_CHARS;
    }
  }
  const keyChars = new PieceSet();
  const alnum = new PieceSet();
  let literal: PieceSet | undefined;
  for (const secret of long) {
    let kept = '';
    for (let i = 0; i < secret.length; i++) {
      const code = secret.charCodeAt(i);
      if (code < 128 && keep[code]! & KEEP_KEY_CHARS) kept += secret[i];
    }
    keyChars.addPiecesOf(kept);
    if (kept.length !== secret.length) (literal ??= new PieceSet()).addPiecesOf(secret);
    alnum.addPiecesOf(onlyAlnum(secret));
    const bytes = Buffer.from(secret, 'utf8');
    const hex = bytes.toString('hex');
    alnum.addPiecesOf(hex, 2);
    alnum.addPiecesOf(hex.toUpperCase(), 2);
    for (const core of base64Cores(bytes)) alnum.addPiecesOf(onlyAlnum(core));
  }
  return { whole, long, keep, keyChars: keyChars.seal(), alnum: alnum.seal(), literal: literal?.seal(), searchRaw };
}

// ---- ranges to redact --------------------------------------------------------------------------

/**
 * One rolling window over the characters of a stream, with the range it found last (ranges come in
 * order, so touching ones are merged on the way). Positions are the view's.
 */
class Stream {
  readonly codes = new Uint16Array(W);
  readonly froms = new Int32Array(W);
  count = 0;
  h = 0;
  rangeStart = -1;
  rangeEnd = -1;

  constructor(
    readonly set: PieceSet,
    readonly view: View,
    readonly out: Ranges,
  ) {}

  push(code: number, at: number): void {
    const slot = this.count & (W - 1);
    const oldest = this.codes[slot]!;
    this.codes[slot] = code;
    this.froms[slot] = at;
    this.count++;
    const h = (this.h = (Math.imul(this.h - Math.imul(oldest, BASE_TOP), BASE) + code) | 0);
    if (this.count < W) return;
    const bit = h >>> this.set.shift;
    if ((this.set.bits[bit >>> 5]! & (1 << (bit & 31))) !== 0) this.found(h, at);
  }

  /** The window ending at `at` (hash h) passed the bit filter: check it, and add or extend a range. */
  found(h: number, at: number): void {
    const first = this.count & (W - 1);
    if (!this.set.has(h, this.codes, first)) return;
    const start = this.froms[first]!;
    if (this.rangeStart >= 0 && start <= this.rangeEnd) {
      this.rangeEnd = at + 1;
      return;
    }
    this.flush();
    this.rangeStart = start;
    this.rangeEnd = at + 1;
  }

  flush(): void {
    if (this.rangeStart >= 0) mapRange(this.view, this.rangeStart, this.rangeEnd, this.out);
    this.rangeStart = -1;
  }
}

/**
 * Looks for pieces of the secrets in a view of the text: in its key-character and alphanumeric streams
 * (the two rolling windows are written out here, this loop runs over every character), and as sent.
 */
function findPieces(view: View, prepared: Prepared, out: Ranges, literalOnly = false): void {
  const text = view.text;
  const keep = prepared.keep;
  const length = text.length;
  if (prepared.literal) {
    const literal = new Stream(prepared.literal, view, out);
    for (let i = 0; i < length; i++) literal.push(text.charCodeAt(i), i);
    literal.flush();
  }
  if (literalOnly || (prepared.keyChars.empty && prepared.alnum.empty)) return;
  // An empty set has no bits set, so its stream never finds anything.
  const keyChars = new Stream(prepared.keyChars, view, out);
  const alnum = new Stream(prepared.alnum, view, out);
  // Stream 1: key characters; stream 2: letters and digits.
  const set1 = keyChars.set;
  const set2 = alnum.set;
  const bits1 = set1.bits;
  const bits2 = set2.bits;
  const shift1 = set1.shift;
  const shift2 = set2.shift;
  const codes1 = keyChars.codes;
  const codes2 = alnum.codes;
  const at1 = keyChars.froms;
  const at2 = alnum.froms;
  let n1 = 0;
  let n2 = 0;
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) continue;
    const flags = keep[code]!;
    if (flags === 0) continue;
    // The rings start as zeros, so before W characters nothing is taken out of the hash.
    let slot = n1 & (W - 1);
    h1 = (Math.imul(h1 - Math.imul(codes1[slot]!, BASE_TOP), BASE) + code) | 0;
    codes1[slot] = code;
    at1[slot] = i;
    n1++;
    let bit = h1 >>> shift1;
    if ((bits1[bit >>> 5]! & (1 << (bit & 31))) !== 0 && n1 >= W) {
      keyChars.count = n1;
      keyChars.found(h1, i);
    }
    if ((flags & KEEP_ALNUM) === 0) continue;
    slot = n2 & (W - 1);
    h2 = (Math.imul(h2 - Math.imul(codes2[slot]!, BASE_TOP), BASE) + code) | 0;
    codes2[slot] = code;
    at2[slot] = i;
    n2++;
    bit = h2 >>> shift2;
    if ((bits2[bit >>> 5]! & (1 << (bit & 31))) !== 0 && n2 >= W) {
      alnum.count = n2;
      alnum.found(h2, i);
    }
  }
  keyChars.flush();
  alnum.flush();
}

function findWhole(view: View, secrets: readonly string[], out: Ranges): void {
  for (const secret of secrets) {
    for (let at = view.text.indexOf(secret); at >= 0; at = view.text.indexOf(secret, at + 1)) mapRange(view, at, at + secret.length, out);
  }
}

const MASK = /(?:[*•●·…]|\.{2,}|x{4,}|X{4,}|#{3,})+/g;

/** How many characters of the secret's start end at `end` in the text (0, or 3 to 16). */
function headBefore(text: string, end: number, secret: string): number {
  for (let k = Math.min(16, secret.length - 1, end); k >= 3; k--) {
    let j = 0;
    while (j < k && text.charCodeAt(end - k + j) === secret.charCodeAt(j)) j++;
    if (j === k) return k;
  }
  return 0;
}

/** How many characters of the secret's end start at `start` in the text (0, or 2 to 16). */
function tailAfter(text: string, start: number, secret: string): number {
  for (let k = Math.min(16, secret.length - 1, text.length - start); k >= 2; k--) {
    const from = secret.length - k;
    let j = 0;
    while (j < k && text.charCodeAt(start + j) === secret.charCodeAt(from + j)) j++;
    if (j === k) return k;
  }
  return 0;
}

/** Masked echoes: a start of a secret, a mask (one space either side allowed), an end of it. */
function findMasks(view: View, secrets: readonly string[], out: Ranges): void {
  const text = view.text;
  MASK.lastIndex = 0;
  for (let m = MASK.exec(text); m; m = MASK.exec(text)) {
    const maskStart = m.index;
    const maskEnd = m.index + m[0].length;
    const before = text[maskStart - 1] === ' ' ? maskStart - 1 : maskStart;
    const after = text[maskEnd] === ' ' ? maskEnd + 1 : maskEnd;
    for (const secret of secrets) {
      const head = headBefore(text, before, secret);
      const tail = tailAfter(text, after, secret);
      if (!(head >= 6 || tail >= 6 || (head >= 4 && tail >= 2) || (head >= 3 && tail >= 4))) continue;
      mapRange(view, head > 0 ? before - head : maskStart, tail > 0 ? after + tail : maskEnd, out);
    }
  }
}

/** Same as /\b[A-Za-z0-9_+/=-]{32,}\b/g: a run of token characters, from its first to its last word character. */
function findLongTokens(view: View, out: Ranges): void {
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

function findKeyShapes(view: View, out: Ranges): void {
  for (const shape of KEY_SHAPES) {
    shape.lastIndex = 0;
    for (let m = shape.exec(view.text); m; m = shape.exec(view.text)) mapRange(view, m.index, m.index + m[0].length, out);
  }
}

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
  const prepared = prepare(secrets);
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
