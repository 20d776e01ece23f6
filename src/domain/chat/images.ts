/**
 * What an image costs a model, estimated from its pixel size as the providers document it, without
 * decoding it: the size is read from the file's header (PNG IHDR, GIF logical screen, WebP VP8 /
 * VP8L / VP8X, JPEG start of frame), a few dozen bytes, or for JPEG the segment headers before the
 * frame. Any other format, or a header that can't be read, costs `TOKENS_PER_IMAGE`.
 *
 * The estimate is the larger of two documented rules:
 * - OpenAI (GPT-4o, GPT-4.1, GPT-5 at detail `high` or `auto`): the image is scaled to fit 2048 ×
 *   2048, then so that its shorter side is at most 768; it costs 85 tokens plus 170 per 512 × 512
 *   tile it covers;
 * - Anthropic: an image whose long side is over 1568 pixels is scaled down to it; it costs
 *   width × height / 750 tokens, at most about 1,600.
 * Gemini counts 258 tokens per image up to 384 × 384 and per 768 × 768 tile above (fewer, larger
 * tiles than OpenAI's), so the estimate stays near or above it for the image sizes chat sends.
 */

/**
 * An image whose size is unknown: about the most one image at its default size costs with these
 * providers (Anthropic's ceiling; OpenAI's most is 1,445 for a tall 768 × 2048 image).
 */
export const TOKENS_PER_IMAGE = 1600;

export interface ImageSize {
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => b[i]! * 0x1000000 + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
const ascii = (b: Uint8Array, i: number, text: string) => {
  for (let k = 0; k < text.length; k++) if (b[i + k] !== text.charCodeAt(k)) return false;
  return true;
};

function pngSize(b: Uint8Array): ImageSize | undefined {
  // Signature, then the IHDR chunk: length, type, width, height (big-endian).
  if (b.length < 24 || !(b[0] === 0x89 && ascii(b, 1, 'PNG\r\n\x1a\n') && ascii(b, 12, 'IHDR'))) return undefined;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

function gifSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 10 || !(ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'))) return undefined;
  return { width: u16le(b, 6), height: u16le(b, 8) };
}

function webpSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 30 || !ascii(b, 0, 'RIFF') || !ascii(b, 8, 'WEBP')) return undefined;
  if (ascii(b, 12, 'VP8 ')) {
    // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
    if (!(b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)) return undefined;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (ascii(b, 12, 'VP8L')) {
    // Lossless: the signature 0x2f, then width - 1 and height - 1 in 14 bits each.
    if (b[20] !== 0x2f) return undefined;
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (ascii(b, 12, 'VP8X')) return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return undefined;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  // Segment by segment (each names its length), up to the frame header with the size.
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data before any frame
    if (isStartOfFrame(marker)) return { width: u16be(b, i + 7), height: u16be(b, i + 5) };
    i += 2 + u16be(b, i + 2);
  }
  return undefined;
}

/** The pixel size from a PNG, GIF, WebP or JPEG header; undefined for anything else. */
export function imageSize(bytes: Uint8Array): ImageSize | undefined {
  const size = pngSize(bytes) ?? gifSize(bytes) ?? webpSize(bytes) ?? jpegSize(bytes);
  return size && size.width > 0 && size.height > 0 ? size : undefined;
}

/** The size scaled down by `scale` (never up), in whole pixels. */
const scaled = ({ width, height }: ImageSize, scale: number): ImageSize => (scale >= 1 ? { width, height } : { width: Math.round(width * scale), height: Math.round(height * scale) });

function openAITokens(size: ImageSize): number {
  const fitted = scaled(size, 2048 / Math.max(size.width, size.height));
  const { width, height } = scaled(fitted, 768 / Math.min(fitted.width, fitted.height));
  return 85 + 170 * Math.ceil(width / 512) * Math.ceil(height / 512);
}

function anthropicTokens(size: ImageSize): number {
  const { width, height } = scaled(size, 1568 / Math.max(size.width, size.height));
  return Math.min(TOKENS_PER_IMAGE, Math.ceil((width * height) / 750));
}

/** The estimated tokens of an image (see above). */
export function imageTokens(bytes: Uint8Array): number {
  const size = imageSize(bytes);
  return size ? Math.max(openAITokens(size), anthropicTokens(size)) : TOKENS_PER_IMAGE;
}
