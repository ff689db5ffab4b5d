import sharp from 'sharp';
import { pdqDihedralFromRgb, PdqDihedralHashes } from '../pdq/pdq-from-luma';
import { DecodeDeadline } from './deadline';
import { Rgb8Image } from './pil-resample';

/**
 * Longest side PDQ hashes at. The reference tools shrink larger images to fit 512 x 512 (keeping
 * the aspect ratio, bicubic) before the box filter, so hashing the same sizes keeps our hashes
 * within a few bits of theirs, and keeps the box filter's work (in JavaScript) small.
 */
export const PDQ_MAX_SIDE = 512;

/**
 * The PDQ hashes of a picture the model's preprocessing already decoded (upright, 8-bit sRGB,
 * alpha flattened onto white; for JPEGs at the scale libjpeg decoded them for the model), shrunk
 * to fit 512 x 512 in libvips.
 *
 * Hashing these pixels instead of decoding the upload again keeps PDQ nearly free: a second
 * decode of every upload cost up to a fifth of the serving throughput (measured with `npm run bench`).
 * Transparent pixels hash as white, where the reference drops alpha and hashes the colour beneath.
 */
export async function pdqOfPicture(picture: Rgb8Image, deadline: DecodeDeadline): Promise<PdqDihedralHashes> {
  let { data, width, height } = picture;
  const side = PDQ_MAX_SIDE;
  if (Math.max(width, height) > side) {
    const shrunk = await deadline.race(
      sharp(data, { raw: { width, height, channels: 3 } })
        .timeout({ seconds: deadline.sharpTimeoutSeconds() })
        .resize({ width: side, height: side, fit: 'inside', kernel: 'cubic' })
        .raw()
        .toBuffer({ resolveWithObject: true }),
      'pdq',
    );
    ({ width, height } = shrunk.info);
    data = new Uint8Array(shrunk.data.buffer, shrunk.data.byteOffset, shrunk.data.length);
  }
  return pdqDihedralFromRgb(data, width, height);
}
