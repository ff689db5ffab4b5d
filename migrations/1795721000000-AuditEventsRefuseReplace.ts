import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The audit trail refuses any rewrite of an event on SQLite too. `INSERT OR REPLACE` (or an
 * `ON CONFLICT REPLACE` clause) deletes the old row without firing its DELETE trigger (SQLite fires
 * delete triggers of REPLACE only with `recursive_triggers` on), so the append-only triggers of
 * CreateReviewQueue let it through. A BEFORE INSERT trigger fires before the conflict is resolved,
 * so it refuses every insert of an id that exists, REPLACE included.
 *
 * PostgreSQL needs nothing: `INSERT … ON CONFLICT DO UPDATE` goes through the BEFORE UPDATE trigger,
 * which already refuses it.
 */

const APPEND_ONLY_MESSAGE = 'moderation_audit_events is append-only';

const SQLITE_UP: readonly string[] = [
  `CREATE TRIGGER "trg_moderation_audit_events_no_replace" BEFORE INSERT ON "moderation_audit_events" WHEN EXISTS (SELECT 1 FROM "moderation_audit_events" WHERE "id" = NEW."id") BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`,
];

const SQLITE_DOWN: readonly string[] = [`DROP TRIGGER "trg_moderation_audit_events_no_replace"`];

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Refuses REPLACE and any other insert over an existing audit event, on SQLite. */
export class AuditEventsRefuseReplace1795721000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'AuditEventsRefuseReplace1795721000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (dialectOf(queryRunner) === 'sqlite') for (const sql of SQLITE_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (dialectOf(queryRunner) === 'sqlite') for (const sql of SQLITE_DOWN) await queryRunner.query(sql);
  }
}

/** Which SQL to use; any other database is refused before a statement runs. */
function dialectOf(queryRunner: QueryRunner): 'postgres' | 'sqlite' {
  const type = queryRunner.connection.options.type;
  if (type === 'postgres') return 'postgres';
  if (SQLITE_TYPES.has(type)) return 'sqlite';
  throw new Error(`The decision log supports SQLite and PostgreSQL, not ${type}.`);
}
