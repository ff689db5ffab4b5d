import { ConfigurableModuleAsyncOptions, DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '../core/core.module';
import { ModerationModuleExtras } from '../core/core.module-definition';
import { BankMatchingModule } from '../features/banks';
import { PolicyServingModule } from '../features/policies';
import { ReviewIntakeModule } from '../features/review';
import { ModerationModuleOptions } from './moderation-module-options';

/** `forRootAsync`'s argument: a factory (with its imports and injections) returning the options. */
export type ModerationModuleAsyncOptions = ConfigurableModuleAsyncOptions<ModerationModuleOptions, 'createModerationOptions'> & Partial<ModerationModuleExtras>;

/**
 * CLIP image moderation for a NestJS app: the core (model sessions, decision log,
 * {@link ModerationService} and the {@link ModerateUpload} hook) with what every process that
 * decides needs: the review queue's intake and image store, the policy versions in force, and the
 * hash banks (HashBankMatcher).
 * Add ModerationHttpModule to serve the HTTP API.
 *
 * @example
 * ModerationModule.forRoot({ model: 'Xenova/clip-vit-base-patch32', policies: 'policies', isGlobal: true })
 * ModerationModule.forRootAsync({ imports: [ConfigModule], inject: [ConfigService], useFactory: (config) => ({ ... }) })
 */
@Module({})
export class ModerationModule {
  /** Configures the module with options known up front. */
  static forRoot(options: ModerationModuleOptions & Partial<ModerationModuleExtras>): DynamicModule {
    return compose(CoreModule.forRoot(options));
  }

  /** Configures the module from a factory (config services, secrets). */
  static forRootAsync(options: ModerationModuleAsyncOptions): DynamicModule {
    return compose(CoreModule.forRootAsync(options));
  }
}

function compose(core: DynamicModule): DynamicModule {
  return { module: ModerationModule, global: true, imports: [core, ReviewIntakeModule, PolicyServingModule, BankMatchingModule], exports: [core] };
}
