/**
 * Image formats the engine may decode. `avif` and `heif` share one container (ISO-BMFF) and one
 * libvips loader, but are told apart from the `ftyp` brands so that each can be allowed on its own.
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'heif' | 'tiff';

/** Every {@link ImageFormat}, in a stable order; the default allow-list. */
export const DEFAULT_ALLOWED_FORMATS: readonly ImageFormat[] = Object.freeze([
  'jpeg',
  'png',
  'webp',
  'gif',
  'avif',
  'heif',
  'tiff',
] as const);

/**
 * What the magic bytes say. Besides the decodable formats, a few refused ones are named so that
 * error details tell the caller what they sent; everything else is `unknown`.
 */
export type SniffedFormat = ImageFormat | 'svg' | 'bmp' | 'jp2' | 'ico' | 'pdf' | 'unknown';

/** True when `value` is one of the seven {@link ImageFormat} names. */
export function isImageFormat(value: unknown): value is ImageFormat {
  return typeof value === 'string' && (DEFAULT_ALLOWED_FORMATS as readonly string[]).includes(value);
}
