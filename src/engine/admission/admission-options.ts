/** How much work the engine accepts before it refuses more. */
export interface AdmissionOptions {
  /**
   * Most images admitted at once: being decoded, waiting for a batch, or in one. Beyond it a new
   * image is refused with ENGINE_OVERLOADED. Bounds memory as well as waiting.
   */
  readonly maxQueuedImages: number;
  /**
   * Refuse a new image that would wait longer than this for its turn, estimated from the images
   * already admitted and the inference time per image measured so far.
   */
  readonly maxQueueMs: number;
  /** Images decoded at once; the rest wait their turn, and are dropped there if their caller aborts. */
  readonly decodeConcurrency: number;
}
