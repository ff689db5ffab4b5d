/**
 * A page of stored decisions laid out for vectorised scoring: every scored frame's embedding in
 * one row-major Float32Array, plus what was decided at the time. Built from the decision log by
 * `readStoredDecisionPages`, or from memory by `pageFromEmbeddings` (benches, tests, callers
 * that already hold decisions).
 */
export interface StoredDecisionPage {
  readonly count: number;
  readonly ids: readonly string[];
  /** ISO-8601 decision times. */
  readonly decidedAt: readonly string[];
  readonly dim: number;
  /** Frame embeddings of every decision, concatenated: `frameOffsets[count]` rows of `dim`. */
  readonly frames: Float32Array;
  /** Decision i's frames are rows `frameOffsets[i]` to `frameOffsets[i + 1] - 1`. */
  readonly frameOffsets: Int32Array;
  /** The enforced action recorded for each decision, as an ActionCode. */
  readonly actions: Uint8Array;
  /** Each category's recorded action by category id, as ActionCodes; NO_ACTION where a decision lacks it. */
  readonly categoryActions: ReadonlyMap<string, Uint8Array>;
  /**
   * The least action each decision's bank matches demand, as ActionCodes (allow where none
   * did): banks belong to no policy version, so a replayed policy keeps them. Absent: no matches.
   */
  readonly matchActions?: Uint8Array;
}
