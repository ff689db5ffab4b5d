import { Policy } from '../../engine/policy/policy.types';
import { PolicyLintWarning } from './policy-lint-warning';

/**
 * Categories with no contrast prompts. Without benign look-alikes a category is scored by raw
 * cosine similarity, whose scale is narrow and shifts from model to model, and nothing tells the
 * model what the category is *not* (the kitchen knife, the toy pistol), which is where most false
 * positives come from.
 */
export function missingContrastPrompts(policy: Policy): PolicyLintWarning[] {
  return policy.categories.flatMap((category, index) =>
    category.contrastPrompts.length > 0
      ? []
      : [
          {
            code: 'no-contrast-prompts' as const,
            policyId: policy.id,
            categoryId: category.id,
            field: `categories[${index}]`,
            message:
              'has no contrast prompts: its cosine score has a narrow, model-dependent scale and nothing benign to be told apart from; ' +
              'list the harmless things your images show that look similar and use contrast-softmax scoring',
          },
        ],
  );
}
