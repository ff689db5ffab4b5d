import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { DecodeDeadline } from './deadline';
import { toDecodeError } from './decode-error';
import { decoderOptions } from './decoder-options';
import { ImageFormat } from './image-format';
import { ImageLimits } from './image-limits';

/** What the header says about an upload that passed every pre-decode check. */
export interface ImageHeader {
  /** Format as decoded (AVIF and HEIF refined from the coded stream, not just the brands). */
  format: ImageFormat;
  /** Upright size of one frame, after EXIF orientation. */
  width: number;
  height: number;
  /** Frames of an animated GIF or WebP; 1 for every other file. */
  frameCount: number;
  /** True for GIF and WebP files with more than one frame. */
  animated: boolean;
  /** Coded stream of a HEIF/AVIF file as libheif reports it ('av1', 'hevc'); undefined otherwise. */
  codec: string | undefined;
}

/** Which sharp format names each sniffed format may decode as. */
const DECODER_FORMATS: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'heif',
  heif: 'heif',
  tiff: 'tiff',
};

/**
 * Parses the header only (no pixels) and applies the checks that must come before decoding:
 * the decoder agrees with the sniffed format, the refined format is allowed, and the declared
 * frame size is within `maxPixels`.
 */
export async function readImageHeader(
  input: Buffer,
  sniffed: ImageFormat,
  limits: ImageLimits,
  deadline: DecodeDeadline,
): Promise<ImageHeader> {
  let metadata: Metadata;
  try {
    metadata = await deadline.race(sharp(input, decoderOptions(limits)).metadata(), 'header');
  } catch (error) {
    throw toDecodeError(error, { format: sniffed, stage: 'header', maxPixels: limits.maxPixels });
  }
  const unsupported = (message: string, details: Record<string, unknown>): ModerationError =>
    new ModerationError(ModerationErrorCode.ImageUnsupportedFormat, message, {
      ...details,
      allowed: [...limits.allowedFormats],
    });

  if (metadata.format !== DECODER_FORMATS[sniffed]) {
    throw unsupported('The image content does not match its format signature', {
      detected: sniffed,
      decoder: metadata.format,
    });
  }
  const format = refineHeifFormat(sniffed, metadata.compression);
  if (!limits.allowedFormats.includes(format)) {
    throw unsupported(`Image format ${format} is not allowed`, { detected: format });
  }

  const storedWidth = metadata.width;
  // Multi-frame files report the whole strip in `height` once all pages are loaded; pageHeight is one frame.
  const pageHeight = metadata.pageHeight ?? 0;
  const frameHeight = pageHeight > 0 ? pageHeight : metadata.height;
  if (!(storedWidth > 0) || !(frameHeight > 0)) {
    throw new ModerationError(ModerationErrorCode.ImageCorrupt, 'The image header declares no pixels', {
      format,
      width: storedWidth,
      height: frameHeight,
    });
  }
  const pixels = storedWidth * frameHeight;
  if (pixels > limits.maxPixels) {
    throw new ModerationError(ModerationErrorCode.ImageTooManyPixels, 'The image has more pixels than allowed', {
      width: storedWidth,
      height: frameHeight,
      pixels,
      maxPixels: limits.maxPixels,
    });
  }

  // Orientations 5-8 swap the axes. Computed from the first frame's size (not sharp's
  // autoOrient field) so animations, whose frames are decoded one at a time, use the same rule.
  const orientation = metadata.orientation ?? 1;
  const swapped = orientation >= 5 && orientation <= 8;
  const pages = metadata.pages ?? 1;
  const animated = (format === 'gif' || format === 'webp') && pages > 1;
  return {
    format,
    width: swapped ? frameHeight : storedWidth,
    height: swapped ? storedWidth : frameHeight,
    frameCount: animated ? pages : 1,
    animated,
    codec: metadata.format === 'heif' ? metadata.compression : undefined,
  };
}

/** The ftyp brands can claim AVIF while the item is HEVC (and vice versa); the codec decides. */
function refineHeifFormat(sniffed: ImageFormat, compression: Metadata['compression']): ImageFormat {
  if (sniffed !== 'avif' && sniffed !== 'heif') return sniffed;
  if (compression === 'av1') return 'avif';
  if (compression === 'hevc') return 'heif';
  return sniffed;
}
