import { DynamicModule, Module } from '@nestjs/common';
import { ModerationHttpModule } from './moderation-http.module';
import { ModerationModule } from './moderation.module';
import { queueModulesForEnvironment } from './queue-modules-for-environment';
import { moduleOptionsFromEnvironment } from './module-options-from-environment';
import { Environment } from '../config/environment';

/** The standalone server: the moderation module, configured from the environment, plus the HTTP API (and the queue with Redis). */
@Module({})
export class AppModule {
  /** The server's module tree for a validated environment. */
  static forEnvironment(env: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ModerationModule.forRootAsync({ isGlobal: true, useFactory: () => moduleOptionsFromEnvironment(env) }),
        ModerationHttpModule,
        // Asynchronous moderation, when REDIS_URL is set.
        ...queueModulesForEnvironment(env),
      ],
    };
  }
}
