import { Readable } from 'node:stream';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** What {@link ModerationService.moderate} accepts: bytes, or a stream of them. */
export type UploadInput = Uint8Array | Readable;

/**
 * Collects an upload into memory, refusing as soon as it passes `maxBytes` rather than after
 * buffering all of it.
 */
export async function readUpload(input: UploadInput, maxBytes: number): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) {
      input.destroy();
      throw new ModerationError(ModerationErrorCode.ImageTooLarge, 'The upload is larger than allowed', { maxBytes });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
