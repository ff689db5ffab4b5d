import { Module } from '@nestjs/common';
import { DecisionsController } from './controllers/decisions.controller';
import { HealthController } from './controllers/health.controller';
import { ModerationsController } from './controllers/moderations.controller';
import { PoliciesController } from './controllers/policies.controller';

/**
 * The HTTP API (`/v1/moderations`, `/v1/decisions`, `/v1/policies`, `/health`). Needs
 * {@link ModerationModule} registered globally; use {@link configureHttpApp} for the global
 * pipe, error filter, versioning and OpenAPI.
 */
@Module({ controllers: [ModerationsController, DecisionsController, PoliciesController, HealthController] })
export class ModerationHttpModule {}
