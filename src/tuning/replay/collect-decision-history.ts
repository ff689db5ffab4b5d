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
  /** The period `days` measures, so a rate per day can say what it was counted over; null with `days`. */
  readonly rateWindow: RateWindow | null;
}

/**
 * The period rates per day are counted over: `requested` when it starts at the window's `since`
 * (and ends at its `until`, or now), `decisions` when an open start fell back on the first decision.
 */
export interface RateWindow {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly basis: 'requested' | 'decisions';
}

/**
 * Scores every stored decision of `pages` under `compiled` (vectorised, page by page) and keeps
 * the scores: a few doubles per decision and category, so even a million decisions fit. `now`
 * ends a window with `since` and no `until`: pass the instant a relative `since` was read against,
 * so "30d" spans exactly 30 days.
 */
export async function collectDecisionHistory(
  pages: AsyncIterable<StoredDecisionPage> | Iterable<StoredDecisionPage>,
  compiled: CompiledPolicy,
  window: { readonly since?: Date; readonly until?: Date } = {},
  now: Date = new Date(),
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
  const rateWindow = spanOf(window, from, to, now);
  return { ids, scores, from, to, days: rateWindow?.days ?? null, rateWindow };
}

function spanOf(window: { readonly since?: Date; readonly until?: Date }, from: string | null, to: string | null, now: Date): RateWindow | null {
  const start = window.since?.getTime() ?? (from === null ? undefined : Date.parse(from));
  const end = window.until?.getTime() ?? (window.since ? now.getTime() : to === null ? undefined : Date.parse(to));
  if (start === undefined || end === undefined || end <= start) return null;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString(), days: (end - start) / DAY_MS, basis: window.since ? 'requested' : 'decisions' };
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
