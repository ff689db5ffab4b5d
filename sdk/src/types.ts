import type { components } from './generated/schema';

/** A stored moderation decision. */
export type Decision = components['schemas']['DecisionResponse'];
/** One category's verdict within a decision. */
export type CategoryDecision = components['schemas']['CategoryDecisionResponse'];
/** A page of decisions. */
export type DecisionPage = components['schemas']['DecisionPageResponse'];
/** A loaded policy. */
export type Policy = components['schemas']['PolicyResponse'];
/** `allow`, `review` or `block`. */
export type ModerationAction = components['schemas']['DecisionResponse']['action'];
/** The server's error body. */
export type ErrorBody = components['schemas']['ErrorResponse'];
