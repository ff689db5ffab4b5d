import { DecisionRecordHook } from './decision-record-hook';
import { StoredDecision } from './decision.types';

/** Told of each decision once its transaction has committed (metrics); it must not throw. */
export type DecisionRecordedListener = (decision: StoredDecision) => void;

/**
 * The hooks every recorded decision runs inside its transaction. Core owns the list; features add
 * to it as they start (the review queue registers its intake here), so every way of recording a
 * decision (the HTTP API, the upload hook, a queue worker) runs them without knowing the features.
 */
export class DecisionHooks {
  private readonly hooks: DecisionRecordHook[] = [];
  private readonly listeners: DecisionRecordedListener[] = [];

  /** Adds a hook run inside every later recording transaction. */
  register(hook: DecisionRecordHook): void {
    this.hooks.push(hook);
  }

  /** The hooks in the order they were registered. */
  list(): readonly DecisionRecordHook[] {
    return this.hooks;
  }

  /**
   * Adds a listener told of every decision newly recorded, after its transaction committed (so a
   * rolled-back decision is never counted, and a reused one is not a new decision).
   */
  onRecorded(listener: DecisionRecordedListener): void {
    this.listeners.push(listener);
  }

  /** Tells the listeners of a committed decision; what one throws is ignored. */
  recorded(decision: StoredDecision): void {
    for (const listener of this.listeners) {
      try {
        listener(decision);
      } catch {
        // Listeners are instrumentation: the decision is stored whatever they do.
      }
    }
  }
}
