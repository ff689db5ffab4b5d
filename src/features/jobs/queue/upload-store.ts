import type { Queue } from 'bull';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';

/**
 * Keeps an upload's bytes in Redis, next to its job, until a worker on any machine reads them: a
 * binary key `<prefix>:moderation:upload:<job id>` with a TTL longer than the job's retention.
 * Redis rather than the API machine's disk, because workers run elsewhere.
 */
export class RedisUploadStore {
  constructor(private readonly queue: Queue) {}

  /** Stores the bytes for `ttlMs` (see {@link keep} to extend it). */
  async put(jobId: string, bytes: Uint8Array, ttlMs: number): Promise<void> {
    // A view, not a copy: uploads can be tens of megabytes.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.queue.client.set(this.keyOf(jobId), buffer, 'PX', ttlMs);
  }

  /** Sets how long the bytes stay from now; false when they are gone. */
  async keep(jobId: string, ttlMs: number): Promise<boolean> {
    return (await this.queue.client.pexpire(this.keyOf(jobId), ttlMs)) === 1;
  }

  /** The bytes, or null when they expired (or were never stored). */
  async get(jobId: string): Promise<Buffer | null> {
    return this.queue.client.getBuffer(this.keyOf(jobId));
  }

  /** Frees the bytes once the decision is stored; they are not needed again. */
  async delete(jobId: string): Promise<void> {
    await this.queue.client.del(this.keyOf(jobId));
  }

  /** The Redis key of a job's upload. */
  keyOf(jobId: string): string {
    return this.queue.toKey(`upload:${jobId}`);
  }
}

/** The error for a job whose bytes are gone (expired, or never stored). */
export function uploadExpired(jobId: string): AppError {
  return new ModerationError(AppErrorCode.JobUploadExpired, `The upload of job ${jobId} has expired or is missing; send the image again`, { jobId });
}
