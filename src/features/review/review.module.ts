import { Module } from '@nestjs/common';
import { ImageRetention } from './storage/image-retention';
import { ImageRetentionScheduler } from './storage/image-retention.scheduler';
import { ImageStore } from './storage/image-store';
import { ResolvedImageStorage } from './storage/resolve-image-storage';
import { IMAGE_RETENTION, IMAGE_STORAGE_SETTINGS, IMAGE_STORE } from './storage/storage.tokens';
import { AppealsController } from './http/appeals.controller';
import { ReviewItemsController } from './http/review-items.controller';
import { ReviewLabelsController } from './http/review-labels.controller';
import { ReviewQueuesController } from './http/review-queues.controller';
import { createReviewContext } from './review-context';
import { ResolvedReviewOptions } from './review-options';
import { ReviewService } from './review.service';
import { REVIEW_CONTEXT, REVIEW_OPTIONS } from './review.tokens';
import { ModerationDatabase } from '../../database/moderation-database';

/**
 * The review API (`/v1/review/...`, appeals) and the image-retention timer. The queue itself is fed
 * by the review intake hook that ModerationModule registers on the decision store.
 */
@Module({
  controllers: [ReviewQueuesController, ReviewItemsController, ReviewLabelsController, AppealsController],
  providers: [
    {
      provide: REVIEW_CONTEXT,
      useFactory: (database: ModerationDatabase, options: ResolvedReviewOptions, images: ImageStore) => createReviewContext(database.dataSource, options, images),
      inject: [ModerationDatabase, REVIEW_OPTIONS, IMAGE_STORE],
    },
    {
      provide: IMAGE_RETENTION,
      useFactory: (database: ModerationDatabase, settings: ResolvedImageStorage, options: ResolvedReviewOptions) =>
        new ImageRetention(database.dataSource, settings.store, { retentionDays: settings.retentionDays, clock: options.clock }),
      inject: [ModerationDatabase, IMAGE_STORAGE_SETTINGS, REVIEW_OPTIONS],
    },
    ReviewService,
    ImageRetentionScheduler,
  ],
  exports: [ReviewService, REVIEW_CONTEXT, IMAGE_RETENTION],
})
export class ReviewModule {}
