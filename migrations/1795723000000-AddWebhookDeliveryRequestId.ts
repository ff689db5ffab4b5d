import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The request id of each webhook attempt: the `x-request-id` of the API request that queued the
 * job, so a delivery can be traced back to the request and to the worker's log lines. Rows written
 * before keep NULL. The SQL is the same on SQLite and PostgreSQL (SQLite drops columns since 3.35).
 */

const UP: readonly string[] = [`ALTER TABLE "moderation_webhook_deliveries" ADD COLUMN "request_id" varchar(100)`];

const DOWN: readonly string[] = [`ALTER TABLE "moderation_webhook_deliveries" DROP COLUMN "request_id"`];

/** Adds `moderation_webhook_deliveries.request_id`. */
export class AddWebhookDeliveryRequestId1795723000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'AddWebhookDeliveryRequestId1795723000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
