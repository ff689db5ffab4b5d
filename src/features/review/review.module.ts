import { Module } from '@nestjs/common';
import { repositoryProvider } from '../../core/repository-provider';
import { AppealRepository } from './appeal.repository';
import { AppealsService } from './appeals.service';
import { DecisionImagesService } from './decision-images.service';
import { AppealsController } from './http/appeals.controller';
import { DecisionImagesController } from './http/decision-images.controller';
import { ReviewItemsController } from './http/review-items.controller';
import { ReviewLabelsController } from './http/review-labels.controller';
import { ReviewQueuesController } from './http/review-queues.controller';
import { ReviewItemRepository } from './review-item.repository';
import { ReviewItemsService } from './review-items.service';
import { ReviewLabelRepository } from './review-label.repository';
import { ReviewLabelsService } from './review-labels.service';
import { ReviewLeaseRepository } from './review-lease.repository';
import { ResolvedReviewOptions } from './review-options';
import { ReviewQueueMetrics } from './review-queue-metrics';
import { ReviewQueueRepository } from './review-queue.repository';
import { ReviewQueuesService } from './review-queues.service';
import { ReviewVerdictRepository } from './review-verdict.repository';
import { REVIEW_OPTIONS } from './review.tokens';
import { ImageRetention } from './storage/image-retention';
import { ImageRetentionScheduler } from './storage/image-retention.scheduler';
import { ResolvedImageStorage } from './storage/resolve-image-storage';
import { IMAGE_STORAGE_SETTINGS } from './storage/storage.tokens';
import { StoredImageRepository } from './storage/stored-image.repository';

/**
 * The review API (`/v1/review/...`, appeals) and the image-retention timer. The queue itself is fed
 * by the intake hook that ReviewIntakeModule registers on the core's decision hooks.
 */
@Module({
  controllers: [ReviewQueuesController, ReviewItemsController, ReviewLabelsController, AppealsController, DecisionImagesController],
  providers: [
    repositoryProvider(ReviewItemRepository),
    repositoryProvider(ReviewLeaseRepository),
    repositoryProvider(ReviewVerdictRepository),
    repositoryProvider(ReviewQueueRepository),
    repositoryProvider(ReviewLabelRepository),
    repositoryProvider(AppealRepository),
    repositoryProvider(StoredImageRepository),
    {
      provide: ImageRetention,
      useFactory: (ledger: StoredImageRepository, settings: ResolvedImageStorage, options: ResolvedReviewOptions) =>
        new ImageRetention(ledger, settings.store, { retentionDays: settings.retentionDays, clock: options.clock }),
      inject: [StoredImageRepository, IMAGE_STORAGE_SETTINGS, REVIEW_OPTIONS],
    },
    ReviewItemsService,
    ReviewQueuesService,
    ReviewLabelsService,
    AppealsService,
    DecisionImagesService,
    ImageRetentionScheduler,
    ReviewQueueMetrics,
  ],
  exports: [ReviewItemsService, ReviewQueuesService, ReviewLabelsService, AppealsService, ImageRetention],
})
export class ReviewModule {}
