import { Global, Module } from '@nestjs/common';
import { DecisionHooks } from '../../core/decisions/decision-hooks';
import { MODERATION_MODULE_OPTIONS } from '../../core/core.module-definition';
import { HELD_UPLOADS, HeldUploads } from '../../core/upload/held-uploads';
import { IMAGE_STORE_UPLOADS, ImageStoreUploads } from '../../core/upload/image-store-uploads';
import { CoreOptions } from '../../core/core-options';
import { ModerationDatabase } from '../../database/moderation-database';
import { ReviewFeatureOptions } from './review-feature-options';
import { createReviewIntakeHook } from './review-intake';
import { ResolvedReviewOptions, resolveReviewOptions } from './review-options';
import { REVIEW_OPTIONS } from './review.tokens';
import { ImageStore } from './storage/image-store';
import { ResolvedImageStorage, resolveImageStorage } from './storage/resolve-image-storage';
import { IMAGE_STORAGE_SETTINGS, IMAGE_STORE } from './storage/storage.tokens';
import { ImageStoreLifecycle } from './storage/image-store-lifecycle';
import { uploadArea } from './storage/upload-area';

/** Registered on the core's decision hooks when the module starts; nothing injects it. */
export class ReviewIntakeRegistration {}

/**
 * What the review queue needs wherever decisions are made (server, worker, an app embedding the
 * module): the review options, the image store (review images and held uploads), and the intake
 * hook that opens review items inside each decision's transaction. Global, so the core finds the
 * held uploads and the review API finds the store.
 */
@Global()
@Module({
  providers: [
    { provide: REVIEW_OPTIONS, useFactory: (options: ReviewFeatureOptions) => resolveReviewOptions(options.review), inject: [MODERATION_MODULE_OPTIONS] },
    {
      provide: IMAGE_STORAGE_SETTINGS,
      useFactory: (options: ReviewFeatureOptions & CoreOptions, database: ModerationDatabase) =>
        resolveImageStorage(options.images, options.heldUploadsDir, { database, maxUploadBytes: options.limits?.maxBytes }),
      inject: [MODERATION_MODULE_OPTIONS, ModerationDatabase],
    },
    { provide: IMAGE_STORE, useFactory: (settings: ResolvedImageStorage) => settings.store, inject: [IMAGE_STORAGE_SETTINGS] },
    {
      // For the job queue (MODERATION_UPLOAD_STORE=images); null for a store of the caller's own.
      provide: IMAGE_STORE_UPLOADS,
      useFactory: (settings: ResolvedImageStorage): ImageStoreUploads | null => (settings.uploads ? uploadArea(settings.uploads, settings.description) : null),
      inject: [IMAGE_STORAGE_SETTINGS],
    },
    ImageStoreLifecycle,
    { provide: HELD_UPLOADS, useFactory: (images: ImageStore): HeldUploads => ({ hold: (sha256, bytes) => images.put(sha256, bytes), has: (sha256) => images.has(sha256) }), inject: [IMAGE_STORE] },
    {
      // A factory rather than onModuleInit: the hook is in place before anything can record a decision.
      provide: ReviewIntakeRegistration,
      useFactory: (hooks: DecisionHooks, options: ResolvedReviewOptions, images: ImageStore) => {
        hooks.register(createReviewIntakeHook({ options, images }));
        return new ReviewIntakeRegistration();
      },
      inject: [DecisionHooks, REVIEW_OPTIONS, IMAGE_STORE],
    },
  ],
  exports: [REVIEW_OPTIONS, IMAGE_STORAGE_SETTINGS, IMAGE_STORE, HELD_UPLOADS, IMAGE_STORE_UPLOADS],
})
export class ReviewIntakeModule {}
