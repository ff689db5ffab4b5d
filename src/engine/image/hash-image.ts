import { pdqDihedralFromLuma, PdqDihedralHashes } from '../pdq/pdq-from-luma';
import { DecodeDeadline } from './deadline';
import { toDecodeError } from './decode-error';
import { disableLibvipsCache } from './disable-libvips-cache';
import { assertValidImageLimits, ImageLimits } from './image-limits';
import { decodePdqLuma } from './pdq-frame';
import { checkBeforeDecoding } from './prepare-image';
import { readImageHeader } from './read-image-header';
import { restrictLibvipsLoaders } from './restrict-libvips-loaders';

/**
 * PDQ-hashes one untrusted upload without a model: the same checks, decoder and pixels as scoring
 * (see `prepareImage`), and the same hash a decision of these bytes carries. Also returns the
 * hashes of the seven rotations and mirror images, for dihedral matching.
 *
 * Fails with the image error codes of prepareImage (ImageEmpty, ImageTooLarge,
 * ImageUnsupportedFormat, ImageTooManyPixels, ImageCorrupt, ImageDecodeTimeout).
 */
export async function hashImage(bytes: Uint8Array, limits: ImageLimits): Promise<PdqDihedralHashes> {
  assertValidImageLimits(limits);
  const format = checkBeforeDecoding(bytes, limits);
  restrictLibvipsLoaders();
  disableLibvipsCache();
  const deadline = new DecodeDeadline(limits.decodeTimeoutMs);
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const header = await readImageHeader(input, format, limits, deadline);
    const { luma, width, height } = await decodePdqLuma(input, header, limits, deadline);
    deadline.check('pdq');
    return pdqDihedralFromLuma(luma, width, height);
  } catch (error) {
    throw toDecodeError(error, { format, stage: 'pdq' });
  }
}
