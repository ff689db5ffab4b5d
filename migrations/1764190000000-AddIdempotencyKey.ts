import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * An optional client-chosen key per moderation request, unique, so that a retried request (the
 * answer was lost on the way back) returns the decision already made instead of making a second
 * one. NULLs do not collide in a unique index on either database.
 */

const UP: readonly string[] = [
  `ALTER TABLE "moderation_decisions" ADD COLUMN "idempotency_key" varchar(200)`,
  `CREATE UNIQUE INDEX "idx_moderation_decisions_idempotency_key" ON "moderation_decisions" ("idempotency_key")`,
];

const DOWN: readonly string[] = [
  `DROP INDEX "idx_moderation_decisions_idempotency_key"`,
  `ALTER TABLE "moderation_decisions" DROP COLUMN "idempotency_key"`,
];

/** Adds `moderation_decisions.idempotency_key` with a unique index. */
export class AddIdempotencyKey1764190000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'AddIdempotencyKey1764190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
