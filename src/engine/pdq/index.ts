/** PDQ, Meta's 256-bit perceptual image hash: hashing from pixels, hex and word forms, Hamming distance, dihedral variants. */
export type { PdqHash } from './pdq-hash';
export {
  PDQ_BITS,
  PDQ_WORDS,
  isPdqHex,
  pdqHammingDistance,
  pdqHexDistance,
  pdqHexFromWords,
  pdqWordsFromHex,
  popcount32,
  smallestPdqDistance,
} from './pdq-hash';
export type { PdqDihedralTransform } from './pdq-dihedral';
export { PDQ_DIHEDRAL_TRANSFORMS } from './pdq-dihedral';
export type { PdqDihedralHashes } from './pdq-from-luma';
export { lumaFromPixels, pdqDihedralFromLuma, pdqDihedralFromRgb, pdqFromLuma } from './pdq-from-luma';
