/**
 * Keeps the bytes of uploads that wait for review (`holdOnReview`), content-addressed. Provided
 * under {@link HELD_UPLOADS} by the review feature's image store.
 */
export interface HeldUploads {
  /** Stores the bytes under their hash; storing the same content twice is a no-op. */
  hold(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Whether bytes with this hash are held. */
  has(sha256: string): Promise<boolean>;
}

/** Injection token of the {@link HeldUploads} a feature provides. */
export const HELD_UPLOADS = Symbol('HELD_UPLOADS');
