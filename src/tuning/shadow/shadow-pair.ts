import { ModerationAction } from '../../engine/policy/moderation-action';

/** An enforced decision and the shadow-mode decision a candidate version made beside it. */
export interface ShadowPair {
  readonly enforcedId: string;
  readonly shadowId: string;
  /** ISO time of the shadow decision. */
  readonly decidedAt: string;
  /** The policy version that enforced (the active one at the time). */
  readonly enforcedVersion: string;
  readonly enforcedAction: ModerationAction;
  readonly shadowAction: ModerationAction;
  /** Each category's action, by category id. */
  readonly enforcedCategories: ReadonlyMap<string, ModerationAction>;
  readonly shadowCategories: ReadonlyMap<string, ModerationAction>;
}
