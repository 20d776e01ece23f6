/**
 * A quick token estimate for text and messages, without a tokenizer (those weigh megabytes and
 * differ per provider). Used to tell whether a request fits a model's input limit.
 *
 * Per character, in one pass:
 * - ASCII letters and digits: 1/4 token (about 4 characters per token in English prose), and
 *   1/2 more where a word switches between lower case, upper case and digits (not for a capital
 *   starting a lower-case word): ids, hashes and base64 tokenize in short pieces;
 * - ASCII punctuation and symbols: 0.6 token, 0.3 after another one (code and JSON are dense in
 *   them and tokenize far finer than prose; runs such as `"},{"` or `=>` partly merge);
 * - a line break: 1 token (with the indentation after it, as tokenizers usually merge it);
 *   spaces and tabs: nothing (they join the word after them);
 * - CJK (Han, kana, Hangul, CJK punctuation, full-width forms): 0.8 token;
 * - other characters of the Basic Multilingual Plane (accented letters, Cyrillic, Greek, …): 1/4 token;
 * - characters beyond it (emoji and the like): 2 tokens.
 * The sum is rounded up. Calibrated on OpenAI's o200k tokenizer: within about 15% of it for
 * English, code, JSON (indented or not), Markdown and European languages, and above it for
 * Chinese, Japanese and Korean (by up to about 25%), where older tokenizers, and Claude's and
 * Gemini's, count more tokens per character than o200k does. Text made of long random ids or
 * hashes is counted low (by up to about 25%).
 *
 * For messages, each message adds 4 tokens (role and separators), a tool call its name and JSON
 * input plus 4, an image what its pixel size costs by the providers' documented rules, read from
 * its header (images.ts; 1,600, about the most one image at its default size costs, when the size
 * can't be read), a text data part its text; data that is not sent adds nothing. An image's bytes
 * are never read as text.
 */
import { dataKind, utf8 } from './formats/common';
import { imageTokens, TOKENS_PER_IMAGE } from './images';
import type { ChatMessage, ChatPart, ChatRequest } from './types';

export const TOKENS_PER_MESSAGE = 4;
export { TOKENS_PER_IMAGE };

/** Weights in 1/40 token, so the loop adds integers. */
const UNIT = 40;
const LETTER = 10;
const CASE_SWITCH = 20;
const PUNCT = 24;
const PUNCT_RUN = 12;
const NEWLINE = 40;
const CJK = 32;
const OTHER = 10;
const ASTRAL = 80;

/** ASCII classes: 0 whitespace/control, 1 lower case, 2 upper case, 3 digit, 4 punctuation, 5 line break. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = /[a-z]/.test(ch) ? 1 : /[A-Z]/.test(ch) ? 2 : /[0-9]/.test(ch) ? 3 : ch === '\n' ? 5 : /\s/.test(ch) || c < 32 || c === 127 ? 0 : 4;
}

function isCjk(c: number): boolean {
  return (
    (c >= 0x3000 && c <= 0x30ff) || // CJK punctuation, hiragana, katakana
    (c >= 0x3400 && c <= 0x4dbf) || // CJK extension A
    (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
    (c >= 0xac00 && c <= 0xd7af) || // Hangul syllables
    (c >= 0x1100 && c <= 0x11ff) || // Hangul jamo
    (c >= 0x3130 && c <= 0x318f) || // Hangul compatibility jamo
    (c >= 0xf900 && c <= 0xfaff) || // CJK compatibility ideographs
    (c >= 0xff00 && c <= 0xffef) // full-width and half-width forms
  );
}

function textWeight(text: string): number {
  let weight = 0;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      previous = 0;
      if (c >= 0xd800 && c <= 0xdbff) {
        weight += ASTRAL;
        i++; // the low surrogate of the pair
      } else weight += isCjk(c) ? CJK : OTHER;
      continue;
    }
    const kind = CLASS[c]!;
    if (kind >= 1 && kind <= 3) {
      weight += LETTER;
      // a switch between lower case, upper case and digits, except a capital followed by lower case
      if (previous >= 1 && previous <= 3 && previous !== kind && !(previous === 2 && kind === 1)) weight += CASE_SWITCH;
    } else if (kind === 4) weight += previous === 4 ? PUNCT_RUN : PUNCT;
    else if (kind === 5) weight += NEWLINE;
    previous = kind;
  }
  return weight;
}

function partTokens(part: ChatPart): number {
  switch (part.type) {
    case 'text':
      return textWeight(part.text) / UNIT;
    case 'toolCall':
      return (textWeight(part.name) + textWeight(JSON.stringify(part.input))) / UNIT + TOKENS_PER_MESSAGE;
    case 'toolResult':
      return part.content.reduce((sum, p) => sum + textWeight(p.text), 0) / UNIT + TOKENS_PER_MESSAGE;
    case 'data': {
      const kind = dataKind(part);
      return kind === 'image' ? imageTokens(part.bytes) : kind === 'text' ? textWeight(utf8(part.bytes)) / UNIT : 0;
    }
  }
}

/** The estimated tokens of a text, a message, or messages (see the rules above). */
export function estimateTokens(input: string | ChatMessage | readonly ChatMessage[]): number {
  if (typeof input === 'string') return Math.ceil(textWeight(input) / UNIT);
  const messages: readonly ChatMessage[] = Array.isArray(input) ? input : [input as ChatMessage];
  let tokens = 0;
  for (const message of messages) {
    tokens += TOKENS_PER_MESSAGE;
    for (const part of message.content) tokens += partTokens(part);
  }
  return Math.ceil(tokens);
}

/** The estimate for a whole request: its messages and its tool definitions (name, description, schema). */
export function estimateRequestTokens(request: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let tools = 0;
  for (const tool of request.tools ?? []) {
    tools += (textWeight(tool.name) + textWeight(tool.description) + textWeight(JSON.stringify(tool.inputSchema ?? {}))) / UNIT + TOKENS_PER_MESSAGE;
  }
  return estimateTokens(request.messages) + Math.ceil(tools);
}
