import { CategoryLabels } from '../labelled/labelled-example';
import { NO_ACTION, actionCode } from '../replay/action-codes';
import { FlagConfusion } from '../replay/flag-confusion';
import { overallLabel } from '../replay/overall-label';
import { CategoryReplay } from '../replay/replay-report';
import { TransitionTally } from '../replay/transition-tally';
import { ShadowPair } from './shadow-pair';
import { ShadowReport } from './shadow-report';

/** What the comparison is of, and the ground truth to hold both sides to. */
export interface CompareShadowOptions {
  readonly policyId: string;
  readonly shadowVersion: string;
  readonly window: ShadowReport['window'];
  /** Reviewers' labels by enforced decision id (see readReviewLabels). */
  readonly labels?: ReadonlyMap<string, CategoryLabels>;
  /** Decision ids kept per kind of change; default 5. */
  readonly examplesPerTransition?: number;
}

/**
 * Compares what a shadow version decided with what was enforced, pair by pair: agreement on the
 * enforced action, every kind of change with example decisions, the same per category, and, where
 * reviewers labelled the enforced decision, how often each side flagged what they marked violating.
 */
export async function compareShadowDecisions(pages: AsyncIterable<readonly ShadowPair[]> | Iterable<readonly ShadowPair[]>, options: CompareShadowOptions): Promise<ShadowReport> {
  const examples = options.examplesPerTransition ?? 5;
  const overall = new TransitionTally(examples);
  const categories = new Map<string, { tally: TransitionTally; confusion: FlagConfusion; inEnforced: boolean; inShadow: boolean }>();
  const versions = new Set<string>();
  let pairs = 0;
  let same = 0;
  let firstDecidedAt: string | null = null;
  let lastDecidedAt: string | null = null;
  for await (const page of pages) {
    for (const pair of page) {
      pairs++;
      versions.add(pair.enforcedVersion);
      firstDecidedAt ??= pair.decidedAt;
      lastDecidedAt = pair.decidedAt;
      if (pair.enforcedAction === pair.shadowAction) same++;
      const labels = options.labels?.get(pair.enforcedId);
      overall.add(actionCode(pair.enforcedAction), actionCode(pair.shadowAction), pair.enforcedId, labels ? overallLabel(labels) : undefined);
      for (const id of new Set([...pair.enforcedCategories.keys(), ...pair.shadowCategories.keys()])) {
        let state = categories.get(id);
        if (!state) categories.set(id, (state = { tally: new TransitionTally(examples), confusion: new FlagConfusion(), inEnforced: false, inShadow: false }));
        const before = pair.enforcedCategories.get(id);
        const after = pair.shadowCategories.get(id);
        state.inEnforced ||= before !== undefined;
        state.inShadow ||= after !== undefined;
        const label = labels?.[id];
        state.tally.add(before === undefined ? NO_ACTION : actionCode(before), after === undefined ? NO_ACTION : actionCode(after), pair.enforcedId, label);
        if (label !== undefined && before !== undefined && after !== undefined) state.confusion.add(before !== 'allow', after !== 'allow', label);
      }
    }
  }
  const empty = { allow: 0, review: 0, block: 0 };
  return {
    policyId: options.policyId,
    shadowVersion: options.shadowVersion,
    activeVersions: [...versions],
    window: options.window,
    firstDecidedAt,
    lastDecidedAt,
    pairs,
    agreement: { same, rate: pairs === 0 ? null : same / pairs },
    overall: { before: overall.beforeTally() ?? empty, after: overall.afterTally() ?? empty, changed: overall.changed, transitions: overall.transitions() },
    categories: [...categories].map(([id, state]): CategoryReplay => {
      const labelled = state.confusion.result();
      return {
        id,
        presence: state.inEnforced && state.inShadow ? 'both' : state.inShadow ? 'added' : 'removed',
        before: state.tally.beforeTally(),
        after: state.tally.afterTally(),
        changed: state.tally.changed,
        transitions: state.tally.transitions(),
        ...(labelled ? { labelled } : {}),
      };
    }),
  };
}
