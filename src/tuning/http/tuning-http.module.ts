import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MODERATION_DATA_SOURCE } from '../../module/moderation.tokens';
import { PolicyVersionsHttpModule } from '../../policy-versions/http/policy-versions-http.module';
import { EvaluationStore } from '../store/evaluation-store';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { ReplaysController } from './replays.controller';
import { ReplaysService } from './replays.service';
import { ThresholdSuggestionsController } from './threshold-suggestions.controller';
import { ThresholdSuggestionsService } from './threshold-suggestions.service';
import { EVALUATION_STORE } from './tuning-http.tokens';

/** The tuning API (`/v1/tuning/...`): evaluations on reviewed traffic, threshold suggestions, replays. */
@Module({
  imports: [PolicyVersionsHttpModule],
  controllers: [EvaluationsController, ThresholdSuggestionsController, ReplaysController],
  providers: [
    { provide: EVALUATION_STORE, useFactory: (dataSource: DataSource) => new EvaluationStore(dataSource), inject: [MODERATION_DATA_SOURCE] },
    EvaluationsService,
    ThresholdSuggestionsService,
    ReplaysService,
  ],
})
export class TuningHttpModule {}
