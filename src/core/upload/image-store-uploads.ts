/**
 * The bytes of asynchronous uploads kept in the image store, by job id, where every server and
 * worker that shares the store can read them (`MODERATION_UPLOAD_STORE=images`). Provided under
 * {@link IMAGE_STORE_UPLOADS} by the review feature (the image store's uploads area); the job
 * queue uses it instead of Redis when its options say so.
 */
export interface ImageStoreUploads {
  /** Stores the bytes of a job's upload. */
  put(jobId: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when none are stored for this job. */
  get(jobId: string): Promise<Uint8Array | null>;
  /** Removes them; a no-op when there are none. */
  delete(jobId: string): Promise<void>;
  /** Which store holds them, for the start-up log. */
  readonly description: string;
}

/** Injection token of the {@link ImageStoreUploads} (null when the image store has no uploads area). */
export const IMAGE_STORE_UPLOADS = Symbol('IMAGE_STORE_UPLOADS');
