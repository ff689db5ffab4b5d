import { PdqDihedralHashes } from '../pdq/pdq-from-luma';
import { ClipPreprocessConfig, OPENAI_CLIP_PREPROCESS } from './clip-preprocess-config';
import { ImageLimits } from './image-limits';
import { prepareImage } from './prepare-image';

/**
 * PDQ-hashes one untrusted upload without a model: the same checks, decoder and pixels as scoring
 * (see `prepareImage`), so the hash is the one a decision of these bytes carries under a model
 * with this preprocessing (OpenAI CLIP's 224 px by default). Also returns the hashes of the seven
 * rotations and mirror images, for dihedral matching.
 *
 * Fails with the image error codes of prepareImage (ImageEmpty, ImageTooLarge,
 * ImageUnsupportedFormat, ImageTooManyPixels, ImageCorrupt, ImageDecodeTimeout).
 */
export async function hashImage(bytes: Uint8Array, limits: ImageLimits, config: ClipPreprocessConfig = OPENAI_CLIP_PREPROCESS): Promise<PdqDihedralHashes> {
  // Only the first frame is hashed, so only it is decoded.
  const prepared = await prepareImage(bytes, config, { ...limits, maxFrames: 1 }, { pdq: true });
  return prepared.pdq!;
}
