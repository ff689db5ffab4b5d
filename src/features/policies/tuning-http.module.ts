import { Module } from '@nestjs/common';
import { PolicyVersionsHttpModule } from './policy-versions-http.module';
import { EvaluationRepository } from './tuning/evaluation.repository';
import { StoredDecisionRepository } from './tuning/stored-decision.repository';
import { EvaluationsController } from './http/evaluations.controller';
import { EvaluationsService } from './tuning/evaluations.service';
import { ReplaysController } from './http/replays.controller';
import { ReplaysService } from './tuning/replays.service';
import { ThresholdSuggestionsController } from './http/threshold-suggestions.controller';
import { ThresholdSuggestionsService } from './tuning/threshold-suggestions.service';
import { repositoryProvider } from '../../core/repository-provider';

/** The tuning API (`/v1/tuning/...`): evaluations on reviewed traffic, threshold suggestions, replays. */
@Module({
  imports: [PolicyVersionsHttpModule],
  controllers: [EvaluationsController, ThresholdSuggestionsController, ReplaysController],
  providers: [
    repositoryProvider(EvaluationRepository),
    repositoryProvider(StoredDecisionRepository),
    EvaluationsService,
    ThresholdSuggestionsService,
    ReplaysService,
  ],
})
export class TuningHttpModule {}
