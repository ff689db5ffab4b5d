/** Counters for health checks, metrics and benches. */
export interface EngineStats {
  readonly decisions: number;
  readonly batches: number;
  readonly framesEncoded: number;
  readonly pendingFrames: number;
  /** Images being decoded or waiting for a decode slot. */
  readonly preparing: number;
  /** Images admitted and not yet decided (decoding, waiting for a batch, or in one). */
  readonly queuedImages: number;
  /** Images refused with ENGINE_OVERLOADED since start. */
  readonly refusedImages: number;
  /** Calls that ended with REQUEST_ABORTED since start. */
  readonly abortedImages: number;
  /** Vision sessions running batches side by side, one per inference thread (1 in-thread). */
  readonly visionSessions: number;
  /** Running estimate of inference milliseconds per image, all sessions together; undefined before the first batch. */
  readonly inferenceMsPerImage: number | undefined;
  /** Times the inference thread died and was replaced. */
  readonly inferenceRestarts: number;
  readonly promptEmbeddingsCached: number;
  readonly textEncoderLoaded: boolean;
}
