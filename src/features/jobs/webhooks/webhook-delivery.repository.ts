import { ModerationDatabase } from '../../../database/moderation-database';
import { randomUUID } from 'node:crypto';
import { WebhookAttemptOutcome, WebhookDeliveryEntity } from '../../../database/entities/webhook-delivery.entity';

/** One logged delivery attempt, as the admin API returns it. */
export interface WebhookDeliveryAttempt {
  readonly id: string;
  readonly deliveryId: string;
  readonly jobId: string;
  readonly decisionId: string;
  /** The `x-request-id` of the API request that queued the job; null for jobs queued before it was recorded. */
  readonly requestId: string | null;
  readonly event: string;
  readonly url: string;
  readonly attempt: number;
  readonly outcome: WebhookAttemptOutcome;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  /** ISO-8601 UTC. */
  readonly attemptedAt: string;
}

/** What {@link WebhookDeliveryRepository.record} stores (the id is generated). */
export type NewWebhookDeliveryAttempt = Omit<WebhookDeliveryAttempt, 'id' | 'attemptedAt'> & { readonly attemptedAt: Date };

/** Most attempts listed for one job; a job has a few deliveries of at most a few dozen attempts. */
const MAX_LISTED = 500;

/**
 * The webhook delivery log (`moderation_webhook_deliveries`): one row per attempt, written by the
 * worker that made it. Errors: ModerationError DatabaseUnavailable when the database cannot be reached.
 */
export class WebhookDeliveryRepository {

  constructor(private readonly database: ModerationDatabase) {}

  /** Logs one attempt. */
  async record(attempt: NewWebhookDeliveryAttempt): Promise<WebhookDeliveryAttempt> {
    const row: WebhookDeliveryEntity = { id: randomUUID(), ...attempt };
    await this.database.run('recordWebhookAttempt', () =>
      this.database.dataSource.createQueryBuilder().insert().into(WebhookDeliveryEntity).values(row).updateEntity(false).execute(),
    );
    return toAttempt(row);
  }

  /** Every attempt for a moderation job's webhooks, oldest first. */
  async listByJob(jobId: string): Promise<WebhookDeliveryAttempt[]> {
    const rows = await this.database.run('listWebhookAttempts', () =>
      this.database.dataSource.getRepository(WebhookDeliveryEntity).find({ where: { jobId }, order: { attemptedAt: 'ASC', attempt: 'ASC' }, take: MAX_LISTED }),
    );
    return rows.map(toAttempt);
  }

}

function toAttempt(row: WebhookDeliveryEntity): WebhookDeliveryAttempt {
  return { ...row, attemptedAt: row.attemptedAt.toISOString() };
}
