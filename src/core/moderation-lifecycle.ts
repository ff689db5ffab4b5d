import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../engine/moderation-engine';
import { ActivePolicies } from '../features/policies/versions/active-policies';
import { ACTIVE_POLICIES } from '../features/policies/versions/policy-versions.tokens';
import { ModerationService } from './moderation.service';
import { MODERATION_DATA_SOURCE, MODERATION_ENGINE } from './moderation.tokens';

/**
 * Shuts the module down in order: moderations under way finish and store their decisions, then
 * the engine drains its batches and frees the model sessions, then the database closes.
 */
@Injectable()
export class ModerationLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Moderation');

  constructor(
    private readonly service: ModerationService,
    @Inject(MODERATION_ENGINE) private readonly engine: ModerationEngine,
    @Inject(MODERATION_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ACTIVE_POLICIES) private readonly policies: ActivePolicies,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    // No more policy refreshes: the database is about to close.
    this.policies.stop();
    await this.service.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.log('model sessions and database closed');
  }
}
