/** The Bull queue of moderation jobs. */
export const MODERATION_QUEUE = 'moderation';

/** The Bull queue of webhook deliveries (its own queue, so slow receivers never hold up moderation). */
export const WEBHOOK_QUEUE = 'moderation-webhooks';

/** The @nestjs/bull shared-configuration key, so a host app's own Bull setup is left alone. */
export const BULL_CONFIG_KEY = 'clip-moderation';

/** Redis key prefix when none is configured. */
export const DEFAULT_QUEUE_PREFIX = 'clip-moderation';
