import { Module } from '@nestjs/common';
import { AuditModule, AuthModule } from '../features/access';
import { BanksHttpModule } from '../features/banks';
import { JobsHttpModule } from '../features/jobs';
import { ModerationRoutesModule } from '../features/moderation';
import { PolicyVersionsHttpModule, TuningHttpModule } from '../features/policies';
import { ConsoleModule, ReviewModule } from '../features/review';
import { SearchHttpModule } from '../features/search';

/**
 * The HTTP API: the moderation routes, jobs, review and its console, API keys and the audit
 * trail, policy versions and tuning, hash banks, search of past traffic. Needs {@link ModerationModule}; use {@link configureHttpApp}
 * for the global pipe, error filter, versioning and OpenAPI.
 */
@Module({
  imports: [AuthModule, AuditModule, ModerationRoutesModule, JobsHttpModule, ReviewModule, ConsoleModule, PolicyVersionsHttpModule, TuningHttpModule, BanksHttpModule, SearchHttpModule],
})
export class ModerationHttpModule {}
