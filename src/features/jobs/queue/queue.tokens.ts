/** Injection token of the {@link ResolvedQueueOptions}. */
export const MODERATION_QUEUE_OPTIONS = Symbol('MODERATION_QUEUE_OPTIONS');

/** Injection token of the {@link ModerationJobQueue}; absent when no queue is configured. */
export const MODERATION_JOB_QUEUE = Symbol('MODERATION_JOB_QUEUE');
