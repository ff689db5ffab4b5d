import { ACTION_SEVERITY, MODERATION_ACTIONS, ModerationAction } from '../../engine/policy/moderation-action';

/**
 * Replay keeps actions as their severity (allow 0, review 1, block 2) in typed arrays: a
 * hundred thousand decisions then cost a few hundred kilobytes and combine with a plain max.
 */
export type ActionCode = 0 | 1 | 2;

/** Marks "this decision has no such category" in a per-category action array. */
export const NO_ACTION = 255;

/** The code of an action. */
export function actionCode(action: ModerationAction): ActionCode {
  return ACTION_SEVERITY[action] as ActionCode;
}

/** The action of a code (0, 1 or 2). */
export function actionOf(code: number): ModerationAction {
  const action = MODERATION_ACTIONS[code];
  if (action === undefined) throw new RangeError(`${code} is not an action code`);
  return action;
}
