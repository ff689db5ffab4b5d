import { Inject, Injectable, Optional } from '@nestjs/common';
import { RequestActor } from '../access';
import { ReviewBanking } from '../banks';
import { DecisionRepository } from '../../core/decisions/decision.repository';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { AppErrorCode } from '../../shared/errors/app-error-code';
import { ReviewItemResponse } from './http/review.dto';
import { ReviewItemRepository } from './review-item.repository';
import { holdsLease, leaseNotHeld } from './review-item-rows';
import { toReviewItemResponse } from './review-item-view';
import { ReviewLeaseRepository } from './review-lease.repository';
import { LEASE_BOUNDS, ResolvedReviewOptions } from './review-options';
import { isQueueName } from './review-types';
import { VerdictInput, checkVerdictShape } from './review-verdict-rules';
import { ReviewVerdictRepository } from './review-verdict.repository';
import { REVIEW_OPTIONS } from './review.tokens';
import { ImageStore } from './storage/image-store';
import { readKeptImage } from './storage/read-kept-image';
import { IMAGE_STORE } from './storage/storage.tokens';

/** An item's image, ready to send. */
export interface ItemImage {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

/**
 * Working an item: claim the next one of a queue under a lease, read it (decision, scores, policy
 * version, labels, image state) and its image, renew or release the lease, and decide it.
 */
@Injectable()
export class ReviewItemsService {
  constructor(
    private readonly items: ReviewItemRepository,
    private readonly leases: ReviewLeaseRepository,
    private readonly verdicts: ReviewVerdictRepository,
    private readonly decisions: DecisionRepository,
    @Inject(REVIEW_OPTIONS) private readonly options: ResolvedReviewOptions,
    @Inject(IMAGE_STORE) private readonly images: ImageStore,
    // From the banks feature, for remove verdicts that add the picture to an embedding bank.
    @Optional() private readonly banking?: ReviewBanking,
  ) {}

  /** Claims the next item of a queue, other than those in `exclude`, or null when none is available to the caller. */
  async claim(queue: string, actor: RequestActor, leaseSeconds?: number, exclude: readonly string[] = []): Promise<ReviewItemResponse | null> {
    if (!isQueueName(queue)) throw invalid('queue', 'must be a queue name such as review, quality, senior or appeals');
    const leaseMs = this.leaseMs(leaseSeconds);
    const excluded = [...new Set(exclude.map((id) => id.toLowerCase()))];
    const item = await this.leases.claim({ queue, actor, now: this.options.clock(), leaseMs, defaultOrder: this.options.order, exclude: excluded });
    return item ? this.view(item.id) : null;
  }

  /** One item with its decision, scores, policy version, labels and image state. */
  getItem(id: string): Promise<ReviewItemResponse> {
    return this.view(id);
  }

  /** Extends the caller's live lease to a full lease from now. */
  async renew(id: string, actor: RequestActor, leaseSeconds?: number): Promise<ReviewItemResponse> {
    const leaseMs = this.leaseMs(leaseSeconds);
    await this.leases.renew(id, actor, this.options.clock(), leaseMs);
    return this.view(id);
  }

  async release(id: string, actor: RequestActor): Promise<ReviewItemResponse> {
    await this.leases.release(id, actor, this.options.clock());
    return this.view(id);
  }

  async decide(id: string, actor: RequestActor, verdict: VerdictInput): Promise<ReviewItemResponse> {
    checkVerdictShape(verdict);
    if (verdict.addToBank && !this.banking) throw new ModerationError(AppErrorCode.BankNotFound, 'No embedding banks are served here', { bank: verdict.addToBank });
    const { banked } = await this.verdicts.decide(id, actor, verdict, this.options.clock(), this.banking);
    // Committed: the picture matches in this process before the answer, elsewhere within a poll.
    if (banked) await this.banking!.committed(banked);
    return this.view(id);
  }

  /**
   * The bytes of an item's image, for the reviewer holding a live lease on it (or an admin):
   * ImageNotStored when they were never kept, ImagePurged after the retention period.
   */
  async image(id: string, actor: RequestActor): Promise<ItemImage> {
    const { item, sha256, ledger } = await this.items.image(id);
    if (actor.principal.role !== 'admin' && !holdsLease(item, actor.principal.keyId, this.options.clock())) throw leaseNotHeld(item);
    return readKeptImage(this.images, sha256, ledger);
  }

  private async view(id: string): Promise<ReviewItemResponse> {
    const details = await this.items.details(id);
    const decision = await this.decisions.getById(details.item.decisionId);
    const policy = await this.decisions.getPolicyVersion(decision.policy.id, decision.policy.version);
    return toReviewItemResponse({ ...details, decision, policy, now: this.options.clock() });
  }

  private leaseMs(leaseSeconds: number | undefined): number {
    const seconds = leaseSeconds ?? this.options.leaseSeconds;
    if (!(Number.isInteger(seconds) && seconds >= LEASE_BOUNDS.min && seconds <= LEASE_BOUNDS.max)) {
      throw invalid('leaseSeconds', `must be a whole number from ${LEASE_BOUNDS.min} to ${LEASE_BOUNDS.max}`);
    }
    return seconds * 1000;
  }
}

function invalid(field: string, reason: string): ModerationError {
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid request: ${field}: ${reason}`, { errors: [{ field, reasons: [reason] }] });
}
