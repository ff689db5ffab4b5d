import { Injectable } from '@nestjs/common';
import { ModerationError } from '../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { decodeDecisionCursor, isDecisionId } from '../../shared/database/cursor';
import { LabelPageResponse } from './http/review.dto';
import { toLabelResponse } from './review-item-view';
import { LabelFilter, ReviewLabelRepository } from './review-label.repository';

/** Largest page of labels. */
export const MAX_LABEL_PAGE_SIZE = 500;

/** Reviewers' labels, newest first: the export policy tuning reads. */
@Injectable()
export class ReviewLabelsService {
  constructor(private readonly labels: ReviewLabelRepository) {}

  async list(filter: LabelFilter, page: { limit: number; cursor?: string }): Promise<LabelPageResponse> {
    for (const key of ['decisionId', 'reviewerId'] as const) {
      const value = filter[key];
      if (value !== undefined && !isDecisionId(value)) {
        throw new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid filter: ${key} must be a UUID`, { errors: [{ field: key, reasons: ['must be a UUID'] }] });
      }
    }
    const limit = Math.min(MAX_LABEL_PAGE_SIZE, Math.max(1, Math.trunc(page.limit)));
    const result = await this.labels.list(filter, limit, page.cursor === undefined ? undefined : decodeDecisionCursor(page.cursor));
    return { items: result.items.map(toLabelResponse), nextCursor: result.nextCursor };
  }
}
