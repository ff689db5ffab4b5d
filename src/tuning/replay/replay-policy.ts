import { ModerationError } from '../../engine/errors/moderation-error';
import { CompiledPolicy } from '../../engine/scoring/compiled-policy';
import { CategoryLabels } from '../labelled/labelled-example';
import { NO_ACTION } from './action-codes';
import { actionsFromScores } from './actions-from-scores';
import { FlagConfusion } from './flag-confusion';
import { overallLabel } from './overall-label';
import { PolicyScorer } from './policy-scorer';
import { CategoryReplay, ReplayReport } from './replay-report';
import { StoredDecisionPage } from './stored-decision-page';
import { TransitionTally } from './transition-tally';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';

/** Options of {@link replayPolicy}. */
export interface ReplayPolicyOptions {
  /** The policy to try, compiled for the model that produced the stored embeddings. */
  readonly candidate: CompiledPolicy;
  /**
   * What to compare with. Absent: the actions recorded at the time (what really happened, across
   * whatever policy versions were live). A compiled policy: that policy re-scored on the same
   * embeddings, which isolates the candidate's change from earlier edits.
   */
  readonly baseline?: CompiledPolicy;
  /** Reviewer or other ground truth by decision id, where known. */
  readonly labels?: ReadonlyMap<string, CategoryLabels>;
  /** Decision ids kept per kind of change; default 5. */
  readonly examplesPerTransition?: number;
  /** Called after each page with the number of decisions replayed so far. */
  readonly onProgress?: (replayed: number) => void;
}

/**
 * Re-scores stored decisions from their stored image embeddings under a candidate policy and
 * reports what would change: the enforced action and every category's action, before and after,
 * with counts and example ids per kind of change (allow→review, review→block, and back), and,
 * for decisions with labels, whether the change flags more or fewer violating images.
 *
 * Pages are scored as they arrive (see PolicyScorer), so memory stays at one page whatever the
 * number of decisions. Only embeddings of the candidate's model can be compared with its prompts:
 * a page of another width is refused with ValidationFailed.
 */
export async function replayPolicy(pages: AsyncIterable<StoredDecisionPage> | Iterable<StoredDecisionPage>, options: ReplayPolicyOptions): Promise<ReplayReport> {
  const started = performance.now();
  const examples = options.examplesPerTransition ?? 5;
  const candidateScorer = new PolicyScorer(options.candidate);
  const baselineScorer = options.baseline ? new PolicyScorer(options.baseline) : undefined;
  const overall = new TransitionTally(examples);
  const categories = new Map<string, { tally: TransitionTally; confusion: FlagConfusion }>();
  const categoryState = (id: string): { tally: TransitionTally; confusion: FlagConfusion } => {
    let state = categories.get(id);
    if (!state) categories.set(id, (state = { tally: new TransitionTally(examples), confusion: new FlagConfusion() }));
    return state;
  };
  // Candidate categories first, in policy order, so the report reads like the policy.
  for (const entry of options.candidate.categories) categoryState(entry.category.id);
  const baselineIds = new Set(options.baseline?.categories.map((entry) => entry.category.id) ?? []);
  let scoringMs = 0;
  let decisions = 0;
  let firstDecidedAt: string | null = null;
  let lastDecidedAt: string | null = null;

  for await (const page of pages) {
    if (page.count === 0) continue;
    if (page.dim !== options.candidate.dim) {
      throw new ModerationError(
        ModerationErrorCode.ValidationFailed,
        `Stored embeddings have ${page.dim} dimensions but the model has ${options.candidate.dim}; replay needs decisions made with the same model`,
        { errors: [{ field: 'embedding', reasons: [`width ${page.dim}, expected ${options.candidate.dim}`] }] },
      );
    }
    const scoringStarted = performance.now();
    const after = actionsFromScores(options.candidate.policy, candidateScorer.score(page.frames, page.frameOffsets, page.count));
    const before = baselineScorer
      ? actionsFromScores(options.baseline!.policy, baselineScorer.score(page.frames, page.frameOffsets, page.count))
      : undefined;
    // A bank match blocks or sends to review whatever the prompts say, before and after alike.
    if (page.matchActions) {
      for (const overallActions of [after.overall, before?.overall]) {
        if (!overallActions) continue;
        for (let index = 0; index < page.count; index++) {
          if (page.matchActions[index]! > overallActions[index]!) overallActions[index] = page.matchActions[index]!;
        }
      }
    }
    scoringMs += performance.now() - scoringStarted;

    const beforeOverall = before ? before.overall : page.actions;
    const beforeByCategory = new Map<string, Uint8Array>(
      before ? options.baseline!.categories.map((entry, index) => [entry.category.id, before.categories[index]!]) : page.categoryActions,
    );
    const afterByCategory = new Map(options.candidate.categories.map((entry, index) => [entry.category.id, after.categories[index]!]));
    for (const id of beforeByCategory.keys()) {
      categoryState(id);
      baselineIds.add(id);
    }

    for (let index = 0; index < page.count; index++) {
      const id = page.ids[index]!;
      const labels = options.labels?.get(id);
      overall.add(beforeOverall[index]!, after.overall[index]!, id, labels ? overallLabel(labels) : undefined);
    }
    for (const [categoryId, state] of categories) {
      const beforeCodes = beforeByCategory.get(categoryId);
      const afterCodes = afterByCategory.get(categoryId);
      for (let index = 0; index < page.count; index++) {
        const id = page.ids[index]!;
        const label = options.labels?.get(id)?.[categoryId];
        const from = beforeCodes ? beforeCodes[index]! : NO_ACTION;
        const to = afterCodes ? afterCodes[index]! : NO_ACTION;
        state.tally.add(from, to, id, label);
        if (label !== undefined && from !== NO_ACTION && to !== NO_ACTION) state.confusion.add(from > 0, to > 0, label);
      }
    }
    decisions += page.count;
    firstDecidedAt ??= page.decidedAt[0]!;
    lastDecidedAt = page.decidedAt[page.count - 1]!;
    options.onProgress?.(decisions);
  }

  const beforeOverall = overall.beforeTally() ?? { allow: 0, review: 0, block: 0 };
  const afterOverall = overall.afterTally() ?? { allow: 0, review: 0, block: 0 };
  return {
    policy: {
      id: options.candidate.policy.id,
      candidateVersion: options.candidate.policy.version,
      baseline: options.baseline ? { version: options.baseline.policy.version } : 'stored',
    },
    modelHash: options.candidate.modelHash,
    decisions,
    firstDecidedAt,
    lastDecidedAt,
    overall: { before: beforeOverall, after: afterOverall, changed: overall.changed, transitions: overall.transitions() },
    categories: [...categories].map(([id, state]) => categoryReport(id, state, options.candidate, baselineIds.has(id))),
    timings: { scoringMs: round(scoringMs), totalMs: round(performance.now() - started) },
  };
}

function categoryReport(id: string, state: { tally: TransitionTally; confusion: FlagConfusion }, candidate: CompiledPolicy, inBaseline: boolean): CategoryReplay {
  const inCandidate = candidate.categories.some((entry) => entry.category.id === id);
  const labelled = state.confusion.result();
  return {
    id,
    presence: inCandidate && inBaseline ? 'both' : inCandidate ? 'added' : 'removed',
    before: state.tally.beforeTally(),
    after: state.tally.afterTally(),
    changed: state.tally.changed,
    transitions: state.tally.transitions(),
    ...(labelled ? { labelled } : {}),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
