import { DynamicModule, Module, Provider } from '@nestjs/common';
import { openModerationDatabase } from '../database/open-database';
import { ModerationDatabase } from '../database/moderation-database';
import { ModerationEngine } from '../engine/moderation-engine';
import { CoreOptions } from './core-options';
import { CORE_ASYNC_OPTIONS_TYPE, CORE_OPTIONS_TYPE, ConfigurableCoreModule, MODERATION_MODULE_OPTIONS } from './core.module-definition';
import { DecisionHooks } from './decisions/decision-hooks';
import { DecisionRepository } from './decisions/decision.repository';
import { CoreMetrics } from './metrics/core-metrics';
import { MetricsRegistry } from './metrics/metrics-registry';
import { ModerationLifecycle } from './moderation-lifecycle';
import { ModerationService } from './moderation.service';
import { startEngine } from './start-engine';
import { ModerateUploadInterceptor } from './upload/moderate-upload.interceptor';

const providers: Provider[] = [
  // Lints the policies on load, so warnings reach the log of every server and worker.
  { provide: ModerationEngine, useFactory: (options: CoreOptions) => startEngine(options), inject: [MODERATION_MODULE_OPTIONS] },
  { provide: ModerationDatabase, useFactory: (options: CoreOptions) => openModerationDatabase(options.database ?? {}), inject: [MODERATION_MODULE_OPTIONS] },
  DecisionHooks,
  { provide: DecisionRepository, useFactory: (database: ModerationDatabase, hooks: DecisionHooks) => new DecisionRepository(database, hooks), inject: [ModerationDatabase, DecisionHooks] },
  ModerationService,
  ModerationLifecycle,
  ModerateUploadInterceptor,
  // One registry per app, so two apps in one process (tests, a host with two modules) never share families.
  { provide: MetricsRegistry, useFactory: () => new MetricsRegistry() },
  CoreMetrics,
];

const exported = [ModerationEngine, ModerationDatabase, DecisionHooks, DecisionRepository, ModerationService, ModerateUploadInterceptor, MetricsRegistry, MODERATION_MODULE_OPTIONS];

/**
 * The core, global to the whole app (like TypeORM's core module under `TypeOrmModule`): the model
 * sessions, the decision log and {@link ModerationService}, and the interfaces features plug into
 * (served policies, job submission, held uploads, decision hooks). The public ModerationModule
 * composes it with the features an embedding app needs.
 */
@Module({})
export class CoreModule extends ConfigurableCoreModule {
  static forRoot(options: typeof CORE_OPTIONS_TYPE): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  static forRootAsync(options: typeof CORE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    global: true,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), ...exported],
  };
}
