import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The queue job that made a decision, unique, so that a job run twice (its worker was killed after
 * recording, or stalled and was presumed dead) still leaves exactly one decision: the second run
 * finds the first one's row instead of inserting another. Synchronous requests leave it NULL, and
 * NULLs do not collide in a unique index on either database. The SQL is the same on both.
 */

const UP: readonly string[] = [
  `ALTER TABLE "moderation_decisions" ADD COLUMN "job_id" varchar(64)`,
  `CREATE UNIQUE INDEX "idx_moderation_decisions_job_id" ON "moderation_decisions" ("job_id")`,
];

const DOWN: readonly string[] = [
  `DROP INDEX "idx_moderation_decisions_job_id"`,
  `ALTER TABLE "moderation_decisions" DROP COLUMN "job_id"`,
];

/** Adds `moderation_decisions.job_id` with a unique index. */
export class AddDecisionJobId1795718732621 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'AddDecisionJobId1795718732621';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
