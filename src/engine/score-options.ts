import { EmbeddingMatcher, KnownContentMatcher } from './scoring/known-content-match';

/** Per-call options of {@link ModerationEngine.score}. */
export interface ScoreOptions {
  /**
   * Aborts the call: work not yet started (decoding, waiting for a batch) is dropped, and the call
   * rejects with REQUEST_ABORTED instead of returning a decision, even if its batch already ran.
   */
  readonly signal?: AbortSignal;
  /**
   * Compares the picture's PDQ hashes with banks of known content once it is decoded, before it
   * waits for inference; matches go into the decision and its action. Not called when hashing is
   * off (`pdq: false`).
   */
  readonly matchKnownContent?: KnownContentMatcher;
  /**
   * Compares the embedding of every scored frame with banks of embeddings once inference is done;
   * each entry matched counts once, with its best frame's similarity, after the PDQ matches.
   */
  readonly matchEmbedding?: EmbeddingMatcher;
}
