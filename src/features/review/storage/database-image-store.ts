import type { EntityManager } from 'typeorm';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { ImageBytesArea, ImageBytesRepository } from './image-bytes.repository';
import { ImageStore, TransactionalImageWrites, isSha256Hex } from './image-store';

/**
 * Largest image the database store keeps: far above the default upload limit (20 MiB), well below
 * what a bytea or blob value can hold (1 GB), and small enough that one row never strains the
 * driver's memory. Larger uploads belong in an object store (`MODERATION_IMAGE_STORE=s3`).
 */
export const DATABASE_IMAGE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * {@link ImageStore} in the decision database (`MODERATION_IMAGE_STORE=database`): every server and
 * worker that shares the database sees the same images, with nothing else to run. One `area` of
 * the table per store, so review images and waiting uploads never share a name.
 */
export class DatabaseImageStore implements ImageStore {
  readonly withinTransaction: TransactionalImageWrites;

  constructor(
    private readonly rows: ImageBytesRepository,
    private readonly area: ImageBytesArea,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.withinTransaction = {
      put: (manager: EntityManager, sha256: string, bytes: Uint8Array) => ImageBytesRepository.putWithin(manager, this.area, this.checked(sha256), this.fits(bytes), this.clock()),
      delete: (manager: EntityManager, sha256: string) => ImageBytesRepository.deleteWithin(manager, this.area, this.checked(sha256)),
    };
  }

  put(sha256: string, bytes: Uint8Array): Promise<void> {
    return this.rows.put(this.area, this.checked(sha256), this.fits(bytes), this.clock());
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    return this.rows.get(this.area, this.checked(sha256));
  }

  has(sha256: string): Promise<boolean> {
    return this.rows.has(this.area, this.checked(sha256));
  }

  delete(sha256: string): Promise<void> {
    return this.rows.delete(this.area, this.checked(sha256));
  }

  private checked(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return sha256;
  }

  private fits(bytes: Uint8Array): Uint8Array {
    if (bytes.byteLength > DATABASE_IMAGE_MAX_BYTES) {
      throw new ModerationError(ModerationErrorCode.ImageTooLarge, `The database image store keeps images of at most ${DATABASE_IMAGE_MAX_BYTES} bytes; this one has ${bytes.byteLength}`, {
        byteLength: bytes.byteLength,
        maxBytes: DATABASE_IMAGE_MAX_BYTES,
      });
    }
    return bytes;
  }
}
