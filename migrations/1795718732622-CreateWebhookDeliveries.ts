import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The webhook delivery log: one row per attempt to POST a decision to a callback URL. The SQL is
 * exactly what TypeORM derives from src/webhooks/webhook-delivery.entity.ts on each driver (the
 * drift test in test/persistence/migrations.spec.ts checks it), written out so that a later change
 * to the entity cannot change what this migration does. `attempted_at` is 24-character ISO UTC
 * text, like every time in the decision log (see src/persistence/utc-text.ts).
 */

const SQLITE_UP: readonly string[] = [
  `CREATE TABLE "moderation_webhook_deliveries" ("id" varchar PRIMARY KEY NOT NULL, "delivery_id" varchar(128) NOT NULL, "job_id" varchar(64) NOT NULL, "decision_id" varchar NOT NULL, "event" varchar(64) NOT NULL, "url" text NOT NULL, "attempt" integer NOT NULL, "outcome" varchar(16) NOT NULL, "status_code" integer, "error" text, "duration_ms" double precision NOT NULL, "attempted_at" varchar(24) NOT NULL)`,
  `CREATE INDEX "idx_moderation_webhook_deliveries_job_id" ON "moderation_webhook_deliveries" ("job_id", "attempted_at")`,
];

const POSTGRES_UP: readonly string[] = [
  `CREATE TABLE "moderation_webhook_deliveries" ("id" uuid NOT NULL, "delivery_id" character varying(128) NOT NULL, "job_id" character varying(64) NOT NULL, "decision_id" uuid NOT NULL, "event" character varying(64) NOT NULL, "url" text NOT NULL, "attempt" integer NOT NULL, "outcome" character varying(16) NOT NULL, "status_code" integer, "error" text, "duration_ms" double precision NOT NULL, "attempted_at" character varying(24) NOT NULL, CONSTRAINT "pk_moderation_webhook_deliveries" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_moderation_webhook_deliveries_job_id" ON "moderation_webhook_deliveries" ("job_id", "attempted_at")`,
];

// Dropping the table drops its index on both databases.
const DOWN: readonly string[] = [`DROP TABLE "moderation_webhook_deliveries"`];

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Creates `moderation_webhook_deliveries`, the log of webhook delivery attempts. */
export class CreateWebhookDeliveries1795718732622 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'CreateWebhookDeliveries1795718732622';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = dialectOf(queryRunner) === 'postgres' ? POSTGRES_UP : SQLITE_UP;
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    dialectOf(queryRunner);
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}

/** Which SQL to use; any other database is refused before a statement runs. */
function dialectOf(queryRunner: QueryRunner): 'postgres' | 'sqlite' {
  const type = queryRunner.connection.options.type;
  if (type === 'postgres') return 'postgres';
  if (SQLITE_TYPES.has(type)) return 'sqlite';
  throw new Error(`The webhook delivery log supports SQLite and PostgreSQL, not ${type}.`);
}
