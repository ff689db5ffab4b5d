import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyStore } from './api-key-store';
import { AuthController } from '../http/auth.controller';
import { API_KEY_STORE } from './auth.tokens';
import { KeysController } from '../http/keys.controller';
import { ModerationDatabase } from '../../../database/moderation-database';

/**
 * API keys and the global guard. Imported by ModerationHttpModule, so every app serving the API
 * checks roles on every route (needs ModerationModule registered globally).
 */
@Module({
  controllers: [KeysController, AuthController],
  providers: [
    { provide: API_KEY_STORE, useFactory: (database: ModerationDatabase) => new ApiKeyStore(database.dataSource), inject: [ModerationDatabase] },
    ApiKeyGuard,
    { provide: APP_GUARD, useExisting: ApiKeyGuard },
  ],
  exports: [API_KEY_STORE, ApiKeyGuard],
})
export class AuthModule {}
