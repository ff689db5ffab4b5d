import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The SQL below is exactly what TypeORM derives from the entities in src/persistence/entities on
 * each driver (the drift test in test/persistence/migrations.spec.ts checks that the schema diff
 * after this migration is empty). It is written out rather than imported so that changing an
 * entity can never silently change what an old migration does.
 *
 * Times (`created_at`, `first_used_at`) are ISO-8601 UTC text of exactly 24 characters
 * (`2026-01-15T10:20:30.123Z`), not TIMESTAMP/datetime: a PostgreSQL TIMESTAMP WITHOUT TIME ZONE
 * would hold the writing process's local time, and fixed-width UTC text orders correctly by plain
 * string comparison on both databases (see src/persistence/utc-text.ts).
 */

const SQLITE_UP: readonly string[] = [
  `CREATE TABLE "moderation_decisions" ("id" varchar PRIMARY KEY NOT NULL, "created_at" varchar(24) NOT NULL, "subject" varchar(255), "source" varchar(255), "content_sha256" varchar(64) NOT NULL, "content_format" varchar(16) NOT NULL, "content_bytes" integer NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "frame_count" integer NOT NULL, "frames_scored" integer NOT NULL, "policy_id" varchar(64) NOT NULL, "policy_version" varchar(64) NOT NULL, "model_id" varchar(255) NOT NULL, "model_hash" varchar(128) NOT NULL, "action" varchar(16) NOT NULL, "shadow_action" varchar(16) NOT NULL, "mode" varchar(16) NOT NULL, "held" boolean NOT NULL, "triggered" text NOT NULL, "latency_ms" double precision NOT NULL, "timings" text NOT NULL, "embedding" text NOT NULL, "frame_embeddings" text)`,
  `CREATE INDEX "idx_moderation_decisions_created_at_id" ON "moderation_decisions" ("created_at", "id")`,
  `CREATE INDEX "idx_moderation_decisions_reuse" ON "moderation_decisions" ("content_sha256", "policy_id", "policy_version", "model_hash")`,
  `CREATE INDEX "idx_moderation_decisions_policy_id" ON "moderation_decisions" ("policy_id")`,
  `CREATE INDEX "idx_moderation_decisions_action" ON "moderation_decisions" ("action")`,
  `CREATE INDEX "idx_moderation_decisions_subject" ON "moderation_decisions" ("subject")`,
  // SQLite cannot add a foreign key to an existing table, so it is declared inline.
  `CREATE TABLE "moderation_decision_categories" ("decision_id" varchar NOT NULL, "category_id" varchar(64) NOT NULL, "score" double precision NOT NULL, "review_threshold" double precision NOT NULL, "block_threshold" double precision NOT NULL, "action" varchar(16) NOT NULL, "scoring" varchar(32) NOT NULL, "best_prompt" text NOT NULL, "best_similarity" double precision NOT NULL, "shadow" boolean NOT NULL, "severity" varchar(16) NOT NULL, "frame" integer NOT NULL, CONSTRAINT "fk_moderation_decision_categories_decision" FOREIGN KEY ("decision_id") REFERENCES "moderation_decisions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("decision_id", "category_id"))`,
  `CREATE INDEX "idx_moderation_decision_categories_category_action" ON "moderation_decision_categories" ("category_id", "action")`,
  `CREATE TABLE "moderation_policy_versions" ("policy_id" varchar(64) NOT NULL, "version" varchar(64) NOT NULL, "description" text NOT NULL, "snapshot" text NOT NULL, "source_file" text, "first_used_at" varchar(24) NOT NULL, PRIMARY KEY ("policy_id", "version"))`,
];

const POSTGRES_UP: readonly string[] = [
  `CREATE TABLE "moderation_decisions" ("id" uuid NOT NULL, "created_at" character varying(24) NOT NULL, "subject" character varying(255), "source" character varying(255), "content_sha256" character varying(64) NOT NULL, "content_format" character varying(16) NOT NULL, "content_bytes" integer NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "frame_count" integer NOT NULL, "frames_scored" integer NOT NULL, "policy_id" character varying(64) NOT NULL, "policy_version" character varying(64) NOT NULL, "model_id" character varying(255) NOT NULL, "model_hash" character varying(128) NOT NULL, "action" character varying(16) NOT NULL, "shadow_action" character varying(16) NOT NULL, "mode" character varying(16) NOT NULL, "held" boolean NOT NULL, "triggered" text NOT NULL, "latency_ms" double precision NOT NULL, "timings" text NOT NULL, "embedding" text NOT NULL, "frame_embeddings" text, CONSTRAINT "pk_moderation_decisions" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_moderation_decisions_created_at_id" ON "moderation_decisions" ("created_at", "id")`,
  `CREATE INDEX "idx_moderation_decisions_reuse" ON "moderation_decisions" ("content_sha256", "policy_id", "policy_version", "model_hash")`,
  `CREATE INDEX "idx_moderation_decisions_policy_id" ON "moderation_decisions" ("policy_id")`,
  `CREATE INDEX "idx_moderation_decisions_action" ON "moderation_decisions" ("action")`,
  `CREATE INDEX "idx_moderation_decisions_subject" ON "moderation_decisions" ("subject")`,
  `CREATE TABLE "moderation_decision_categories" ("decision_id" uuid NOT NULL, "category_id" character varying(64) NOT NULL, "score" double precision NOT NULL, "review_threshold" double precision NOT NULL, "block_threshold" double precision NOT NULL, "action" character varying(16) NOT NULL, "scoring" character varying(32) NOT NULL, "best_prompt" text NOT NULL, "best_similarity" double precision NOT NULL, "shadow" boolean NOT NULL, "severity" character varying(16) NOT NULL, "frame" integer NOT NULL, CONSTRAINT "pk_moderation_decision_categories" PRIMARY KEY ("decision_id", "category_id"))`,
  `CREATE INDEX "idx_moderation_decision_categories_category_action" ON "moderation_decision_categories" ("category_id", "action")`,
  `ALTER TABLE "moderation_decision_categories" ADD CONSTRAINT "fk_moderation_decision_categories_decision" FOREIGN KEY ("decision_id") REFERENCES "moderation_decisions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `CREATE TABLE "moderation_policy_versions" ("policy_id" character varying(64) NOT NULL, "version" character varying(64) NOT NULL, "description" text NOT NULL, "snapshot" text NOT NULL, "source_file" text, "first_used_at" character varying(24) NOT NULL, CONSTRAINT "pk_moderation_policy_versions" PRIMARY KEY ("policy_id", "version"))`,
];

// Dropping a table drops its indexes and foreign keys on both databases; children go first.
const DOWN: readonly string[] = [
  `DROP TABLE "moderation_policy_versions"`,
  `DROP TABLE "moderation_decision_categories"`,
  `DROP TABLE "moderation_decisions"`,
];

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Creates the decision log: decisions, their per-category rows, and policy-version snapshots. */
export class CreateDecisionLog1764187200000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'CreateDecisionLog1764187200000';

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
  throw new Error(`The decision log supports SQLite and PostgreSQL, not ${type}.`);
}
