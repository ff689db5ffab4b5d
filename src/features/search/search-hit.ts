import { ModerationAction } from '../../engine/policy/moderation-action';
import { HitRow } from './search-index.repository';

/** One decision a search found. */
export interface SearchHit {
  readonly decisionId: string;
  /** Cosine similarity of the decision's image to the query, -1 to 1 (from int8 vectors: within about 0.001). */
  readonly similarity: number;
  readonly decidedAt: string;
  readonly policy: { readonly id: string; readonly version: string };
  /** The action the model's decision enforced. */
  readonly action: ModerationAction;
  readonly triggered: readonly string[];
  readonly held: boolean;
  /** What a person decided in the latest closed review; null when no review closed. */
  readonly review: { readonly verdict: 'approve' | 'remove'; readonly reviewedAt: string | null } | null;
  readonly subject: string | null;
  readonly source: string | null;
  /**
   * The image store still holds the picture (kept for a review, not yet purged by retention):
   * `GET /v1/decisions/:id/image` serves it, and the console shows it blurred.
   */
  readonly imageRetained: boolean;
}

/** A page of hits, best first. */
export interface SearchPage {
  readonly items: readonly SearchHit[];
  /** Pass back as `cursor` (with the same query and filters) for the next page; null on the last. */
  readonly nextCursor: string | null;
  /** Decisions the index holds (enforce mode, this model). */
  readonly indexedDecisions: number;
}

/** The hit of a decision row found at `similarity`. */
export function toSearchHit(row: HitRow, similarity: number): SearchHit {
  const verdict = row.reviewOutcome === 'approve' || row.reviewOutcome === 'remove' ? row.reviewOutcome : null;
  return {
    decisionId: row.id,
    similarity,
    decidedAt: row.createdAt.toISOString(),
    policy: { id: row.policyId, version: row.policyVersion },
    action: row.action,
    triggered: row.triggered,
    held: row.held,
    review: verdict === null ? null : { verdict, reviewedAt: row.reviewedAt?.toISOString() ?? null },
    subject: row.subject,
    source: row.source,
    imageRetained: row.imageRetained,
  };
}
