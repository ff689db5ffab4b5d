import { decideCategoryAction } from '../../engine/policy/decide-category-action';
import { Policy } from '../../engine/policy/policy.types';
import { ActionCode, actionCode } from './action-codes';
import { PolicyScores } from './policy-scorer';

/** What a policy's thresholds make of a page's scores. */
export interface PolicyActions {
  /** The enforced action per decision. */
  readonly overall: Uint8Array;
  /** Per category (policy order), each decision's category action. */
  readonly categories: readonly Uint8Array[];
}

/**
 * Applies `policy`'s thresholds to scores, with the engine's own rules: `decideCategoryAction`
 * per category, and the enforced action the most severe of `defaultAction` and the non-shadow
 * categories. The policy may differ from the one scored in thresholds only (that is how
 * threshold suggestions are tried); its categories must be the scored ones, in order.
 */
export function actionsFromScores(policy: Pick<Policy, 'categories' | 'defaultAction'>, scores: PolicyScores): PolicyActions {
  policy.categories.forEach((category, index) => {
    if (scores.categoryIds[index] !== category.id) throw new RangeError(`Category ${index} is ${category.id} in the policy but ${scores.categoryIds[index]} in the scores`);
  });
  const floor: ActionCode = actionCode(policy.defaultAction);
  const overall = new Uint8Array(scores.count).fill(floor);
  const categories = policy.categories.map((category, index) => {
    const out = new Uint8Array(scores.count);
    const categoryScores = scores.scores[index]!;
    for (let decision = 0; decision < scores.count; decision++) {
      const code = actionCode(decideCategoryAction(categoryScores[decision]!, category.thresholds));
      out[decision] = code;
      if (!category.shadow && code > overall[decision]!) overall[decision] = code;
    }
    return out;
  });
  return { overall, categories };
}
