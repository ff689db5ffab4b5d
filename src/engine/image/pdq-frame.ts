import sharp from 'sharp';
import type { Matrix3x3 } from 'sharp';
import { isModerationError, ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { pdqFromLuma } from '../pdq/pdq-from-luma';
import { PdqHash } from '../pdq/pdq-hash';
import { DecodeDeadline } from './deadline';
import { toDecodeError } from './decode-error';
import { decoderOptions } from './decoder-options';
import { ImageHeader } from './read-image-header';
import { ImageLimits } from './image-limits';

/**
 * Longest side PDQ hashes at. The reference tools shrink larger images to fit 512 x 512 (keeping
 * the aspect ratio, bicubic) before the box filter, so hashing the same sizes keeps our hashes
 * within a few bits of theirs, and decoding JPEGs at reduced size on load keeps hashing cheap.
 */
export const PDQ_MAX_SIDE = 512;

/** The picture as PDQ hashes it: BT.601 luma of upright 8-bit sRGB, at most 512 on the long side. */
export interface PdqLuma {
  readonly luma: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** BT.601 luma weights, the reference's, applied by libvips (on its threads, not the event loop). */
const LUMA_ROWS: Matrix3x3 = [
  [0.299, 0.587, 0.114],
  [0, 0, 0],
  [0, 0, 0],
];

/**
 * Decodes the picture PDQ hashes, as luma: the only frame of a still image, the first frame of an
 * animation (the frame the reference tools and most players show first). Alpha is dropped, not
 * flattened, as the reference does, so transparent images hash like other implementations hash
 * them. EXIF orientation is applied (as for scoring), so a photo hashes the same whether a
 * platform rotated its pixels or kept the orientation tag; dihedral matching covers the rest.
 */
export async function decodePdqLuma(input: Buffer, header: ImageHeader, limits: ImageLimits, deadline: DecodeDeadline): Promise<PdqLuma> {
  const stage = 'pdq';
  try {
    const pipeline = sharp(input, decoderOptions(limits, header.animated ? 0 : undefined))
      .timeout({ seconds: deadline.sharpTimeoutSeconds() })
      .toColourspace('srgb')
      .removeAlpha()
      .resize({ width: PDQ_MAX_SIDE, height: PDQ_MAX_SIDE, fit: 'inside', withoutEnlargement: true, kernel: 'cubic' })
      // After the resize (rounded to 8 bits, as the reference's shrunk copy is): luma in float.
      .recomb(LUMA_ROWS)
      .extractChannel(0)
      .raw({ depth: 'float' });
    const { data, info } = await deadline.race(pipeline.toBuffer({ resolveWithObject: true }), stage);
    if (info.channels !== 1 || data.length !== info.width * info.height * Float32Array.BYTES_PER_ELEMENT) {
      throw new ModerationError(ModerationErrorCode.ImageCorrupt, 'The decoder returned an unexpected pixel layout', { stage, channels: info.channels, bytes: data.length });
    }
    // A Float32Array view needs 4-byte alignment; copy in the unlikely case the buffer lacks it.
    const aligned = data.byteOffset % Float32Array.BYTES_PER_ELEMENT === 0 ? data : Buffer.from(data);
    return { luma: new Float32Array(aligned.buffer, aligned.byteOffset, info.width * info.height), width: info.width, height: info.height };
  } catch (error) {
    // As for scoring: prebuilt libvips reads HEIF containers but cannot decode HEVC.
    if (header.codec === 'hevc' && !isModerationError(error)) {
      const details = { detected: header.format, codec: header.codec, allowed: [...limits.allowedFormats] };
      throw new ModerationError(ModerationErrorCode.ImageUnsupportedFormat, 'HEVC-coded HEIF images cannot be decoded here', details, { cause: error });
    }
    throw toDecodeError(error, { format: header.format, stage });
  }
}

/** The PDQ hash and quality of an upload whose header has passed every check. */
export async function hashDecodedImage(input: Buffer, header: ImageHeader, limits: ImageLimits, deadline: DecodeDeadline): Promise<PdqHash> {
  const { luma, width, height } = await decodePdqLuma(input, header, limits, deadline);
  deadline.check('pdq');
  return pdqFromLuma(luma, width, height);
}
