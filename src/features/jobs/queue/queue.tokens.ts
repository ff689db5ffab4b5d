/** Injection token of the {@link ResolvedQueueOptions}. */
export const MODERATION_QUEUE_OPTIONS = Symbol('MODERATION_QUEUE_OPTIONS');


/** Injection token of the {@link UploadStore} in use (Redis, or the image store). */
export const UPLOAD_STORE = Symbol('UPLOAD_STORE');
