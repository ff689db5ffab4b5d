import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The human review queue (issue 5): review items with leases, reviewers' labels, per-queue
 * settings, API keys (hashed), the append-only audit trail and the stored-image ledger; and on
 * decisions, the submitting key and the final outcome a reviewer decided.
 *
 * As in the first migration, the SQL is what TypeORM derives from the entities on each driver
 * (the drift test checks it), except that SQLite gets plain ADD COLUMNs on the decisions table
 * rather than TypeORM's copy-the-whole-table rebuild, which would rewrite every stored decision.
 *
 * The audit table also gets triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL):
 * the application never changes an event, and the database makes sure nothing else does either.
 */

const APPEND_ONLY_MESSAGE = 'moderation_audit_events is append-only';

const SQLITE_UP: readonly string[] = [
  `ALTER TABLE "moderation_decisions" ADD COLUMN "api_key_id" varchar`,
  `ALTER TABLE "moderation_decisions" ADD COLUMN "review_outcome" varchar(16)`,
  `ALTER TABLE "moderation_decisions" ADD COLUMN "reviewed_at" varchar(24)`,
  `ALTER TABLE "moderation_decisions" ADD COLUMN "reviewed_by" varchar`,
  `CREATE INDEX "idx_moderation_decisions_api_key_id" ON "moderation_decisions" ("api_key_id")`,
  `CREATE TABLE "moderation_review_items" ("id" varchar PRIMARY KEY NOT NULL, "decision_id" varchar NOT NULL, "queue" varchar(160) NOT NULL, "kind" varchar(16) NOT NULL, "status" varchar(16) NOT NULL, "priority" double precision NOT NULL, "rank" double precision NOT NULL, "created_at" varchar(24) NOT NULL, "revision" integer NOT NULL, "claimed_by" varchar, "claimed_at" varchar(24), "lease_expires_at" varchar(24), "excluded_reviewers" text NOT NULL, "parent_item_id" varchar, "reason" text, "opened_by" varchar, "verdict" varchar(16), "note" text, "decided_by" varchar, "decided_at" varchar(24), CONSTRAINT "fk_moderation_review_items_decision" FOREIGN KEY ("decision_id") REFERENCES "moderation_decisions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
  `CREATE INDEX "idx_moderation_review_items_decision_id" ON "moderation_review_items" ("decision_id")`,
  `CREATE INDEX "idx_moderation_review_items_queue_status" ON "moderation_review_items" ("queue", "status")`,
  `CREATE TABLE "moderation_review_labels" ("id" varchar PRIMARY KEY NOT NULL, "decision_id" varchar NOT NULL, "review_item_id" varchar NOT NULL, "category_id" varchar(64) NOT NULL, "label" varchar(16) NOT NULL, "reviewer_id" varchar NOT NULL, "created_at" varchar(24) NOT NULL, CONSTRAINT "fk_moderation_review_labels_decision" FOREIGN KEY ("decision_id") REFERENCES "moderation_decisions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "fk_moderation_review_labels_item" FOREIGN KEY ("review_item_id") REFERENCES "moderation_review_items" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
  `CREATE INDEX "idx_moderation_review_labels_category_label" ON "moderation_review_labels" ("category_id", "label")`,
  `CREATE INDEX "idx_moderation_review_labels_decision_id" ON "moderation_review_labels" ("decision_id")`,
  `CREATE TABLE "moderation_review_queues" ("name" varchar(160) PRIMARY KEY NOT NULL, "serve_order" varchar(16) NOT NULL, "updated_at" varchar(24) NOT NULL, "updated_by" varchar)`,
  `CREATE TABLE "moderation_api_keys" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(255) NOT NULL, "role" varchar(16) NOT NULL, "key_hash" varchar(64) NOT NULL, "key_prefix" varchar(16) NOT NULL, "created_at" varchar(24) NOT NULL, "created_by" varchar, "revoked_at" varchar(24), "revoked_by" varchar)`,
  `CREATE UNIQUE INDEX "uq_moderation_api_keys_key_hash" ON "moderation_api_keys" ("key_hash")`,
  `CREATE TABLE "moderation_audit_events" ("id" varchar PRIMARY KEY NOT NULL, "created_at" varchar(24) NOT NULL, "actor_id" varchar, "actor_name" varchar(255) NOT NULL, "actor_role" varchar(16), "action" varchar(64) NOT NULL, "subject_type" varchar(32) NOT NULL, "subject_id" varchar(160) NOT NULL, "before_state" text, "after_state" text, "request_id" varchar(100))`,
  `CREATE INDEX "idx_moderation_audit_events_subject" ON "moderation_audit_events" ("subject_type", "subject_id")`,
  `CREATE INDEX "idx_moderation_audit_events_created_at_id" ON "moderation_audit_events" ("created_at", "id")`,
  `CREATE TRIGGER "trg_moderation_audit_events_no_update" BEFORE UPDATE ON "moderation_audit_events" BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`,
  `CREATE TRIGGER "trg_moderation_audit_events_no_delete" BEFORE DELETE ON "moderation_audit_events" BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`,
  `CREATE TABLE "moderation_images" ("sha256" varchar(64) PRIMARY KEY NOT NULL, "format" varchar(16) NOT NULL, "byte_length" integer NOT NULL, "stored_at" varchar(24) NOT NULL, "last_used_at" varchar(24) NOT NULL, "purged_at" varchar(24))`,
  `CREATE INDEX "idx_moderation_images_last_used_at" ON "moderation_images" ("last_used_at")`,
];

const POSTGRES_UP: readonly string[] = [
  `ALTER TABLE "moderation_decisions" ADD "api_key_id" uuid`,
  `ALTER TABLE "moderation_decisions" ADD "review_outcome" character varying(16)`,
  `ALTER TABLE "moderation_decisions" ADD "reviewed_at" character varying(24)`,
  `ALTER TABLE "moderation_decisions" ADD "reviewed_by" uuid`,
  `CREATE INDEX "idx_moderation_decisions_api_key_id" ON "moderation_decisions" ("api_key_id")`,
  `CREATE TABLE "moderation_review_items" ("id" uuid NOT NULL, "decision_id" uuid NOT NULL, "queue" character varying(160) NOT NULL, "kind" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "priority" double precision NOT NULL, "rank" double precision NOT NULL, "created_at" character varying(24) NOT NULL, "revision" integer NOT NULL, "claimed_by" uuid, "claimed_at" character varying(24), "lease_expires_at" character varying(24), "excluded_reviewers" text NOT NULL, "parent_item_id" uuid, "reason" text, "opened_by" uuid, "verdict" character varying(16), "note" text, "decided_by" uuid, "decided_at" character varying(24), CONSTRAINT "pk_moderation_review_items" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_moderation_review_items_decision_id" ON "moderation_review_items" ("decision_id")`,
  `CREATE INDEX "idx_moderation_review_items_queue_status" ON "moderation_review_items" ("queue", "status")`,
  `ALTER TABLE "moderation_review_items" ADD CONSTRAINT "fk_moderation_review_items_decision" FOREIGN KEY ("decision_id") REFERENCES "moderation_decisions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `CREATE TABLE "moderation_review_labels" ("id" uuid NOT NULL, "decision_id" uuid NOT NULL, "review_item_id" uuid NOT NULL, "category_id" character varying(64) NOT NULL, "label" character varying(16) NOT NULL, "reviewer_id" uuid NOT NULL, "created_at" character varying(24) NOT NULL, CONSTRAINT "pk_moderation_review_labels" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_moderation_review_labels_category_label" ON "moderation_review_labels" ("category_id", "label")`,
  `CREATE INDEX "idx_moderation_review_labels_decision_id" ON "moderation_review_labels" ("decision_id")`,
  `ALTER TABLE "moderation_review_labels" ADD CONSTRAINT "fk_moderation_review_labels_decision" FOREIGN KEY ("decision_id") REFERENCES "moderation_decisions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "moderation_review_labels" ADD CONSTRAINT "fk_moderation_review_labels_item" FOREIGN KEY ("review_item_id") REFERENCES "moderation_review_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `CREATE TABLE "moderation_review_queues" ("name" character varying(160) NOT NULL, "serve_order" character varying(16) NOT NULL, "updated_at" character varying(24) NOT NULL, "updated_by" uuid, CONSTRAINT "pk_moderation_review_queues" PRIMARY KEY ("name"))`,
  `CREATE TABLE "moderation_api_keys" ("id" uuid NOT NULL, "name" character varying(255) NOT NULL, "role" character varying(16) NOT NULL, "key_hash" character varying(64) NOT NULL, "key_prefix" character varying(16) NOT NULL, "created_at" character varying(24) NOT NULL, "created_by" uuid, "revoked_at" character varying(24), "revoked_by" uuid, CONSTRAINT "pk_moderation_api_keys" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "uq_moderation_api_keys_key_hash" ON "moderation_api_keys" ("key_hash")`,
  `CREATE TABLE "moderation_audit_events" ("id" uuid NOT NULL, "created_at" character varying(24) NOT NULL, "actor_id" uuid, "actor_name" character varying(255) NOT NULL, "actor_role" character varying(16), "action" character varying(64) NOT NULL, "subject_type" character varying(32) NOT NULL, "subject_id" character varying(160) NOT NULL, "before_state" text, "after_state" text, "request_id" character varying(100), CONSTRAINT "pk_moderation_audit_events" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_moderation_audit_events_subject" ON "moderation_audit_events" ("subject_type", "subject_id")`,
  `CREATE INDEX "idx_moderation_audit_events_created_at_id" ON "moderation_audit_events" ("created_at", "id")`,
  `CREATE FUNCTION "moderation_audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${APPEND_ONLY_MESSAGE}'; END $$`,
  `CREATE TRIGGER "trg_moderation_audit_events_append_only" BEFORE UPDATE OR DELETE ON "moderation_audit_events" FOR EACH ROW EXECUTE FUNCTION "moderation_audit_events_append_only"()`,
  `CREATE TRIGGER "trg_moderation_audit_events_no_truncate" BEFORE TRUNCATE ON "moderation_audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "moderation_audit_events_append_only"()`,
  `CREATE TABLE "moderation_images" ("sha256" character varying(64) NOT NULL, "format" character varying(16) NOT NULL, "byte_length" integer NOT NULL, "stored_at" character varying(24) NOT NULL, "last_used_at" character varying(24) NOT NULL, "purged_at" character varying(24), CONSTRAINT "pk_moderation_images" PRIMARY KEY ("sha256"))`,
  `CREATE INDEX "idx_moderation_images_last_used_at" ON "moderation_images" ("last_used_at")`,
];

// Dropping a table drops its indexes, foreign keys and triggers on both databases; children first.
const DOWN_TABLES: readonly string[] = [
  `DROP TABLE "moderation_images"`,
  `DROP TABLE "moderation_audit_events"`,
  `DROP TABLE "moderation_api_keys"`,
  `DROP TABLE "moderation_review_queues"`,
  `DROP TABLE "moderation_review_labels"`,
  `DROP TABLE "moderation_review_items"`,
  `DROP INDEX "idx_moderation_decisions_api_key_id"`,
  `ALTER TABLE "moderation_decisions" DROP COLUMN "reviewed_by"`,
  `ALTER TABLE "moderation_decisions" DROP COLUMN "reviewed_at"`,
  `ALTER TABLE "moderation_decisions" DROP COLUMN "review_outcome"`,
  `ALTER TABLE "moderation_decisions" DROP COLUMN "api_key_id"`,
];

const POSTGRES_DOWN_EXTRA: readonly string[] = [`DROP FUNCTION "moderation_audit_events_append_only"()`];

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Creates the review queue, labels, queue settings, API keys, audit trail and image ledger. */
export class CreateReviewQueue1795719000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'CreateReviewQueue1795719000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = dialectOf(queryRunner) === 'postgres' ? POSTGRES_UP : SQLITE_UP;
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = dialectOf(queryRunner) === 'postgres' ? [...DOWN_TABLES, ...POSTGRES_DOWN_EXTRA] : DOWN_TABLES;
    for (const sql of statements) await queryRunner.query(sql);
  }
}

/** Which SQL to use; any other database is refused before a statement runs. */
function dialectOf(queryRunner: QueryRunner): 'postgres' | 'sqlite' {
  const type = queryRunner.connection.options.type;
  if (type === 'postgres') return 'postgres';
  if (SQLITE_TYPES.has(type)) return 'sqlite';
  throw new Error(`The decision log supports SQLite and PostgreSQL, not ${type}.`);
}
