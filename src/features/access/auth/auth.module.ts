import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRepository } from './api-key.repository';
import { AuthController } from '../http/auth.controller';
import { KeysController } from '../http/keys.controller';
import { repositoryProvider } from '../../../core/repository-provider';

/**
 * API keys and the global guard. Imported by ModerationHttpModule, so every app serving the API
 * checks roles on every route (needs ModerationModule registered globally).
 */
@Module({
  controllers: [KeysController, AuthController],
  providers: [
    repositoryProvider(ApiKeyRepository),
    ApiKeyGuard,
    { provide: APP_GUARD, useExisting: ApiKeyGuard },
  ],
  exports: [ApiKeyRepository, ApiKeyGuard],
})
export class AuthModule {}
