/** The Content-Type to serve stored bytes of a recognised format with. */
const MEDIA_TYPES: Readonly<Record<string, string>> = Object.freeze({
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/heif',
  tiff: 'image/tiff',
});

/** The media type of an image format as the engine names it; octet-stream for anything else. */
export function imageMediaType(format: string): string {
  return MEDIA_TYPES[format] ?? 'application/octet-stream';
}
