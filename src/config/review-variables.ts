import { QueueOrder, QueueSplit } from '../features/review/review-types';

/** `enabled` (default) or `disabled` (every request is an admin: local development only). */
export type AuthMode = 'enabled' | 'disabled';

/** Every {@link AuthMode}. */
export const AUTH_MODES: readonly AuthMode[] = Object.freeze(['enabled', 'disabled'] as const);

/** `policy=rate` pairs, comma-separated, rates from 0 to 1: `default=0.01,marketplace=0.05`. */
export const SAMPLE_RATES_PATTERN = /^\s*[a-z0-9]+(?:-[a-z0-9]+)*\s*=\s*(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)\s*(?:,\s*[a-z0-9]+(?:-[a-z0-9]+)*\s*=\s*(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)\s*)*$/;

/**
 * The review, auth and image-retention variables, as the server's validated environment carries
 * them (declared with their checks in ServerEnvironment, which the worker reads too).
 */
export interface ReviewVariables {
  readonly MODERATION_AUTH?: AuthMode;
  readonly MODERATION_REVIEW_SAMPLE_RATE?: number;
  readonly MODERATION_REVIEW_SAMPLE_RATES?: string;
  readonly MODERATION_REVIEW_QUEUES?: QueueSplit;
  readonly MODERATION_REVIEW_ORDER?: QueueOrder;
  readonly MODERATION_REVIEW_LEASE_SECONDS?: number;
  readonly MODERATION_IMAGE_RETENTION_DAYS?: number;
  readonly MODERATION_IMAGE_PURGE_INTERVAL_MINUTES?: number;
}

/** `default=0.01,marketplace=0.05` as a record (the pattern was checked when the variable was read). */
export function parseSampleRates(text: string | undefined): Record<string, number> {
  const rates: Record<string, number> = {};
  if (text === undefined) return rates;
  for (const pair of text.split(',')) {
    const [policy, rate] = pair.split('=').map((part) => part.trim());
    if (policy && rate !== undefined) rates[policy] = Number(rate);
  }
  return rates;
}
