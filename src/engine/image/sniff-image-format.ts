import { SniffedFormat } from './image-format';

/** Brands that mark an ISO-BMFF file as AVIF (still image or sequence). */
const AVIF_BRANDS = new Set(['avif', 'avis']);
/** Brands that mark an ISO-BMFF file as HEVC-coded HEIF (what phones write as .heic). */
const HEVC_HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
/** Brands that only say "a HEIF image or sequence", whatever the codec. */
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2']);
/** How far into a text file to look for an `<svg` root; real SVGs name it within the prologue. */
const SVG_SCAN_BYTES = 4096;
/** Upper bound on the `ftyp` box we read brands from; real ones are a few dozen bytes. */
const MAX_FTYP_BYTES = 4096;

/**
 * Identifies an image format from its leading bytes only, never from a file name or a declared
 * MIME type, so that a caller cannot steer which decoder sees the data.
 */
export function sniffImageFormat(bytes: Uint8Array): { format: SniffedFormat } {
  return { format: sniff(bytes) };
}

function sniff(b: Uint8Array): SniffedFormat {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  // Classic TIFF ("II*\0" / "MM\0*") and BigTIFF ("II+\0" / "MM\0+").
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (ascii(b, 4, 4) === 'ftyp') return sniffIsoBmff(b);
  // JPEG 2000: the jp2 signature box, or a bare codestream (SOC then SIZ marker).
  if (startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return 'jp2';
  if (startsWith(b, [0xff, 0x4f, 0xff, 0x51])) return 'jp2';
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
  if (ascii(b, 0, 2) === 'BM') return 'bmp';
  // ICO and CUR: reserved 0, type 1 or 2, then a non-zero image count.
  if (b.length >= 6 && b[0] === 0 && b[1] === 0 && (b[2] === 1 || b[2] === 2) && b[3] === 0 && (b[4] | b[5]) !== 0) {
    return 'ico';
  }
  if (looksLikeSvg(b)) return 'svg';
  return 'unknown';
}

/** Reads the `ftyp` major and compatible brands; the major brand wins when it is decisive. */
function sniffIsoBmff(b: Uint8Array): SniffedFormat {
  const declared = ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3];
  const boxEnd = Math.min(b.length, declared >= 16 ? declared : 16, MAX_FTYP_BYTES);
  const major = ascii(b, 8, 4);
  if (AVIF_BRANDS.has(major)) return 'avif';
  if (HEVC_HEIF_BRANDS.has(major)) return 'heif';
  // A generic major brand (mif1, msf1) leaves the codec to the compatible brands; anything else
  // (isom, mp42, qt, crx, ...) is a video or camera file and stays unknown.
  const compatible: string[] = [];
  for (let offset = 16; offset + 4 <= boxEnd; offset += 4) compatible.push(ascii(b, offset, 4));
  if (compatible.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  const heifish = (brand: string): boolean => HEVC_HEIF_BRANDS.has(brand) || GENERIC_HEIF_BRANDS.has(brand);
  if (GENERIC_HEIF_BRANDS.has(major) || compatible.some(heifish)) return 'heif';
  return 'unknown';
}

/** An XML or bare SVG document: optional BOM and whitespace, `<`, and an `<svg` root early on. */
function looksLikeSvg(b: Uint8Array): boolean {
  let offset = startsWith(b, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (offset < b.length && isXmlSpace(b[offset])) offset += 1;
  if (b[offset] !== 0x3c /* < */) return false;
  const head = ascii(b, offset, SVG_SCAN_BYTES).toLowerCase();
  return head.includes('<svg');
}

function isXmlSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function startsWith(b: Uint8Array, prefix: readonly number[]): boolean {
  if (b.length < prefix.length) return false;
  return prefix.every((value, index) => b[index] === value);
}

/** Latin-1 view of a byte range (never throws, clamps to the buffer). */
function ascii(b: Uint8Array, offset: number, length: number): string {
  const end = Math.min(b.length, offset + length);
  let text = '';
  for (let index = offset; index < end; index += 1) text += String.fromCharCode(b[index]);
  return text;
}
