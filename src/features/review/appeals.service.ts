import { Inject, Injectable } from '@nestjs/common';
import { RequestActor } from '../access';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { AppealRepository } from './appeal.repository';
import { AppealResponse } from './http/review.dto';
import { ResolvedReviewOptions } from './review-options';
import { REVIEW_OPTIONS } from './review.tokens';

/** Longest appeal reason accepted. */
export const MAX_APPEAL_REASON_LENGTH = 4000;

/** Appeals of decisions, reviewed by someone other than whoever decided them before. */
@Injectable()
export class AppealsService {
  constructor(
    private readonly appeals: AppealRepository,
    @Inject(REVIEW_OPTIONS) private readonly options: ResolvedReviewOptions,
  ) {}

  async appeal(decisionId: string, actor: RequestActor, reason: string | null): Promise<AppealResponse> {
    const trimmed = reason?.trim() || null;
    if (trimmed !== null && trimmed.length > MAX_APPEAL_REASON_LENGTH) {
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid appeal: reason must be at most ${MAX_APPEAL_REASON_LENGTH} characters`, {
        errors: [{ field: 'reason', reasons: [`must be at most ${MAX_APPEAL_REASON_LENGTH} characters`] }],
      });
    }
    const item = await this.appeals.open(decisionId, actor, trimmed, this.options.clock());
    return { id: item.id, decisionId: item.decisionId, queue: item.queue, status: 'pending', createdAt: item.createdAt.toISOString() };
  }
}
