import sharp from 'sharp';

let disabled = false;

/**
 * Turns libvips' operation cache off. Every upload is a different image, so the cache never hits;
 * it only costs memory and lookups (about 5 % of the CPU time of decoding a photo, measured on the
 * shared JPEGs). Process-wide libvips state, like the loader block list; set once, lazily.
 */
export function disableLibvipsCache(): void {
  if (disabled) return;
  sharp.cache(false);
  disabled = true;
}
