import { ModerationAction } from './moderation-action';
import { CategoryThresholds } from './policy.types';

/**
 * The action one category's score calls for: at or above `block` blocks, at or above `review`
 * goes to review, anything lower (or NaN, which compares false) allows. Both bounds are
 * inclusive so a threshold of 0.85 means "0.85 and up", as policy authors read it.
 */
export function decideCategoryAction(score: number, thresholds: CategoryThresholds): ModerationAction {
  if (score >= thresholds.block) return 'block';
  if (score >= thresholds.review) return 'review';
  return 'allow';
}
