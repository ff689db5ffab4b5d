import { ModerationDecision } from '../engine/scoring/moderation-decision';

/** One line per image for people: the action, then each category that is not plainly allowed. */
export function formatDecisionLine(file: string, decision: ModerationDecision): string {
  const flagged = decision.categories
    .filter((category) => category.action !== 'allow')
    .map((category) => `${category.id}${category.shadow ? ' (shadow)' : ''} ${category.action} ${category.score.toFixed(3)} ≥ ${category.thresholds[category.action === 'block' ? 'block' : 'review']}`);
  const top = [...decision.categories].sort((a, b) => b.score - b.thresholds.review - (a.score - a.thresholds.review))[0];
  const detail = flagged.length > 0 ? flagged.join(', ') : top ? `closest: ${top.id} ${top.score.toFixed(3)} < ${top.thresholds.review}` : 'no categories';
  return `${decision.action.toUpperCase().padEnd(6)} ${file}  [${detail}]`;
}

/** A decision for JSON output, without the embeddings (they are for storage, not for reading). */
export function decisionForJson(file: string, decision: ModerationDecision): Record<string, unknown> {
  const { embedding: _embedding, frameEmbeddings: _frames, ...rest } = decision;
  return { file, ...rest };
}
