import { FoundThreshold } from './find-threshold';
import { meetsLabelledTarget } from './labelled-threshold';
import { describeTarget } from './threshold-target';

/**
 * A policy needs review ≤ block. When a run has targets for both thresholds of a category and
 * the review target alone needs more than the block target alone, no pair built from them is a
 * valid policy: both are withdrawn (`suggested: null`, `reached: false`), each keeps what it alone
 * needs in `alone`, and a TARGETS_CONFLICT warning says so, with a pair meeting both where the
 * labelled set shows one (one threshold moved onto the other: no review band).
 */
export function withdrawConflictingTargets(found: readonly FoundThreshold[]): FoundThreshold[] {
  return found.map((entry) => {
    if (entry.suggested === null) return entry;
    const crossed = found.filter((other) => other.category === entry.category && other.target.level !== entry.target.level && crossing(entry, other));
    if (crossed.length === 0) return entry;
    const messages = crossed.map((other) => (entry.target.level === 'review' ? conflictMessage(entry, other) : conflictMessage(other, entry)));
    return { ...entry, alone: entry.suggested, suggested: null, reached: false, warnings: [...entry.warnings, ...messages.map((message) => ({ code: 'TARGETS_CONFLICT' as const, message }))] };
  });
}

function crossing(entry: FoundThreshold, other: FoundThreshold): boolean {
  if (other.suggested === null) return false;
  return entry.target.level === 'review' ? entry.suggested! > other.suggested : entry.suggested! < other.suggested;
}

function conflictMessage(review: FoundThreshold, block: FoundThreshold): string {
  const needs = `${describeTarget(review.target)} alone needs review ${review.suggested}, above the block ${block.suggested} that ${describeTarget(block.target)} alone needs`;
  return `${needs}, and a policy needs review ≤ block, so neither is suggested; ${bothMet(review, block)}`;
}

/** A valid pair meeting both targets, when the labelled set shows one; else advice. */
function bothMet(review: FoundThreshold, block: FoundThreshold): string {
  if (holdsAt(review, block.suggested!)) return `review lowered to ${block.suggested} (the block threshold, so nothing goes to review) would meet both`;
  if (holdsAt(block, review.suggested!)) return `block raised to ${review.suggested} (the review threshold, so nothing goes to review) would meet both`;
  return 'relax one of the two targets';
}

function holdsAt(entry: FoundThreshold, threshold: number): boolean {
  if (entry.target.metric === 'volume' || !entry.set) return false;
  return meetsLabelledTarget(entry.set, entry.target.metric, entry.target.value, threshold);
}
