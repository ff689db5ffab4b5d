import { DecisionRecordHook } from './decision-record-hook';

/**
 * The hooks every recorded decision runs inside its transaction. Core owns the list; features add
 * to it as they start (the review queue registers its intake here), so every way of recording a
 * decision (the HTTP API, the upload hook, a queue worker) runs them without knowing the features.
 */
export class DecisionHooks {
  private readonly hooks: DecisionRecordHook[] = [];

  /** Adds a hook run inside every later recording transaction. */
  register(hook: DecisionRecordHook): void {
    this.hooks.push(hook);
  }

  /** The hooks in the order they were registered. */
  list(): readonly DecisionRecordHook[] {
    return this.hooks;
  }
}
