import sharp from 'sharp';

/** Largest edge of a report thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 64;

/**
 * A small WebP of an image file as a `data:` URI, for embedding in a report; undefined when the
 * file cannot be decoded (it is then listed by name only). Only the first frame of an animation
 * is used, and the pixel limit guards against decompression bombs in a labelled set.
 */
export async function thumbnailDataUri(path: string, size = THUMBNAIL_SIZE): Promise<string | undefined> {
  try {
    const bytes = await sharp(path, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(size, size, { fit: 'cover' })
      .webp({ quality: 70 })
      .toBuffer();
    return `data:image/webp;base64,${bytes.toString('base64')}`;
  } catch {
    return undefined;
  }
}
