import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_ATTEMPT_OUTCOMES, WebhookAttemptOutcome } from '../../../database/entities/webhook-delivery.entity';

/** One logged webhook attempt. */
export class WebhookDeliveryAttemptResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The same for every attempt of a delivery; sent as X-Moderation-Delivery.' }) deliveryId!: string;
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The x-request-id of the API request that queued the job (also on the worker\'s log lines, and sent as X-Moderation-Request-Id); null for jobs queued before it was recorded.',
  })
  requestId!: string | null;
  @ApiProperty({ example: 'decision.created' }) event!: string;
  @ApiProperty() url!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: WEBHOOK_ATTEMPT_OUTCOMES, enumName: 'WebhookAttemptOutcome' }) outcome!: WebhookAttemptOutcome;
  @ApiProperty({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
}

/** Every attempt for a job, oldest first. */
export class WebhookDeliveryListResponse {
  @ApiProperty({ type: [WebhookDeliveryAttemptResponse] }) items!: WebhookDeliveryAttemptResponse[];
}
