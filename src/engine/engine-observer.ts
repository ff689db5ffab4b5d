/**
 * What the engine reports as it works, for metrics. Every method is optional and is called
 * synchronously on the engine's path, so it must be quick; what it throws is ignored, so a faulty
 * observer can never fail a moderation.
 */
export interface EngineObserver {
  /** An image was decoded and preprocessed (its frames are ready for a batch), in `durationMs`. */
  imageDecoded?(durationMs: number): void;
  /** The vision encoder ran one batch of `frames` frames in `durationMs`. */
  batchEncoded?(frames: number, durationMs: number): void;
  /** An image was scored and decided. */
  imageScored?(): void;
  /** An image was refused with ENGINE_OVERLOADED. */
  imageRefused?(): void;
}

/** The observers of one engine, told in the order they were added. */
export class EngineObservers {
  private readonly observers = new Set<EngineObserver>();

  /** Adds an observer; the function returned removes it. */
  add(observer: EngineObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Tells every observer that has `event`, ignoring what any of them throws. */
  notify<E extends keyof EngineObserver>(event: E, ...args: Parameters<NonNullable<EngineObserver[E]>>): void {
    for (const observer of this.observers) {
      const listener = observer[event] as ((...values: typeof args) => void) | undefined;
      if (!listener) continue;
      try {
        listener.apply(observer, args);
      } catch {
        // An observer is instrumentation: its failure must not become the caller's.
      }
    }
  }
}
