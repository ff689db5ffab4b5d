import { ModerationError } from '../../engine/errors/moderation-error';
import { CompiledPolicy } from '../../engine/scoring/compiled-policy';
import { PolicyScorer, PolicyScores } from './policy-scorer';
import { StoredDecisionPage } from './stored-decision-page';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

const DAY_MS = 86_400_000;

/** Past decisions re-scored under one policy: what volume targets and "what would change" counts use. */
export interface DecisionHistory {
  readonly ids: readonly string[];
  readonly scores: PolicyScores;
  /** First and last decision time (ISO), null without decisions. */
  readonly from: string | null;
  readonly to: string | null;
  /**
   * Days the decisions stand for: the requested window when both ends were given (or `since` to
   * now), else first to last decision. Null when that is zero (one instant cannot give a rate).
   */
  readonly days: number | null;
}

/**
 * Scores every stored decision of `pages` under `compiled` (vectorised, page by page) and keeps
 * the scores: a few doubles per decision and category, so even a million decisions fit.
 */
export async function collectDecisionHistory(
  pages: AsyncIterable<StoredDecisionPage> | Iterable<StoredDecisionPage>,
  compiled: CompiledPolicy,
  window: { readonly since?: Date; readonly until?: Date } = {},
): Promise<DecisionHistory> {
  const scorer = new PolicyScorer(compiled);
  const ids: string[] = [];
  const parts: Float64Array[][] = compiled.categories.map(() => []);
  let from: string | null = null;
  let to: string | null = null;
  for await (const page of pages) {
    if (page.count === 0) continue;
    if (page.dim !== compiled.dim) {
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `Stored embeddings have ${page.dim} dimensions but the model has ${compiled.dim}`, {
        errors: [{ field: 'embedding', reasons: [`width ${page.dim}, expected ${compiled.dim}`] }],
      });
    }
    const scores = scorer.score(page.frames, page.frameOffsets, page.count);
    scores.scores.forEach((column, index) => parts[index]!.push(column));
    ids.push(...page.ids);
    from ??= page.decidedAt[0]!;
    to = page.decidedAt[page.count - 1]!;
  }
  const scores: PolicyScores = {
    count: ids.length,
    categoryIds: compiled.categories.map((entry) => entry.category.id),
    scores: parts.map(concat),
  };
  return { ids, scores, from, to, days: spanDays(window, from, to) };
}

function spanDays(window: { readonly since?: Date; readonly until?: Date }, from: string | null, to: string | null): number | null {
  const start = window.since?.getTime() ?? (from === null ? undefined : Date.parse(from));
  const end = window.until?.getTime() ?? (window.since ? Date.now() : to === null ? undefined : Date.parse(to));
  if (start === undefined || end === undefined || end <= start) return null;
  return (end - start) / DAY_MS;
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
