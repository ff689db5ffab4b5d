/** Luma weights of the reference (ITU-R BT.601). */
const LUMA_RED = 0.299;
const LUMA_GREEN = 0.587;
const LUMA_BLUE = 0.114;

/** Interleaved 8-bit pixels (`channels` per pixel: 1 grey, 3 RGB, or more with the extras ignored) to luma. */
export function lumaFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): Float32Array {
  const luma = new Float32Array(width * height);
  if (channels === 3 && pixels.length >= 3 * luma.length) {
    // The whole picture as one long row.
    lumaRowFromRgb(pixels, wordsUnder(pixels), 0, luma.length, luma);
    return luma;
  }
  for (let pixel = 0, source = 0; pixel < luma.length; pixel += 1, source += channels) {
    luma[pixel] = channels < 3 ? pixels[source]! : LUMA_RED * pixels[source]! + LUMA_GREEN * pixels[source + 1]! + LUMA_BLUE * pixels[source + 2]!;
  }
  return luma;
}

/** Reading four pixels as three 32-bit words needs the bytes of a word in address order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Byte addresses stay 32-bit integers (the `& 3` and `>>> 2` below) in buffers up to this size. */
const MAX_WORD_BUFFER = 0x7fffffff;

/**
 * A 32-bit view of the whole buffer under `rgb`, for `lumaRowFromRgb`: three word reads for four
 * pixels cost less than twelve byte reads. Undefined on a big-endian machine or past 2 GiB.
 */
export function wordsUnder(rgb: Uint8Array): Uint32Array | undefined {
  const bytes = rgb.buffer.byteLength;
  return LITTLE_ENDIAN && bytes <= MAX_WORD_BUFFER ? new Uint32Array(rgb.buffer, 0, bytes >>> 2) : undefined;
}

/**
 * `width` pixels of interleaved RGB from byte `start` to luma in `out`, the values `lumaFromPixels`
 * gives. With `words` (from `wordsUnder(rgb)`), the pixels in whole aligned groups of four are read
 * as words.
 */
export function lumaRowFromRgb(rgb: Uint8Array, words: Uint32Array | undefined, start: number, width: number, out: Float32Array): void {
  let column = 0;
  if (words) {
    // Pixel k starts at byte (address + 3k), on a word boundary when k = address mod 4.
    const address = rgb.byteOffset + start;
    column = address & 3;
    if (column > width) column = width;
    lumaOfPixels(rgb, start, 0, column, out);
    for (let word = (address + 3 * column) >>> 2; column + 4 <= width; column += 4, word += 3) {
      const first = words[word]!;
      const second = words[word + 1]!;
      const third = words[word + 2]!;
      out[column] = LUMA_RED * (first & 255) + LUMA_GREEN * ((first >>> 8) & 255) + LUMA_BLUE * ((first >>> 16) & 255);
      out[column + 1] = LUMA_RED * (first >>> 24) + LUMA_GREEN * (second & 255) + LUMA_BLUE * ((second >>> 8) & 255);
      out[column + 2] = LUMA_RED * ((second >>> 16) & 255) + LUMA_GREEN * (second >>> 24) + LUMA_BLUE * (third & 255);
      out[column + 3] = LUMA_RED * ((third >>> 8) & 255) + LUMA_GREEN * ((third >>> 16) & 255) + LUMA_BLUE * (third >>> 24);
    }
  }
  lumaOfPixels(rgb, start, column, width, out);
}

/** Luma of pixels `from` (inclusive) to `to` of the row at byte `start`, a byte at a time. */
function lumaOfPixels(rgb: Uint8Array, start: number, from: number, to: number, out: Float32Array): void {
  for (let column = from, source = start + 3 * from; column < to; column += 1, source += 3) {
    out[column] = LUMA_RED * rgb[source]! + LUMA_GREEN * rgb[source + 1]! + LUMA_BLUE * rgb[source + 2]!;
  }
}
