import { DECISION_MODES, DecisionMode } from '../../database/entities/decision-mode';
import { ModerationAction } from '../../engine/policy/moderation-action';
import { Policy } from '../../engine/policy/policy.types';
import { ModerationDecision } from '../../engine/scoring/moderation-decision';


/** What {@link DecisionRepository.record} stores. */
export interface RecordDecisionInput {
  readonly decision: ModerationDecision;
  /** The policy the decision was made under; its id and version must match `decision.policy`. */
  readonly policy: Policy;
  /** The caller's id for who uploaded the image (at most 255 characters). */
  readonly subject?: string;
  /** Where the upload came from, e.g. `profile-photo` (at most 255 characters). */
  readonly source?: string;
  /** Defaults to `enforce`. */
  readonly mode?: DecisionMode;
  /** The upload is held pending review; defaults to false. */
  readonly held?: boolean;
  /** The caller's key for this request (at most 200 characters, namespaced by the caller); unique across decisions. */
  readonly idempotencyKey?: string;
  /**
   * The queue job making this decision (at most 64 characters); unique across decisions, so a job
   * that runs again after a worker crash records nothing new and gets the first decision back.
   */
  readonly jobId?: string;
  /** The API key that submitted the image (a UUID), so submitters can read their own decisions. */
  readonly apiKeyId?: string;
  /**
   * For a shadow-mode decision of a candidate policy version: the id of the enforced decision it
   * accompanied (requires `mode: 'shadow'`), so the shadow report can pair them.
   */
  readonly shadowOf?: string;
  /**
   * The uploaded bytes. Never written to the decision log itself: they are handed to the record
   * hooks (the review queue keeps the bytes of decisions a person will look at).
   */
  readonly image?: Uint8Array;
}

/**
 * A decision as stored. `decidedAt` is the stored time as an ISO string (millisecond precision);
 * categories come in the policy's order; embeddings are the stored float32 values, so they equal
 * the engine's within float32 precision.
 */
export interface StoredDecision extends ModerationDecision {
  readonly id: string;
  readonly subject: string | null;
  readonly source: string | null;
  readonly mode: DecisionMode;
  readonly held: boolean;
  /** The API key that submitted the image; null when auth was off or the library was used directly. */
  readonly apiKeyId: string | null;
  /** What a reviewer decided, beside the model's untouched action and scores; null until reviewed. */
  readonly review: ReviewOutcome | null;
  /** For a shadow-mode decision of a candidate policy version: the enforced decision it accompanied. */
  readonly shadowOf: string | null;
}

/** `approve`: the content stays. `remove`: it goes. */
export type ReviewOutcomeVerdict = 'approve' | 'remove';

/** The final outcome of a decision's latest closed review. */
export interface ReviewOutcome {
  readonly verdict: ReviewOutcomeVerdict;
  /** The reviewer's API key id. */
  readonly reviewerId: string;
  /** ISO-8601 time. */
  readonly reviewedAt: string;
}

/** Narrows {@link DecisionRepository.list}; every field given must match. */
export interface DecisionFilter {
  /** Policy id. */
  readonly policy?: string;
  /** The enforced action. */
  readonly action?: ModerationAction;
  /** Decisions where this category's own action is review or block (shadow categories included). */
  readonly category?: string;
  readonly subject?: string;
  readonly source?: string;
  /** Decided at or after this instant. */
  readonly from?: Date;
  /** Decided strictly before this instant, so consecutive ranges never overlap. */
  readonly to?: Date;
  /** Submitted with this API key. */
  readonly apiKeyId?: string;
}

/** One page of {@link DecisionRepository.list}, newest first. */
export interface DecisionPage {
  readonly items: StoredDecision[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** What makes a stored decision reusable for new bytes: same content, policy version and model. */
export interface ReuseKey {
  readonly sha256: string;
  readonly policyId: string;
  readonly policyVersion: string;
  readonly modelHash: string;
  /**
   * Only decisions made for this API key (null: made without one). Omitted: any key's. Scoping
   * keeps a submitter from being handed a decision it may not read.
   */
  readonly apiKeyId?: string | null;
}

export { DECISION_MODES };
export type { DecisionMode };
