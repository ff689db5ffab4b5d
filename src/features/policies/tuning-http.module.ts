import { Module } from '@nestjs/common';
import { PolicyVersionsHttpModule } from './policy-versions-http.module';
import { EvaluationStore } from './tuning/evaluation.repository';
import { EvaluationsController } from './http/evaluations.controller';
import { EvaluationsService } from './tuning/evaluations.service';
import { ReplaysController } from './http/replays.controller';
import { ReplaysService } from './tuning/replays.service';
import { ThresholdSuggestionsController } from './http/threshold-suggestions.controller';
import { ThresholdSuggestionsService } from './tuning/threshold-suggestions.service';
import { EVALUATION_STORE } from './tuning-http.tokens';
import { ModerationDatabase } from '../../database/moderation-database';

/** The tuning API (`/v1/tuning/...`): evaluations on reviewed traffic, threshold suggestions, replays. */
@Module({
  imports: [PolicyVersionsHttpModule],
  controllers: [EvaluationsController, ThresholdSuggestionsController, ReplaysController],
  providers: [
    { provide: EVALUATION_STORE, useFactory: (database: ModerationDatabase) => new EvaluationStore(database.dataSource), inject: [ModerationDatabase] },
    EvaluationsService,
    ThresholdSuggestionsService,
    ReplaysService,
  ],
})
export class TuningHttpModule {}
