/** Injection token of the {@link ResolvedQueueOptions}. */
export const MODERATION_QUEUE_OPTIONS = Symbol('MODERATION_QUEUE_OPTIONS');

