import sharp from 'sharp';

/**
 * libvips loader classes the engine may run: one family per decodable format (each family covers
 * its File, Buffer and Source variants). Everything else, including the SVG, PDF, JPEG 2000,
 * ImageMagick, UltraHDR, matrix, CSV and raw loaders, stays blocked. libvips builds use either
 * libpng or libspng for PNG, so both class names are listed; unblocking an absent class is a no-op.
 */
export const ALLOWED_LIBVIPS_LOADERS: readonly string[] = Object.freeze([
  'VipsForeignLoadJpeg',
  'VipsForeignLoadPng',
  'VipsForeignLoadSpng',
  'VipsForeignLoadWebp',
  'VipsForeignLoadNsgif',
  'VipsForeignLoadHeif',
  'VipsForeignLoadTiff',
]);

let restricted = false;

/**
 * Blocks every libvips loader except {@link ALLOWED_LIBVIPS_LOADERS}. This is defence in depth
 * behind the magic-byte allow-list: even if bytes slipped past it, libvips could not pick a loader
 * outside the seven formats (libvips then skips the blocked loader and reports "unsupported").
 *
 * The block list is process-wide libvips state, so it also applies to any other sharp use in the
 * process (for instance, rendering SVG with sharp stops working). Called once, lazily, by
 * prepareImage; calling it again is a no-op.
 */
export function restrictLibvipsLoaders(): void {
  if (restricted) return;
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({ operation: [...ALLOWED_LIBVIPS_LOADERS] });
  restricted = true;
}
