/** What a policy decides for an image, from least to most severe. */
export type ModerationAction = 'allow' | 'review' | 'block';

/** Every action, least severe first; handy for validation and docs. */
export const MODERATION_ACTIONS: readonly ModerationAction[] = Object.freeze(['allow', 'review', 'block'] as const);

/**
 * Rank of each action so results can be combined with a plain max: allow 0 < review 1 < block 2.
 * Frozen because every decision in the process reads it.
 */
export const ACTION_SEVERITY: Readonly<Record<ModerationAction, number>> = Object.freeze({
  allow: 0,
  review: 1,
  block: 2,
});

/** True when `value` is one of {@link MODERATION_ACTIONS}. */
export function isModerationAction(value: unknown): value is ModerationAction {
  return typeof value === 'string' && (MODERATION_ACTIONS as readonly string[]).includes(value);
}

/** The more severe of the given actions (by {@link ACTION_SEVERITY}); `fallback` when there are none. */
export function mostSevereAction(actions: Iterable<ModerationAction>, fallback: ModerationAction = 'allow'): ModerationAction {
  let worst: ModerationAction | undefined;
  for (const action of actions) {
    if (worst === undefined || ACTION_SEVERITY[action] > ACTION_SEVERITY[worst]) worst = action;
  }
  return worst ?? fallback;
}
