import type { Queue } from 'bull';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';
import { QUEUE_TIMEOUT_MS } from './queue-timeout';

/**
 * Where an upload's bytes wait for its job, readable by a worker on any machine: Redis
 * ({@link RedisUploadStore}, the default) or the image store (`MODERATION_UPLOAD_STORE=images`).
 * An upload is stored with a short life, given its full life once its job exists, and freed when
 * the job is done; one whose job never came to be goes away on its own.
 */
export interface UploadStore {
  /** Stores the bytes for `ttlMs` (see {@link keep} to extend it). */
  put(jobId: string, bytes: Uint8Array, ttlMs: number): Promise<void>;
  /** Sets how long the bytes stay from now; false when they are gone. */
  keep(jobId: string, ttlMs: number): Promise<boolean>;
  /** The bytes, or null when they expired (or were never stored). */
  get(jobId: string): Promise<Uint8Array | null>;
  /** Frees the bytes once the decision is stored; they are not needed again. */
  delete(jobId: string): Promise<void>;
  /** Longest wait for one of these operations on a request path before it counts as an outage. */
  readonly ioTimeoutMs: number;
  /** Where the bytes are, for the start-up log. */
  readonly description: string;
}

/**
 * Keeps an upload's bytes in Redis, next to its job, until a worker on any machine reads them: a
 * binary key `<prefix>:moderation:upload:<job id>` with a TTL longer than the job's retention.
 * Redis rather than the API machine's disk, because workers run elsewhere.
 */
export class RedisUploadStore implements UploadStore {
  readonly ioTimeoutMs = QUEUE_TIMEOUT_MS;
  readonly description = 'Redis';

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
