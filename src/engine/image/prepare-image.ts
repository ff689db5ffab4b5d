import { createHash } from 'node:crypto';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { PdqDihedralHashes } from '../pdq/pdq-from-luma';
import { assertValidPreprocessConfig } from './assert-preprocess-config';
import { ClipPreprocessConfig } from './clip-preprocess-config';
import { DecodeDeadline } from './deadline';
import { disableLibvipsCache } from './disable-libvips-cache';
import { toDecodeError } from './decode-error';
import { ImageFormat, isImageFormat } from './image-format';
import { assertValidImageLimits, ImageLimits } from './image-limits';
import { pdqOfPicture } from './pdq-frame';
import { readImageHeader } from './read-image-header';
import { renderFrame } from './render-frame';
import { computeResizeGeometry } from './resize-geometry';
import { restrictLibvipsLoaders } from './restrict-libvips-loaders';
import { selectFrameIndices } from './select-frames';
import { sniffImageFormat } from './sniff-image-format';

/** An upload decoded and turned into CLIP input tensors. */
export interface PreparedImage {
  /** Format as decoded. */
  format: ImageFormat;
  /** Upright size (after EXIF orientation) of one frame, before any resize. */
  width: number;
  height: number;
  /** Frames in the file: the page count of an animated GIF or WebP, 1 for everything else. */
  frameCount: number;
  /**
   * One planar float32 tensor (3 x tensorHeight x tensorWidth, RGB) per scored frame: the first
   * frame, then up to `maxFrames - 1` more spread evenly to the last.
   */
  frames: Float32Array[];
  /** Tensor size: the crop size, unless the config turns centre cropping off. */
  tensorHeight: number;
  tensorWidth: number;
  /** Size of the upload in bytes. */
  byteLength: number;
  /** Lower-case hex SHA-256 of the upload bytes as received. */
  sha256: string;
  /**
   * PDQ perceptual hash and quality of the picture (the first frame of an animation), with the
   * hashes of its seven rotations and mirror images, for dihedral matching; null when hashing was
   * turned off ({@link PrepareOptions.pdq}).
   */
  pdq: PdqDihedralHashes | null;
  /** Wall-clock time spent decoding and preprocessing. */
  decodeMs: number;
}

/** What {@link prepareImage} computes besides the tensors. */
export interface PrepareOptions {
  /** PDQ-hash the picture (default true): about 3-6 CPU-ms per image, no second decode. */
  readonly pdq?: boolean;
}

/**
 * Validates, decodes and preprocesses one untrusted upload.
 *
 * Checks run cheapest first and before any decoder sees the bytes: empty, size, then the format
 * allow-list from the magic bytes. The header is then read for the pixel limit, and each scored
 * frame is decoded with orientation, alpha flattening onto white, conversion to 8-bit sRGB, a
 * Pillow-compatible shortest-edge resize, centre crop, rescale and normalisation. The PDQ hash is
 * computed from the first frame's decoded picture, so hashing adds no decode (see pdq-frame.ts).
 *
 * Every failure is a ModerationError with an image code (ImageEmpty, ImageTooLarge,
 * ImageUnsupportedFormat, ImageTooManyPixels, ImageCorrupt, ImageDecodeTimeout); invalid
 * `config` or `limits` give ConfigInvalid. The call settles within `limits.decodeTimeoutMs`.
 */
export async function prepareImage(
  bytes: Uint8Array,
  config: ClipPreprocessConfig,
  limits: ImageLimits,
  options: PrepareOptions = {},
): Promise<PreparedImage> {
  const wantPdq = options.pdq ?? true;
  assertValidImageLimits(limits);
  assertValidPreprocessConfig(config);
  const format = checkBeforeDecoding(bytes, limits);
  restrictLibvipsLoaders();
  disableLibvipsCache();

  const deadline = new DecodeDeadline(limits.decodeTimeoutMs);
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const header = await readImageHeader(input, format, limits, deadline);
    const geometry = computeResizeGeometry(header.width, header.height, config);
    const pages = header.animated ? selectFrameIndices(header.frameCount, limits.maxFrames) : [undefined];
    const frames: Float32Array[] = [];
    let pdq: PdqDihedralHashes | undefined;
    // One frame at a time: memory stays at one decode, and a slow file stops at the deadline.
    for (const page of pages) {
      const keepPicture = wantPdq && pdq === undefined;
      const { tensor, picture } = await renderFrame({ input, header, page, geometry, config, limits, deadline, keepPicture });
      frames.push(tensor);
      // The first frame's picture, already decoded and resized for the model, is what PDQ hashes.
      if (keepPicture && picture) pdq = await pdqOfPicture(picture, deadline);
    }
    if (wantPdq && !pdq) throw new Error('the first frame returned no picture to hash');
    return {
      format: header.format,
      width: header.width,
      height: header.height,
      frameCount: header.frameCount,
      frames,
      tensorHeight: geometry.outputHeight,
      tensorWidth: geometry.outputWidth,
      byteLength: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      pdq: pdq ?? null,
      decodeMs: deadline.elapsedMs(),
    };
  } catch (error) {
    // Anything escaping the steps above is still reported as an image error, never raw.
    throw toDecodeError(error, { format, stage: 'prepare' });
  }
}

/**
 * Empty, too large, or not an allowed format: refused from the bytes alone. Exported so that the
 * job queue can refuse such uploads when they are sent, rather than in a worker later.
 */
export function checkBeforeDecoding(bytes: Uint8Array, limits: ImageLimits): ImageFormat {
  if (!(bytes instanceof Uint8Array)) {
    throw new ModerationError(ModerationErrorCode.ImageEmpty, 'The upload is not a byte array', {
      received: bytes === null ? 'null' : typeof bytes,
    });
  }
  if (bytes.byteLength === 0) {
    throw new ModerationError(ModerationErrorCode.ImageEmpty, 'The upload is empty', { byteLength: 0 });
  }
  if (bytes.byteLength > limits.maxBytes) {
    throw new ModerationError(ModerationErrorCode.ImageTooLarge, 'The upload is larger than allowed', {
      byteLength: bytes.byteLength,
      maxBytes: limits.maxBytes,
    });
  }
  const { format } = sniffImageFormat(bytes);
  if (!isImageFormat(format) || !limits.allowedFormats.includes(format)) {
    throw new ModerationError(ModerationErrorCode.ImageUnsupportedFormat, `Image format ${format} is not allowed`, {
      detected: format,
      allowed: [...limits.allowedFormats],
    });
  }
  return format;
}
