import type { EntityManager } from 'typeorm';

/**
 * Where image bytes are kept for people to look at (review items, held uploads), named by their
 * sha256 so the same image is stored once. An interface so that S3-compatible object storage can
 * replace the local disk: implement these four methods and pass the store as `images.store`.
 */
export interface ImageStore {
  /** Stores the bytes under their hash; storing the same content again is a no-op. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when none are stored under this hash. */
  get(sha256: string): Promise<Uint8Array | null>;
  /** Whether bytes with this hash are stored. */
  has(sha256: string): Promise<boolean>;
  /** Removes the bytes; a no-op when there are none. */
  delete(sha256: string): Promise<void>;
  /**
   * Set by a store that lives in the decision database: the same writes inside the caller's
   * transaction. The review intake and the retention purge use them, so bytes are written and
   * deleted together with their ledger row (and, on SQLite, without waiting for the one connection
   * that transaction holds).
   */
  readonly withinTransaction?: TransactionalImageWrites;
}

/** Writes of an {@link ImageStore} that join a transaction of the decision database. */
export interface TransactionalImageWrites {
  put(manager: EntityManager, sha256: string, bytes: Uint8Array): Promise<void>;
  delete(manager: EntityManager, sha256: string): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True when `value` is a lowercase hex sha256, the only names an {@link ImageStore} accepts. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}
