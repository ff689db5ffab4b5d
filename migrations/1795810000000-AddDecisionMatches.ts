import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The bank entries each decision's picture matched (JSON: bank, entry, distance, threshold,
 * action, transform), so a decision explains a known-content match as it explains a category.
 * Rows written before keep NULL, read as no matches. The same SQL on SQLite and PostgreSQL.
 */

const UP: readonly string[] = [`ALTER TABLE "moderation_decisions" ADD COLUMN "matches" text`];

const DOWN: readonly string[] = [`ALTER TABLE "moderation_decisions" DROP COLUMN "matches"`];

/** Adds `moderation_decisions.matches`. */
export class AddDecisionMatches1795810000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'AddDecisionMatches1795810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
