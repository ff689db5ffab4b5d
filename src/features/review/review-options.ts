import { LEASE_BOUNDS } from '../../config/choices';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { QUEUE_ORDERS, QUEUE_SPLITS, QueueOrder, QueueSplit } from './review-types';

/** How the review queue is fed and served. */
export interface ReviewQueueOptions {
  /** Share of `allow` and `block` decisions sampled for quality review, 0 to 1. Default 0.01. */
  readonly sampleRate?: number;
  /** Per-policy sample rates (policy id to 0..1), overriding `sampleRate`. */
  readonly sampleRates?: Readonly<Record<string, number>>;
  /** Queue split for review decisions. Default `single`. */
  readonly split?: QueueSplit;
  /** Serving order of queues an admin has not configured. Default `priority`. */
  readonly order?: QueueOrder;
  /** Lease of a claim, in seconds. Default 300. */
  readonly leaseSeconds?: number;
  /** Random numbers in [0, 1) for sampling (tests pass a fixed sequence). Default Math.random. */
  readonly random?: () => number;
  /** The current time (tests pass a fake clock). Default `new Date()`. */
  readonly clock?: () => Date;
}

/** {@link ReviewQueueOptions} with every default applied and checked. */
export interface ResolvedReviewOptions {
  readonly sampleRate: number;
  readonly sampleRates: Readonly<Record<string, number>>;
  readonly split: QueueSplit;
  readonly order: QueueOrder;
  readonly leaseSeconds: number;
  readonly random: () => number;
  readonly clock: () => Date;
}

/** Defaults of {@link ReviewQueueOptions}. */
export const REVIEW_DEFAULTS = Object.freeze({ sampleRate: 0.01, split: 'single' as QueueSplit, order: 'priority' as QueueOrder, leaseSeconds: 300 });


/** Applies defaults; ConfigInvalid listing every bad option. */
export function resolveReviewOptions(options: ReviewQueueOptions = {}): ResolvedReviewOptions {
  const problems: Array<{ key: string; reason: string }> = [];
  const rate = (key: string, value: number): void => {
    if (!(Number.isFinite(value) && value >= 0 && value <= 1)) problems.push({ key, reason: 'must be a number from 0 to 1' });
  };
  const sampleRate = options.sampleRate ?? REVIEW_DEFAULTS.sampleRate;
  rate('review.sampleRate', sampleRate);
  for (const [policy, value] of Object.entries(options.sampleRates ?? {})) rate(`review.sampleRates.${policy}`, value);
  const split = options.split ?? REVIEW_DEFAULTS.split;
  if (!QUEUE_SPLITS.includes(split)) problems.push({ key: 'review.split', reason: `must be one of ${QUEUE_SPLITS.join(', ')}` });
  const order = options.order ?? REVIEW_DEFAULTS.order;
  if (!QUEUE_ORDERS.includes(order)) problems.push({ key: 'review.order', reason: `must be one of ${QUEUE_ORDERS.join(', ')}` });
  const leaseSeconds = options.leaseSeconds ?? REVIEW_DEFAULTS.leaseSeconds;
  if (!(Number.isInteger(leaseSeconds) && leaseSeconds >= LEASE_BOUNDS.min && leaseSeconds <= LEASE_BOUNDS.max)) {
    problems.push({ key: 'review.leaseSeconds', reason: `must be a whole number of seconds from ${LEASE_BOUNDS.min} to ${LEASE_BOUNDS.max}` });
  }
  if (problems.length > 0) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, `Invalid review options: ${problems.map((p) => `${p.key} ${p.reason}`).join('; ')}`, { problems });
  }
  return {
    sampleRate,
    sampleRates: Object.freeze({ ...(options.sampleRates ?? {}) }),
    split,
    order,
    leaseSeconds,
    random: options.random ?? Math.random,
    clock: options.clock ?? (() => new Date()),
  };
}

/** The sample rate in force for a policy. */
export function sampleRateFor(options: ResolvedReviewOptions, policyId: string): number {
  return Object.prototype.hasOwnProperty.call(options.sampleRates, policyId) ? options.sampleRates[policyId]! : options.sampleRate;
}

export { LEASE_BOUNDS };
