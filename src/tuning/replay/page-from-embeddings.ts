import { ModerationAction, mostSevereAction } from '../../engine/policy/moderation-action';
import { KnownContentAction } from '../../engine/scoring/known-content-match';
import { NO_ACTION, actionCode } from './action-codes';
import { StoredDecisionPage } from './stored-decision-page';

/** A decision held in memory: what replay needs of a StoredDecision. */
export interface DecisionForReplay {
  readonly id: string;
  readonly decidedAt: string;
  readonly action: ModerationAction;
  readonly frameEmbeddings: ReadonlyArray<ArrayLike<number>>;
  readonly categories: ReadonlyArray<{ readonly id: string; readonly action: ModerationAction }>;
  /** Bank matches at the time (hash or embedding); only their actions matter here. */
  readonly matches?: ReadonlyArray<{ readonly action: KnownContentAction }>;
}

/**
 * A {@link StoredDecisionPage} from decisions in memory (StoredDecision fits). Every frame must
 * have the same width; a decision without frames cannot be replayed and is refused.
 */
export function pageFromEmbeddings(decisions: readonly DecisionForReplay[]): StoredDecisionPage {
  const dim = decisions[0]?.frameEmbeddings[0]?.length ?? 0;
  const frameOffsets = new Int32Array(decisions.length + 1);
  decisions.forEach((decision, index) => {
    if (decision.frameEmbeddings.length === 0) throw new RangeError(`Decision ${decision.id} has no embeddings to replay`);
    frameOffsets[index + 1] = frameOffsets[index]! + decision.frameEmbeddings.length;
  });
  const frames = new Float32Array(frameOffsets[decisions.length]! * dim);
  const categoryActions = new Map<string, Uint8Array>();
  decisions.forEach((decision, index) => {
    decision.frameEmbeddings.forEach((frame, row) => {
      if (frame.length !== dim) throw new RangeError(`Decision ${decision.id} has embeddings of width ${frame.length}, not ${dim}`);
      frames.set(frame, (frameOffsets[index]! + row) * dim);
    });
    for (const category of decision.categories) {
      let codes = categoryActions.get(category.id);
      if (!codes) categoryActions.set(category.id, (codes = new Uint8Array(decisions.length).fill(NO_ACTION)));
      codes[index] = actionCode(category.action);
    }
  });
  return {
    count: decisions.length,
    ids: decisions.map((decision) => decision.id),
    decidedAt: decisions.map((decision) => decision.decidedAt),
    dim,
    frames,
    frameOffsets,
    actions: Uint8Array.from(decisions, (decision) => actionCode(decision.action)),
    categoryActions,
    matchActions: Uint8Array.from(decisions, (decision) =>
      actionCode(mostSevereAction((decision.matches ?? []).flatMap((match) => (match.action === 'report' ? [] : [match.action])))),
    ),
  };
}
