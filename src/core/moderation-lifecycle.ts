import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ModerationDatabase } from '../database/moderation-database';
import { ModerationEngine } from '../engine/moderation-engine';
import { ModerationService } from './moderation.service';

/**
 * Shuts the core down in order: moderations under way finish and store their decisions, then the
 * engine drains its batches and frees the model sessions, then the database closes. (Features
 * stop their own background work in `beforeApplicationShutdown`, before the database closes.)
 */
@Injectable()
export class ModerationLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Moderation');

  constructor(
    private readonly service: ModerationService,
    private readonly engine: ModerationEngine,
    private readonly database: ModerationDatabase,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.service.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
    await this.database.close();
    this.logger.log('model sessions and database closed');
  }
}
