import type { EntityManager } from 'typeorm';
import { RecordDecisionInput, StoredDecision } from './decision.types';

/** A decision that has just been written, and what the caller asked to record. */
export interface RecordedDecision {
  /** The decision as {@link DecisionRepository.findById} will return it. */
  readonly decision: StoredDecision;
  /** The caller's input, including the bytes (`image`) when the caller passed them. */
  readonly input: RecordDecisionInput;
}

/**
 * Work that must commit or roll back together with a decision, such as the review queue opening an
 * item for it. Runs inside the recording transaction, after the decision's rows are inserted, with
 * that transaction's manager; it must use only `manager` (on SQLite the store already holds the
 * one connection, so going through the data source again would wait for itself).
 *
 * Hooks live in the store rather than in the Nest service so that every way of recording a
 * decision (the HTTP request, the upload hook, a queue worker) runs them.
 */
export type DecisionRecordHook = (manager: EntityManager, recorded: RecordedDecision) => Promise<void>;
