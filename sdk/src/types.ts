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
/** An asynchronous moderation job. */
export type Job = components['schemas']['JobResponse'];
/** `queued`, `active`, `done` or `failed`. */
export type JobState = components['schemas']['JobState'];
/** A review item: the decision, its scores and thresholds, the policy and the lease. */
export type ReviewItem = components['schemas']['ReviewItemResponse'];
/** `approve`, `remove` or `escalate`. */
export type ReviewVerdict = components['schemas']['ReviewVerdict'];
/** `violating`, `not_violating` or `unsure`. */
export type ReviewLabel = components['schemas']['ReviewLabel'];
/** Every review queue with its pending and claimed counts. */
export type QueueOverview = components['schemas']['QueueOverviewResponse'];
/** An opened appeal. */
export type Appeal = components['schemas']['AppealResponse'];
