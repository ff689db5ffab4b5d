import { DynamicModule } from '@nestjs/common';
import { ModerationQueueOptions } from './moderation-queue-options';
import { ModerationQueueModule } from './moderation-queue.module';
import { QueueEnvironment } from './queue-environment';
import { queueOptionsFromEnvironment } from './queue-options-from-environment';

/** The queue module for an app's module tree, or nothing when `REDIS_URL` is unset. */
export function queueModulesForEnvironment(env: QueueEnvironment, overrides: Partial<ModerationQueueOptions> = {}): DynamicModule[] {
  const options = queueOptionsFromEnvironment(env, overrides);
  return options ? [ModerationQueueModule.forRoot(options)] : [];
}
