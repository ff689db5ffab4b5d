import { ApiProperty } from '@nestjs/swagger';
import { MODERATION_ACTIONS, ModerationAction } from '../../../engine/policy/moderation-action';
import { JobFailureCode, MODERATION_JOB_STATES, ModerationJobState } from '../../../core/jobs/moderation-job';

/** Why a job (or its last attempt) failed. */
export class JobFailureResponse {
  @ApiProperty({ type: String, example: 'IMAGE_CORRUPT', description: 'A stable error code (the same vocabulary as error responses), or JOB_STALLED / INTERNAL_ERROR.' })
  code!: JobFailureCode;
  @ApiProperty() message!: string;
}

/** An asynchronous moderation job. */
export class JobResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MODERATION_JOB_STATES, enumName: 'JobState', description: 'queued (also while waiting to retry), active, done or failed.' })
  state!: ModerationJobState;
  @ApiProperty({ example: 'default' }) policy!: string;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ description: 'Attempts started so far.' }) attemptsMade!: number;
  @ApiProperty({ description: 'Attempts allowed for transient failures; permanent failures stop at the first.' }) maxAttempts!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The decision, once done: GET /v1/decisions/{decisionId}.' })
  decisionId!: string | null;
  @ApiProperty({ enum: MODERATION_ACTIONS, enumName: 'ModerationAction', nullable: true }) action!: ModerationAction | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'True when an earlier decision for the same content and policy version was returned.' })
  reused!: boolean | null;
  @ApiProperty({ type: JobFailureResponse, nullable: true, description: 'Set when failed, and while queued for a retry after a failed attempt.' })
  error!: JobFailureResponse | null;
}
