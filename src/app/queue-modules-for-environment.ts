import { DynamicModule } from '@nestjs/common';
import { ModerationQueueOptions } from '../features/jobs/queue/moderation-queue-options';
import { ModerationQueueModule } from '../features/jobs/queue/moderation-queue.module';
import { Environment } from '../config/environment';
import { queueOptionsFromEnvironment } from '../features/jobs/queue/queue-options-from-environment';

/** The queue module for an app's module tree, or nothing when `REDIS_URL` is unset. */
export function queueModulesForEnvironment(env: Environment, overrides: Partial<ModerationQueueOptions> = {}): DynamicModule[] {
  const options = queueOptionsFromEnvironment(env, overrides);
  return options ? [ModerationQueueModule.forRoot(options)] : [];
}
