/**
 * The closed sets of values some variables take. They live here because the environment schema
 * checks them; the features that act on them import them from here.
 */

/** `enabled` (default) or `disabled` (every request is an admin: local development only). */
export type AuthMode = 'enabled' | 'disabled';

/** Every {@link AuthMode}. */
export const AUTH_MODES: readonly AuthMode[] = Object.freeze(['enabled', 'disabled'] as const);

/** Where the server runs moderation jobs: in its own process, or only in separate workers. */
export type QueueProcessorsMode = 'inline' | 'off';

/** Every {@link QueueProcessorsMode}. */
export const QUEUE_PROCESSORS_MODES: readonly QueueProcessorsMode[] = Object.freeze(['inline', 'off'] as const);

/** How a queue serves items: highest priority first (age counting), or oldest first. */
export type QueueOrder = 'priority' | 'oldest';

/** Every {@link QueueOrder}. */
export const QUEUE_ORDERS: readonly QueueOrder[] = Object.freeze(['priority', 'oldest'] as const);

/** How review decisions are split into queues: one queue, one per policy, or one per policy and category. */
export type QueueSplit = 'single' | 'policy' | 'category';

/** Every {@link QueueSplit}. */
export const QUEUE_SPLITS: readonly QueueSplit[] = Object.freeze(['single', 'policy', 'category'] as const);

/** Shortest and longest lease a claim may ask for, in seconds. */
export const LEASE_BOUNDS = Object.freeze({ min: 10, max: 3600 });

/** Log verbosity, least to most. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevelName = (typeof LOG_LEVELS)[number];
