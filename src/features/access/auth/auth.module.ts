import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRepository } from './api-key.repository';
import { AuthController } from '../http/auth.controller';
import { KeysController } from '../http/keys.controller';
import { repositoryProvider } from '../../../core/repository-provider';
import { RateLimitModule } from '../rate-limit/rate-limit.module';

/**
 * API keys and the global guard. Imported by ModerationHttpModule, so every app serving the API
 * checks roles on every route, then the key's rate limit (needs ModerationModule registered globally).
 */
@Module({
  imports: [RateLimitModule],
  controllers: [KeysController, AuthController],
  providers: [
    repositoryProvider(ApiKeyRepository),
    ApiKeyGuard,
    AccessGuard,
    { provide: APP_GUARD, useExisting: AccessGuard },
  ],
  exports: [ApiKeyRepository, ApiKeyGuard],
})
export class AuthModule {}
