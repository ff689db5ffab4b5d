import type { Queue } from 'bull';
import { ImageStoreUploads } from '../../../core/upload/image-store-uploads';
import { withQueueTimeout } from './queue-timeout';
import { UploadStore } from './upload-store';

/**
 * Longest wait for the image store's part of an operation: more than the S3 client's own bound
 * (two tries of 30 s), so the store's IMAGE_STORE_UNAVAILABLE arrives before the queue gives up.
 */
const IMAGE_STORE_IO_TIMEOUT_MS = 65_000;

/** Most expired uploads removed by one sweep; the next sweep continues. */
export const UPLOAD_SWEEP_BATCH = 200;

/**
 * {@link UploadStore} in the image store (`MODERATION_UPLOAD_STORE=images`): the bytes in its
 * uploads area (a folder, a table area or an S3 prefix), so Redis holds only the jobs. The image
 * store has no expiry of its own, so each upload's end of life is kept in a Redis sorted set
 * (`<prefix>:moderation:upload-expiry`, job id scored by ms since the epoch) that {@link sweepExpired}
 * works through. The entry is written before the bytes and removed after them, so bytes are never
 * in the store without an entry that will remove them: a request refused between the two writes, or
 * a process that dies there, leaves bytes only until their short first life ends.
 */
export class ImageStoreUploadStore implements UploadStore {
  readonly ioTimeoutMs = IMAGE_STORE_IO_TIMEOUT_MS;

  constructor(
    private readonly queue: Queue,
    private readonly uploads: ImageStoreUploads,
    private readonly clock: () => number = Date.now,
  ) {}

  get description(): string {
    return this.uploads.description;
  }

  async put(jobId: string, bytes: Uint8Array, ttlMs: number): Promise<void> {
    await withQueueTimeout('storeUpload', this.queue.client.zadd(this.expiryKey(), this.clock() + ttlMs, jobId));
    try {
      await this.uploads.put(jobId, bytes);
    } catch (error) {
      // Best effort: a store that failed to write may also fail to delete; the entry stays for the sweep.
      await this.delete(jobId).catch(() => undefined);
      throw error;
    }
  }

  async keep(jobId: string, ttlMs: number): Promise<boolean> {
    const key = this.expiryKey();
    // XX: only an upload still listed (one that expired and was swept is gone for good).
    await withQueueTimeout('keepUpload', this.queue.client.zadd(key, 'XX', this.clock() + ttlMs, jobId));
    return (await withQueueTimeout('keepUpload', this.queue.client.zscore(key, jobId))) !== null;
  }

  get(jobId: string): Promise<Uint8Array | null> {
    return this.uploads.get(jobId);
  }

  async delete(jobId: string): Promise<void> {
    await this.uploads.delete(jobId);
    await withQueueTimeout('deleteUpload', this.queue.client.zrem(this.expiryKey(), jobId));
  }

  /**
   * Deletes uploads whose life ended before now (at most {@link UPLOAD_SWEEP_BATCH}); returns how
   * many. Every process with the queue sweeps: deleting twice is harmless.
   */
  async sweepExpired(): Promise<number> {
    const expired = await withQueueTimeout('sweepUploads', this.queue.client.zrangebyscore(this.expiryKey(), '-inf', this.clock(), 'LIMIT', 0, UPLOAD_SWEEP_BATCH));
    for (const jobId of expired) await this.delete(jobId);
    return expired.length;
  }

  /** The Redis key of the sorted set of expiry times. */
  expiryKey(): string {
    return this.queue.toKey('upload-expiry');
  }
}
