import { Readable } from 'node:stream';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** What {@link ModerationService.moderate} accepts: bytes, or a stream of them. */
export type UploadInput = Uint8Array | Readable;

/**
 * Collects an upload into memory, refusing as soon as it passes `maxBytes` rather than after
 * buffering all of it. The stream is destroyed then, unless `keepOpen`: an HTTP request must stay
 * open so its answer (413) can still be sent on the connection.
 */
export async function readUpload(input: UploadInput, maxBytes: number, options: { readonly keepOpen?: boolean } = {}): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop early (the limit) would otherwise destroy the stream, and with it the socket.
  const iterable = options.keepOpen ? input.iterator({ destroyOnReturn: false }) : input;
  for await (const chunk of iterable) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) {
      if (options.keepOpen) input.pause();
      else input.destroy();
      throw new ModerationError(ModerationErrorCode.ImageTooLarge, 'The upload is larger than allowed', { maxBytes });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
