import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** Where the shared image corpora live (beside the repository, never inside it). */
export const SHARED_PHOTOS = join(__dirname, '..', '..', 'shared', 'images', 'photos');

/**
 * The JPEGs every bench stage uses: the shared photo corpus's ordinary JPEGs when present
 * (typical upload sizes), otherwise generated noisy JPEGs of phone-photo size.
 */
export async function benchJpegs(limit = 24): Promise<{ name: string; bytes: Buffer }[]> {
  if (existsSync(SHARED_PHOTOS)) {
    const files = readdirSync(SHARED_PHOTOS)
      .filter((name) => /\.jpe?g$/i.test(name))
      .sort()
      .map((name) => ({ name, bytes: readFileSync(join(SHARED_PHOTOS, name)) }))
      .filter((file) => file.bytes.length > 10_000);
    if (files.length > 0) return files.slice(0, limit);
  }
  const generated = [];
  for (let i = 0; i < 8; i++) {
    const noise = Buffer.alloc(1024 * 768 * 3);
    for (let j = 0; j < noise.length; j++) noise[j] = (j * 7919 + i * 104729) % 251;
    generated.push({ name: `generated-${i}.jpg`, bytes: await sharp(noise, { raw: { width: 1024, height: 768, channels: 3 } }).jpeg().toBuffer() });
  }
  return generated;
}

/**
 * The same photos as an app that resizes on the client would upload them: at most 640 px on the
 * long side, quality 85. Decoding these costs a fraction of the originals.
 */
export async function webSized(files: readonly { name: string; bytes: Buffer }[]): Promise<{ name: string; bytes: Buffer }[]> {
  return Promise.all(
    files.map(async (file) => ({
      name: file.name,
      bytes: await sharp(file.bytes).rotate().resize(640, 640, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer(),
    })),
  );
}
