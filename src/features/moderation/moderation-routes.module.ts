import { Module } from '@nestjs/common';
import { DecisionsController } from './http/decisions.controller';
import { HealthController } from './http/health.controller';
import { ModerationsController } from './http/moderations.controller';
import { PoliciesController } from './http/policies.controller';

/** The moderation routes: `/v1/moderations`, `/v1/decisions`, `/v1/policies` and `/health`. */
@Module({ controllers: [ModerationsController, DecisionsController, PoliciesController, HealthController] })
export class ModerationRoutesModule {}
