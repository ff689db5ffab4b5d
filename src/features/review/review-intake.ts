
import { SYSTEM_ACTOR } from '../access';
import { DecisionRecordHook } from '../../core/decisions/decision-record-hook';
import { StoredDecision } from '../../core/decisions/decision.types';
import { StoredImageRepository } from './storage/stored-image.repository';
import { ImageStore } from './storage/image-store';
import { itemAuditState, newReviewItemRow } from './review-item-rows';
import { ReviewItemRepository } from './review-item.repository';
import { ResolvedReviewOptions, sampleRateFor } from './review-options';
import { reviewPriority } from './review-priority';
import { reviewQueueFor } from './review-routing';
import { ReviewItemKind, STANDARD_QUEUES } from './review-types';
import { AuditRepository } from '../access';

/** What the intake needs. */
export interface ReviewIntakeDependencies {
  readonly options: ResolvedReviewOptions;
  readonly images: ImageStore;
}

/**
 * The decision-record hook that feeds the review queue: a `review` decision opens a review item,
 * and a random share of `allow` and `block` decisions (the policy's sample rate) opens a quality
 * sample. Such decisions keep their bytes in the image store (when the recorder passed them), so
 * the reviewer can see the image. Shadow-mode decisions enforce nothing and open nothing.
 *
 * Registered on the DecisionRepository, so it runs for every recorded decision, whoever records it (the
 * HTTP API, the upload hook, the queue worker), inside the recording transaction.
 */
export function createReviewIntakeHook(dependencies: ReviewIntakeDependencies): DecisionRecordHook {
  const { options, images } = dependencies;
  return async (manager, { decision, input }) => {
    const kind = intakeKind(decision, options);
    if (kind === null) return;
    const now = options.clock();
    if (input.image !== undefined) {
      // Ledger row first, then the bytes: see StoredImageRepository.markNeeded.
      await StoredImageRepository.markNeeded(manager, { sha256: decision.content.sha256, format: decision.content.format, byteLength: input.image.byteLength }, now);
      // A store in the decision database writes inside this transaction: the bytes go with the decision.
      if (images.withinTransaction) await images.withinTransaction.put(manager, decision.content.sha256, input.image);
      else await images.put(decision.content.sha256, input.image);
    }
    const row = newReviewItemRow({
      decisionId: decision.id,
      queue: kind === 'sample' ? STANDARD_QUEUES.quality : reviewQueueFor(decision, options.split),
      kind,
      priority: reviewPriority(decision, kind),
      createdAt: now,
    });
    await ReviewItemRepository.insert(manager, row);
    await AuditRepository.append(manager, {
      actor: SYSTEM_ACTOR,
      action: 'review.open',
      subjectType: 'review_item',
      subjectId: row.id,
      before: null,
      after: itemAuditState(row),
      at: now,
    });
  };
}

/** Whether the decision opens an item, and of which kind. */
function intakeKind(decision: StoredDecision, options: ResolvedReviewOptions): ReviewItemKind | null {
  if (decision.mode === 'shadow') return null;
  if (decision.action === 'review') return 'review';
  const rate = sampleRateFor(options, decision.policy.id);
  // `random() < 0` is never true and `random() < 1` always is, so 0 and 1 mean none and all.
  return rate > 0 && options.random() < rate ? 'sample' : null;
}
