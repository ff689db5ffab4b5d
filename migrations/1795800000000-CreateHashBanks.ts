import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hash banks (issue 15): named banks of PDQ hashes of known content, each with its distance
 * threshold, action, minimum quality and dihedral setting, and their entries (one row per hash in
 * a bank). As in the earlier migrations, the SQL is what TypeORM derives from the entities on each
 * driver (the drift test checks it).
 */

const SQLITE_UP: readonly string[] = [
  `CREATE TABLE "moderation_hash_banks" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "description" text, "distance_threshold" integer NOT NULL, "action" varchar(16) NOT NULL, "min_quality" integer NOT NULL, "dihedral" boolean NOT NULL, "enabled" boolean NOT NULL, "entry_count" integer NOT NULL, "revision" integer NOT NULL, "created_at" varchar(24) NOT NULL, "created_by" varchar, "updated_at" varchar(24) NOT NULL, "updated_by" varchar)`,
  `CREATE UNIQUE INDEX "uq_moderation_hash_banks_name" ON "moderation_hash_banks" ("name")`,
  `CREATE TABLE "moderation_hash_bank_entries" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "bank_id" varchar NOT NULL, "hash" varchar(64) NOT NULL, "label" varchar(255), "note" text, "source" varchar(16) NOT NULL, "created_by" varchar, "created_at" varchar(24) NOT NULL, CONSTRAINT "fk_moderation_hash_bank_entries_bank" FOREIGN KEY ("bank_id") REFERENCES "moderation_hash_banks" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
  `CREATE UNIQUE INDEX "uq_moderation_hash_bank_entries_bank_hash" ON "moderation_hash_bank_entries" ("bank_id", "hash")`,
  `CREATE INDEX "idx_moderation_hash_bank_entries_bank_id_id" ON "moderation_hash_bank_entries" ("bank_id", "id")`,
];

const POSTGRES_UP: readonly string[] = [
  `CREATE TABLE "moderation_hash_banks" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "description" text, "distance_threshold" integer NOT NULL, "action" character varying(16) NOT NULL, "min_quality" integer NOT NULL, "dihedral" boolean NOT NULL, "enabled" boolean NOT NULL, "entry_count" integer NOT NULL, "revision" integer NOT NULL, "created_at" character varying(24) NOT NULL, "created_by" uuid, "updated_at" character varying(24) NOT NULL, "updated_by" uuid, CONSTRAINT "pk_moderation_hash_banks" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "uq_moderation_hash_banks_name" ON "moderation_hash_banks" ("name")`,
  `CREATE TABLE "moderation_hash_bank_entries" ("id" SERIAL NOT NULL, "bank_id" uuid NOT NULL, "hash" character varying(64) NOT NULL, "label" character varying(255), "note" text, "source" character varying(16) NOT NULL, "created_by" uuid, "created_at" character varying(24) NOT NULL, CONSTRAINT "pk_moderation_hash_bank_entries" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "uq_moderation_hash_bank_entries_bank_hash" ON "moderation_hash_bank_entries" ("bank_id", "hash")`,
  `CREATE INDEX "idx_moderation_hash_bank_entries_bank_id_id" ON "moderation_hash_bank_entries" ("bank_id", "id")`,
  `ALTER TABLE "moderation_hash_bank_entries" ADD CONSTRAINT "fk_moderation_hash_bank_entries_bank" FOREIGN KEY ("bank_id") REFERENCES "moderation_hash_banks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
];

// Dropping a table drops its indexes and foreign keys on both databases; entries first.
const DOWN: readonly string[] = [`DROP TABLE "moderation_hash_bank_entries"`, `DROP TABLE "moderation_hash_banks"`];

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Creates the hash banks and their entries. */
export class CreateHashBanks1795800000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'CreateHashBanks1795800000000';

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
