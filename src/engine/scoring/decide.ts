import { decideCategoryAction } from '../policy/decide-category-action';
import { ModerationAction, mostSevereAction } from '../policy/moderation-action';
import { scoreCategory } from './category-scorer';
import { CompiledPolicy } from './compiled-policy';
import { CategoryDecision } from './moderation-decision';
import { Policy } from '../policy/policy.types';

/** The policy's verdict on one image, before facts about the bytes and timings are attached. */
export interface Verdict {
  readonly action: ModerationAction;
  readonly shadowAction: ModerationAction;
  readonly triggered: readonly string[];
  readonly categories: readonly CategoryDecision[];
  /** Index of the frame that decided (the one behind the most severe category score). */
  readonly decidingFrame: number;
}

/**
 * Scores the embeddings of an image's frames against a compiled policy. An animated image is as
 * bad as its worst frame: each category keeps its highest-scoring frame. Used for live traffic
 * and, with stored embeddings, for replaying past decisions under another policy.
 */
export function decide(compiled: CompiledPolicy, frameEmbeddings: readonly Float32Array[]): Verdict {
  const { policy, dim } = compiled;
  const categories: CategoryDecision[] = compiled.categories.map((entry) => {
    let best = scoreCategory(entry, frameEmbeddings[0]!, dim, policy.logitScale);
    let frame = 0;
    for (let index = 1; index < frameEmbeddings.length; index++) {
      const candidate = scoreCategory(entry, frameEmbeddings[index]!, dim, policy.logitScale);
      if (candidate.score > best.score) {
        best = candidate;
        frame = index;
      }
    }
    const { category } = entry;
    return {
      id: category.id,
      score: best.score,
      thresholds: { review: category.thresholds.review, block: category.thresholds.block },
      action: decideCategoryAction(best.score, category.thresholds),
      scoring: category.scoring,
      bestPrompt: best.bestPrompt,
      bestSimilarity: best.bestSimilarity,
      shadow: category.shadow,
      severity: category.severity,
      frame,
    };
  });
  const enforced = categories.filter((category) => !category.shadow);
  const action = mostSevereAction([policy.defaultAction, ...enforced.map((category) => category.action)]);
  const shadowAction = mostSevereAction([policy.defaultAction, ...categories.map((category) => category.action)]);
  const triggered = enforced.filter((category) => category.action !== 'allow').map((category) => category.id);
  const decidingFrame = worstFrame(categories);
  return { action, shadowAction, triggered, categories, decidingFrame };
}

function worstFrame(categories: readonly CategoryDecision[]): number {
  const ranked = [...categories].sort(
    (a, b) => Number(a.shadow) - Number(b.shadow) || rank(b.action) - rank(a.action) || b.score - b.thresholds.review - (a.score - a.thresholds.review),
  );
  return ranked[0]?.frame ?? 0;
}

function rank(action: ModerationAction): number {
  return action === 'block' ? 2 : action === 'review' ? 1 : 0;
}

/** The verdict of a picture the model did not see: the policy's default, no category scored. */
export function unscoredVerdict(policy: Policy): Verdict {
  return { action: policy.defaultAction, shadowAction: policy.defaultAction, triggered: [], categories: [], decidingFrame: 0 };
}
