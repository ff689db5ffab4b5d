import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Policy tuning (issue 7): which policy version is active and which runs in shadow, stored
 * evaluations, how each policy version first arrived, and on decisions the enforced decision a
 * shadow-mode decision accompanied.
 *
 * As in the earlier migrations, the SQL is what TypeORM derives from the entities on each driver
 * (the drift test checks it), except that SQLite gets plain ADD COLUMNs rather than TypeORM's
 * copy-the-whole-table rebuild, which would rewrite every stored decision.
 */

const SQLITE_UP: readonly string[] = [
  `CREATE TABLE "moderation_policy_states" ("policy_id" varchar(64) PRIMARY KEY NOT NULL, "active_version" varchar(64) NOT NULL, "shadow_version" varchar(64), "revision" integer NOT NULL, "updated_at" varchar(24) NOT NULL, "updated_by" varchar)`,
  `CREATE TABLE "moderation_evaluations" ("id" varchar PRIMARY KEY NOT NULL, "created_at" varchar(24) NOT NULL, "created_by" varchar, "policy_id" varchar(64) NOT NULL, "policy_version" varchar(64) NOT NULL, "model_hash" varchar(128) NOT NULL, "window_since" varchar(24), "window_until" varchar(24), "examples" integer NOT NULL, "report" text NOT NULL)`,
  `CREATE INDEX "idx_moderation_evaluations_policy_created_at" ON "moderation_evaluations" ("policy_id", "created_at")`,
  `ALTER TABLE "moderation_decisions" ADD COLUMN "shadow_of" varchar`,
  `CREATE INDEX "idx_moderation_decisions_shadow_of" ON "moderation_decisions" ("shadow_of")`,
  `ALTER TABLE "moderation_policy_versions" ADD COLUMN "origin" varchar(16)`,
  `ALTER TABLE "moderation_policy_versions" ADD COLUMN "file_seen_at" varchar(24)`,
];

const POSTGRES_UP: readonly string[] = [
  `CREATE TABLE "moderation_policy_states" ("policy_id" character varying(64) NOT NULL, "active_version" character varying(64) NOT NULL, "shadow_version" character varying(64), "revision" integer NOT NULL, "updated_at" character varying(24) NOT NULL, "updated_by" uuid, CONSTRAINT "pk_moderation_policy_states" PRIMARY KEY ("policy_id"))`,
  `CREATE TABLE "moderation_evaluations" ("id" uuid NOT NULL, "created_at" character varying(24) NOT NULL, "created_by" uuid, "policy_id" character varying(64) NOT NULL, "policy_version" character varying(64) NOT NULL, "model_hash" character varying(128) NOT NULL, "window_since" character varying(24), "window_until" character varying(24), "examples" integer NOT NULL, "report" text NOT NULL, CONSTRAINT "pk_moderation_evaluations" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_moderation_evaluations_policy_created_at" ON "moderation_evaluations" ("policy_id", "created_at")`,
  `ALTER TABLE "moderation_decisions" ADD "shadow_of" uuid`,
  `CREATE INDEX "idx_moderation_decisions_shadow_of" ON "moderation_decisions" ("shadow_of")`,
  `ALTER TABLE "moderation_policy_versions" ADD "origin" character varying(16)`,
  `ALTER TABLE "moderation_policy_versions" ADD "file_seen_at" character varying(24)`,
];

// Dropping a table drops its indexes on both databases.
const DOWN: readonly string[] = [
  `ALTER TABLE "moderation_policy_versions" DROP COLUMN "file_seen_at"`,
  `ALTER TABLE "moderation_policy_versions" DROP COLUMN "origin"`,
  `DROP INDEX "idx_moderation_decisions_shadow_of"`,
  `ALTER TABLE "moderation_decisions" DROP COLUMN "shadow_of"`,
  `DROP TABLE "moderation_evaluations"`,
  `DROP TABLE "moderation_policy_states"`,
];

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Adds policy states (active and shadow versions), stored evaluations and shadow pairing. */
export class AddPolicyTuning1795720000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'AddPolicyTuning1795720000000';

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
