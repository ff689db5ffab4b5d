/** Typed client SDK for the clip-moderation server. */
export { ModerationClient } from './client';
export type { DecisionFilter, ModerateAsyncOptions, ModerateOptions, ModerationClientOptions, WaitOptions } from './client';
export { ReviewClient } from './review-client';
export type { VerdictInput } from './review-client';
export { unwrap } from './unwrap';
export { ModerationApiError, isModerationApiError } from './errors';
export type { ModerationApiErrorInit } from './errors';
export { DEFAULT_RETRY, parseRetryAfter, retryDelayMs } from './retry-policy';
export type { RetryOptions } from './retry-policy';
export type { ImageInput } from './image-input';
export type { Appeal, CategoryDecision, Decision, DecisionPage, ErrorBody, Job, JobState, ModerationAction, Policy, QueueOverview, ReviewItem, ReviewLabel, ReviewVerdict } from './types';
export type { components, operations, paths } from './generated/schema';
export { SIGNATURE_HEADER, verifyWebhook } from './webhook';
export type { DecisionEvent, VerifyWebhookOptions } from './webhook';
