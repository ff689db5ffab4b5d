import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** Which of a category's thresholds a target is for. */
export type ThresholdLevel = 'review' | 'block';

/** Every {@link ThresholdLevel}. */
export const THRESHOLD_LEVELS: readonly ThresholdLevel[] = Object.freeze(['review', 'block'] as const);

/**
 * What a threshold should achieve: `precision`, `recall` (at least, on the labelled set), `fpr`
 * (at most, on the labelled set), or `volume` (at most this many past decisions per day landing
 * in review, or blocked, for the category).
 */
export type TargetMetric = 'precision' | 'recall' | 'fpr' | 'volume';

/** Every {@link TargetMetric}. */
export const TARGET_METRICS: readonly TargetMetric[] = Object.freeze(['precision', 'recall', 'fpr', 'volume'] as const);

/** A goal for one threshold. */
export interface ThresholdTarget {
  readonly level: ThresholdLevel;
  readonly metric: TargetMetric;
  readonly value: number;
}

const TARGET_PATTERN = /^(?:(review|block):)?(precision|recall|fpr|volume)=([0-9]*\.?[0-9]+)(?:\/day)?$/;

/**
 * Reads a target written `[review:|block:]metric=value`, e.g. `precision=0.95` (the review
 * threshold, the default level), `block:precision=0.99`, `review:recall=0.9`, `fpr=0.01`,
 * `review:volume=200` (per day). Rates must lie in [0, 1] (precision and recall above 0); a
 * volume is a number of decisions per day. Throws ModerationError ValidationFailed.
 */
export function parseThresholdTarget(text: string): ThresholdTarget {
  const match = TARGET_PATTERN.exec(text.trim().toLowerCase());
  if (!match) throw invalid(text, 'expected [review:|block:]precision|recall|fpr|volume=<number>, e.g. block:precision=0.98');
  return checkThresholdTarget({ level: (match[1] ?? 'review') as ThresholdLevel, metric: match[2] as TargetMetric, value: Number(match[3]) }, text);
}

/**
 * A target given as data (the HTTP API's `{ level, metric, value }`), checked like a parsed one:
 * rates in [0, 1] (precision and recall above 0), a volume a number of decisions per day (at least 0).
 * Throws ModerationError ValidationFailed.
 */
export function checkThresholdTarget(target: ThresholdTarget, text: string = `${target.level}:${target.metric}=${target.value}`): ThresholdTarget {
  const { metric, value } = target;
  if (!Number.isFinite(value) || value < 0) throw invalid(text, 'the value must be a number of at least 0');
  if (metric !== 'volume' && (value > 1 || (metric !== 'fpr' && value <= 0))) throw invalid(text, `${metric} must be ${metric === 'fpr' ? 'between 0 and 1' : 'above 0 and at most 1'}`);
  return { level: target.level, metric, value };
}

/** The target for people: `review precision ≥ 0.95`. */
export function describeTarget(target: ThresholdTarget): string {
  const relation = target.metric === 'precision' || target.metric === 'recall' ? '≥' : '≤';
  return `${target.level} ${target.metric} ${relation} ${target.value}${target.metric === 'volume' ? '/day' : ''}`;
}

function invalid(text: string, reason: string): ModerationError {
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid target "${text}": ${reason}`, { errors: [{ field: 'target', reasons: [reason] }] });
}
