import { DynamicModule, Module, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../engine/moderation-engine';
import { ACTIVE_POLICIES } from '../features/policies/versions/policy-versions.tokens';
import { createDataSourceOptions } from '../database/database-config';
import { DecisionStore } from '../core/decisions/decision.repository';
import { createReviewIntakeHook } from '../features/review/review-intake';
import { ResolvedReviewOptions, resolveReviewOptions } from '../features/review/review-options';
import { REVIEW_OPTIONS } from '../features/review/review.tokens';
import { ImageStore } from '../features/review/storage/image-store';
import { ResolvedImageStorage, resolveImageStorage } from '../features/review/storage/resolve-image-storage';
import { IMAGE_STORAGE_SETTINGS, IMAGE_STORE } from '../features/review/storage/storage.tokens';
import { heldUploadStoreOf } from '../core/held-upload-store';
import { initializeDataSource } from '../database/initialize-data-source';
import { loadServedPolicies } from '../features/policies/versions/load-served-policies';
import { ModerationLifecycle } from '../core/moderation-lifecycle';
import {
  ConfigurableModerationModule,
  MODERATION_ASYNC_OPTIONS_TYPE,
  MODERATION_MODULE_OPTIONS,
  MODERATION_OPTIONS_TYPE,
} from '../core/moderation.module-definition';
import { ModerationModuleOptions } from '../core/moderation-module-options';
import { ModerationService } from '../core/moderation.service';
import { startEngine } from '../core/start-engine';
import { DECISION_STORE, HELD_UPLOAD_STORE, MODERATION_DATA_SOURCE, MODERATION_ENGINE } from '../core/moderation.tokens';
import { ModerateUploadInterceptor } from '../core/upload/moderate-upload.interceptor';

const providers: Provider[] = [
  {
    provide: MODERATION_ENGINE,
    // Lints the policies on load, so warnings reach the log of every server and worker.
    useFactory: (options: ModerationModuleOptions) => startEngine(options),
    inject: [MODERATION_MODULE_OPTIONS],
  },
  {
    provide: MODERATION_DATA_SOURCE,
    useFactory: (options: ModerationModuleOptions) => initializeDataSource(createDataSourceOptions(options.database ?? {})),
    inject: [MODERATION_MODULE_OPTIONS],
  },
  {
    provide: IMAGE_STORAGE_SETTINGS,
    useFactory: (options: ModerationModuleOptions) => resolveImageStorage(options.images, options.heldUploadsDir),
    inject: [MODERATION_MODULE_OPTIONS],
  },
  {
    provide: IMAGE_STORE,
    useFactory: (settings: ResolvedImageStorage) => settings.store,
    inject: [IMAGE_STORAGE_SETTINGS],
  },
  {
    provide: REVIEW_OPTIONS,
    useFactory: (options: ModerationModuleOptions) => resolveReviewOptions(options.review),
    inject: [MODERATION_MODULE_OPTIONS],
  },
  {
    provide: DECISION_STORE,
    // The review intake is a record hook, so every recorder of decisions (HTTP, upload hook,
    // queue worker) feeds the review queue the same way.
    useFactory: (dataSource: DataSource, review: ResolvedReviewOptions, images: ImageStore) =>
      new DecisionStore(dataSource, { hooks: [createReviewIntakeHook({ options: review, images })] }),
    inject: [MODERATION_DATA_SOURCE, REVIEW_OPTIONS, IMAGE_STORE],
  },
  {
    // Which version of each policy is active and which in shadow (policy tuning).
    provide: ACTIVE_POLICIES,
    useFactory: (engine: ModerationEngine, dataSource: DataSource, options: ModerationModuleOptions) => loadServedPolicies(engine, dataSource, options),
    inject: [MODERATION_ENGINE, MODERATION_DATA_SOURCE, MODERATION_MODULE_OPTIONS],
  },
  {
    provide: HELD_UPLOAD_STORE,
    useFactory: (images: ImageStore) => heldUploadStoreOf(images),
    inject: [IMAGE_STORE],
  },
  ModerationService,
  ModerationLifecycle,
  ModerateUploadInterceptor,
];

const exported = [
  ModerationService,
  ModerateUploadInterceptor,
  MODERATION_ENGINE,
  DECISION_STORE,
  MODERATION_DATA_SOURCE,
  MODERATION_MODULE_OPTIONS,
  HELD_UPLOAD_STORE,
  IMAGE_STORE,
  IMAGE_STORAGE_SETTINGS,
  REVIEW_OPTIONS,
  ACTIVE_POLICIES,
];

/**
 * CLIP image moderation for a NestJS app: owns the model sessions and the decision log, and
 * provides {@link ModerationService} and the {@link ModerateUpload} hook.
 *
 * @example
 * ModerationModule.forRoot({ model: 'Xenova/clip-vit-base-patch32', policies: 'policies', isGlobal: true })
 * ModerationModule.forRootAsync({ imports: [ConfigModule], inject: [ConfigService], useFactory: (config) => ({ ... }) })
 */
@Module({})
export class ModerationModule extends ConfigurableModerationModule {
  /** Configures the module with options known up front. */
  static forRoot(options: typeof MODERATION_OPTIONS_TYPE): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  /** Configures the module from a factory (config services, secrets). */
  static forRootAsync(options: typeof MODERATION_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), ...exported],
  };
}
