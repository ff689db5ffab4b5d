import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The PDQ perceptual hash of each decision's picture (64 hex digits) and its quality (0-100), so
 * known content can be matched against past traffic and hash lists. Rows written before keep NULL
 * in both. The SQL is the same on SQLite and PostgreSQL (SQLite drops columns since 3.35).
 */

const UP: readonly string[] = [
  `ALTER TABLE "moderation_decisions" ADD COLUMN "pdq_hash" varchar(64)`,
  `ALTER TABLE "moderation_decisions" ADD COLUMN "pdq_quality" integer`,
];

const DOWN: readonly string[] = [
  `ALTER TABLE "moderation_decisions" DROP COLUMN "pdq_quality"`,
  `ALTER TABLE "moderation_decisions" DROP COLUMN "pdq_hash"`,
];

/** Adds `moderation_decisions.pdq_hash` and `pdq_quality`. */
export class AddDecisionPdqHash1795724000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'AddDecisionPdqHash1795724000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
