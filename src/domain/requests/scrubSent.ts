/**
 * The secrets we sent, in the forms providers, proxies and gateways echo them (see scrub.ts): any 8
 * consecutive characters of one, spaced out or split, as hex or base64, a masked echo of its start
 * and end, and a short secret where it appears whole. Pieces are found with a rolling hash over two
 * streams of the text: its key characters, and its letters and digits.
 */
import { MIGHT_ESCAPE, mapRange, type Ranges, type View } from './scrubEscapes';

/** Length of the pieces looked for. */
const W = 8;
/** Shorter secrets are not scrubbed at all. */
const MIN_SECRET = 4;

/** In the stream that skips whitespace and the punctuation the secrets don't use. */
const KEEP_KEY_CHARS = 1;
/** In the stream of letters and digits only. */
const KEEP_ALNUM = 2;
const onlyAlnum = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');

const BASE = 0x5bd1e995;
let basePow = 1;
for (let i = 1; i < W; i++) basePow = Math.imul(basePow, BASE);
/** BASE^(W-1), to take the oldest character out of the rolling hash. */
const BASE_TOP = basePow;

/**
 * The W-character pieces looked for in one stream: a bit filter in front of an open-addressing table
 * of their hashes, each pointing at where the piece sits in the value it came from.
 */
export class PieceSet {
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

export interface PreparedSecrets {
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

export function prepareSecrets(secrets: readonly string[]): PreparedSecrets {
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
export function findPieces(view: View, prepared: PreparedSecrets, out: Ranges, literalOnly = false): void {
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

export function findWhole(view: View, secrets: readonly string[], out: Ranges): void {
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
export function findMasks(view: View, secrets: readonly string[], out: Ranges): void {
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
