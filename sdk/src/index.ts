/** Typed client SDK for the clip-moderation server. */
export { ModerationClient, unwrap } from './client';
export type { DecisionFilter, ModerateOptions, ModerationClientOptions } from './client';
export { ModerationApiError, isModerationApiError } from './errors';
export type { ModerationApiErrorInit } from './errors';
export { DEFAULT_RETRY, parseRetryAfter, retryDelayMs } from './retry-policy';
export type { RetryOptions } from './retry-policy';
export type { ImageInput } from './image-input';
export type { CategoryDecision, Decision, DecisionPage, ErrorBody, ModerationAction, Policy } from './types';
export type { components, operations, paths } from './generated/schema';
export { SIGNATURE_HEADER, verifyWebhook } from './webhook';
export type { DecisionEvent, VerifyWebhookOptions } from './webhook';
