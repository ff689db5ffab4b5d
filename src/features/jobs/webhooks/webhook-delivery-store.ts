import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { withDatabaseErrors } from '../../../shared/database/database-errors';
import { runExclusive } from '../../../shared/database/exclusive';
import { WebhookAttemptOutcome, WebhookDeliveryEntity } from '../../../database/entities/webhook-delivery.entity';

/** One logged delivery attempt, as the admin API returns it. */
export interface WebhookDeliveryAttempt {
  readonly id: string;
  readonly deliveryId: string;
  readonly jobId: string;
  readonly decisionId: string;
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

/** What {@link WebhookDeliveryStore.record} stores (the id is generated). */
export type NewWebhookDeliveryAttempt = Omit<WebhookDeliveryAttempt, 'id' | 'attemptedAt'> & { readonly attemptedAt: Date };

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Most attempts listed for one job; a job has a few deliveries of at most a few dozen attempts. */
const MAX_LISTED = 500;

/**
 * The webhook delivery log (`moderation_webhook_deliveries`): one row per attempt, written by the
 * worker that made it. Errors: ModerationError DatabaseUnavailable when the database cannot be reached.
 */
export class WebhookDeliveryStore {
  private readonly sqlite: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.sqlite = SQLITE_TYPES.has(dataSource.options.type);
  }

  /** Logs one attempt. */
  async record(attempt: NewWebhookDeliveryAttempt): Promise<WebhookDeliveryAttempt> {
    const row: WebhookDeliveryEntity = { id: randomUUID(), ...attempt };
    await this.run('recordWebhookAttempt', () =>
      this.dataSource.createQueryBuilder().insert().into(WebhookDeliveryEntity).values(row).updateEntity(false).execute(),
    );
    return toAttempt(row);
  }

  /** Every attempt for a moderation job's webhooks, oldest first. */
  async listByJob(jobId: string): Promise<WebhookDeliveryAttempt[]> {
    const rows = await this.run('listWebhookAttempts', () =>
      this.dataSource.getRepository(WebhookDeliveryEntity).find({ where: { jobId }, order: { attemptedAt: 'ASC', attempt: 'ASC' }, take: MAX_LISTED }),
    );
    return rows.map(toAttempt);
  }

  private run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    // On SQLite the single connection is shared with the decision store; queue behind its
    // transactions (see runExclusive) rather than interleave with them.
    return withDatabaseErrors(operation, () => (this.sqlite ? runExclusive(this.dataSource, work) : work()));
  }
}

function toAttempt(row: WebhookDeliveryEntity): WebhookDeliveryAttempt {
  return { ...row, attemptedAt: row.attemptedAt.toISOString() };
}
