/** Image decoding and CLIP preprocessing: untrusted bytes in, CLIP vision tensors out. */
export type { ClipPreprocessConfig, ResampleFilter } from './clip-preprocess-config';
export { OPENAI_CLIP_PREPROCESS } from './clip-preprocess-config';
export type { ImageFormat, SniffedFormat } from './image-format';
export { DEFAULT_ALLOWED_FORMATS, isImageFormat } from './image-format';
export type { ImageLimits } from './image-limits';
export { DEFAULT_IMAGE_LIMITS, assertValidImageLimits } from './image-limits';
export { parsePreprocessorConfig } from './parse-preprocessor-config';
export type { PreparedImage } from './prepare-image';
export { prepareImage } from './prepare-image';
export { ALLOWED_LIBVIPS_LOADERS, restrictLibvipsLoaders } from './restrict-libvips-loaders';
export { selectFrameIndices } from './select-frames';
export { sniffImageFormat } from './sniff-image-format';
