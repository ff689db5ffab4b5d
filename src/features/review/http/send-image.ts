import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { KeptImage } from '../storage/read-kept-image';

/** A kept image as the answer, with the headers every image route of the review API sends. */
export function sendImage(response: Response, image: KeptImage): StreamableFile {
  // Images of possibly harmful content must not linger in shared caches or be sniffed into something else.
  response.setHeader('Cache-Control', 'private, no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  return new StreamableFile(Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength), {
    type: image.mediaType,
    length: image.bytes.byteLength,
    disposition: 'inline',
  });
}
