import { Policy } from '../../engine/policy/policy.types';
import { CategoryDecision } from '../../engine/scoring/moderation-decision';
import { DecisionCategoryEntity } from '../../database/entities/decision-category.entity';
import { DecisionEntity } from '../../database/entities/decision.entity';
import { PolicyVersionEntity } from '../../database/entities/policy-version.entity';
import { RecordDecisionInput, ReviewOutcome, StoredDecision } from './decision.types';
import { decodeFloat32Base64, encodeFloat32Base64, splitRows } from '../../shared/database/float32-base64';

/** The columns of a category row, for an insert (the relation itself is left out). */
export type DecisionCategoryRow = Omit<DecisionCategoryEntity, 'decision'>;

/** A checked {@link RecordDecisionInput} with its id, time and defaults settled. */
export interface DecisionToStore {
  readonly id: string;
  readonly createdAt: Date;
  readonly input: RecordDecisionInput;
  readonly subject: string | null;
  readonly source: string | null;
  readonly mode: StoredDecision['mode'];
  readonly held: boolean;
  readonly idempotencyKey: string | null;
  readonly jobId: string | null;
  readonly apiKeyId: string | null;
  readonly shadowOf: string | null;
}

/** The decision row for `value`; embeddings become base64 float32 text. */
export function toDecisionRow(value: DecisionToStore): DecisionEntity {
  const { decision } = value.input;
  const { content } = decision;
  // One frame's embeddings equal `embedding`; storing them again would only double the row.
  const frames = decision.frameEmbeddings.length > 1 ? encodeFloat32Base64(decision.frameEmbeddings.flat()) : null;
  return {
    id: value.id,
    createdAt: value.createdAt,
    subject: value.subject,
    source: value.source,
    contentSha256: content.sha256,
    contentFormat: content.format,
    contentBytes: content.byteLength,
    width: content.width,
    height: content.height,
    frameCount: content.frameCount,
    framesScored: content.framesScored,
    pdqHash: decision.pdq?.hash ?? null,
    pdqQuality: decision.pdq?.quality ?? null,
    policyId: decision.policy.id,
    policyVersion: decision.policy.version,
    modelId: decision.model.id,
    modelHash: decision.model.hash,
    action: decision.action,
    shadowAction: decision.shadowAction,
    mode: value.mode,
    held: value.held,
    triggered: [...decision.triggered],
    matches: decision.matches.length > 0 ? decision.matches.map((match) => ({ ...match, bank: { ...match.bank }, entry: { ...match.entry } })) : null,
    latencyMs: decision.timings.totalMs,
    timings: { ...decision.timings },
    embedding: encodeFloat32Base64(decision.embedding),
    frameEmbeddings: frames,
    idempotencyKey: value.idempotencyKey,
    jobId: value.jobId,
    apiKeyId: value.apiKeyId,
    reviewOutcome: null,
    reviewedAt: null,
    reviewedBy: null,
    shadowOf: value.shadowOf,
  };
}

/** One row per category of the decision. */
export function toCategoryRows(decisionId: string, categories: readonly CategoryDecision[]): DecisionCategoryRow[] {
  return categories.map((category) => ({
    decisionId,
    categoryId: category.id,
    score: category.score,
    reviewThreshold: category.thresholds.review,
    blockThreshold: category.thresholds.block,
    action: category.action,
    scoring: category.scoring,
    bestPrompt: category.bestPrompt,
    bestSimilarity: category.bestSimilarity,
    shadow: category.shadow,
    severity: category.severity,
    frame: category.frame,
  }));
}

/** The snapshot row for the first decision made under `policy`. */
export function toPolicyVersionRow(policy: Policy, firstUsedAt: Date): PolicyVersionEntity {
  return {
    policyId: policy.id,
    version: policy.version,
    description: policy.description,
    snapshot: policy,
    sourceFile: policy.sourceFile ?? null,
    firstUsedAt,
    // Recorded by a decision: the policy-version registry sets these when it records a version first.
    origin: null,
    fileSeenAt: null,
  };
}

/**
 * Rebuilds the decision from its rows. `categoryOrder` is the policy's category ids in order
 * (rows come back in no particular order); categories it does not name go last, by id.
 */
export function toStoredDecision(row: DecisionEntity, categoryRows: readonly DecisionCategoryRow[], categoryOrder: readonly string[]): StoredDecision {
  const embedding = decodeFloat32Base64(row.embedding);
  // No embedding: a bank match decided without the model, which saw no frame.
  const frameEmbeddings = embedding.length === 0 ? [] : row.frameEmbeddings === null ? [embedding] : splitRows(decodeFloat32Base64(row.frameEmbeddings), embedding.length);
  return {
    id: row.id,
    subject: row.subject,
    source: row.source,
    mode: row.mode,
    held: row.held,
    apiKeyId: row.apiKeyId,
    review: toReviewOutcome(row),
    shadowOf: row.shadowOf,
    action: row.action,
    shadowAction: row.shadowAction,
    triggered: row.triggered,
    matches: row.matches ?? [],
    policy: { id: row.policyId, version: row.policyVersion },
    model: { id: row.modelId, hash: row.modelHash },
    content: {
      sha256: row.contentSha256,
      format: row.contentFormat,
      byteLength: row.contentBytes,
      width: row.width,
      height: row.height,
      frameCount: row.frameCount,
      framesScored: row.framesScored,
    },
    pdq: row.pdqHash === null || row.pdqQuality === null ? null : { hash: row.pdqHash, quality: row.pdqQuality },
    categories: sortByPolicyOrder(categoryRows, categoryOrder).map(toCategoryDecision),
    timings: row.timings,
    embedding,
    frameEmbeddings,
    decidedAt: row.createdAt.toISOString(),
  };
}

/** The reviewer's final outcome, when the row carries a complete one. */
function toReviewOutcome(row: DecisionEntity): ReviewOutcome | null {
  if ((row.reviewOutcome !== 'approve' && row.reviewOutcome !== 'remove') || row.reviewedBy === null || row.reviewedAt === null) return null;
  return { verdict: row.reviewOutcome, reviewerId: row.reviewedBy, reviewedAt: row.reviewedAt.toISOString() };
}

function toCategoryDecision(row: DecisionCategoryRow): CategoryDecision {
  return {
    id: row.categoryId,
    score: row.score,
    thresholds: { review: row.reviewThreshold, block: row.blockThreshold },
    action: row.action,
    scoring: row.scoring,
    bestPrompt: row.bestPrompt,
    bestSimilarity: row.bestSimilarity,
    shadow: row.shadow,
    severity: row.severity,
    frame: row.frame,
  };
}

function sortByPolicyOrder(rows: readonly DecisionCategoryRow[], order: readonly string[]): DecisionCategoryRow[] {
  const rank = new Map(order.map((id, index) => [id, index]));
  const rankOf = (row: DecisionCategoryRow): number => rank.get(row.categoryId) ?? Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => rankOf(a) - rankOf(b) || (a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0));
}
