import { toDecisionResponse } from '../../../core/http/decision-view';
import { DecisionResponse } from '../../../core/http/decision.dto';
import { StoredDecision } from '../../../core/decisions/decision.types';
import { DECISION_CREATED_EVENT } from './webhook-options';

/** The JSON body of a `decision.created` delivery. */
export interface DecisionCreatedEvent {
  readonly event: typeof DECISION_CREATED_EVENT;
  /** The asynchronous moderation job that asked for the decision. */
  readonly jobId: string;
  /** The decision as `GET /v1/decisions/:id` returns it (no embeddings). */
  readonly decision: DecisionResponse;
}

/**
 * The exact bytes (as text) of a `decision.created` delivery. Built once, when the decision is made,
 * so every attempt sends and signs the same body.
 */
export function decisionCreatedBody(jobId: string, decision: StoredDecision & { reused?: boolean }): string {
  const event: DecisionCreatedEvent = { event: DECISION_CREATED_EVENT, jobId, decision: toDecisionResponse(decision) };
  return JSON.stringify(event);
}
