import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Embedding banks (issue 15): named banks of CLIP image embeddings of pictures reviewers removed,
 * each with its least cosine similarity and action, and their entries (one row per decision in a
 * bank, with a copy of its unit embedding and the hash of the model that made it). As in the
 * earlier migrations, the SQL is what TypeORM derives from the entities on each driver (the drift
 * test checks it).
 */

const SQLITE_UP: readonly string[] = [
  `CREATE TABLE "moderation_embedding_banks" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "description" text, "min_similarity" double precision NOT NULL, "action" varchar(16) NOT NULL, "enabled" boolean NOT NULL, "entry_count" integer NOT NULL, "revision" integer NOT NULL, "created_at" varchar(24) NOT NULL, "created_by" varchar, "updated_at" varchar(24) NOT NULL, "updated_by" varchar)`,
  `CREATE UNIQUE INDEX "uq_moderation_embedding_banks_name" ON "moderation_embedding_banks" ("name")`,
  `CREATE TABLE "moderation_embedding_bank_entries" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "bank_id" varchar NOT NULL, "decision_id" varchar NOT NULL, "model_hash" varchar(128) NOT NULL, "embedding" text NOT NULL, "label" varchar(255), "note" text, "source" varchar(16) NOT NULL, "created_by" varchar, "created_at" varchar(24) NOT NULL, CONSTRAINT "fk_moderation_embedding_bank_entries_bank" FOREIGN KEY ("bank_id") REFERENCES "moderation_embedding_banks" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
  `CREATE INDEX "idx_moderation_embedding_bank_entries_bank_id_id" ON "moderation_embedding_bank_entries" ("bank_id", "id")`,
  `CREATE UNIQUE INDEX "uq_moderation_embedding_bank_entries_bank_decision" ON "moderation_embedding_bank_entries" ("bank_id", "decision_id")`,
];

const POSTGRES_UP: readonly string[] = [
  `CREATE TABLE "moderation_embedding_banks" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "description" text, "min_similarity" double precision NOT NULL, "action" character varying(16) NOT NULL, "enabled" boolean NOT NULL, "entry_count" integer NOT NULL, "revision" integer NOT NULL, "created_at" character varying(24) NOT NULL, "created_by" uuid, "updated_at" character varying(24) NOT NULL, "updated_by" uuid, CONSTRAINT "pk_moderation_embedding_banks" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "uq_moderation_embedding_banks_name" ON "moderation_embedding_banks" ("name")`,
  `CREATE TABLE "moderation_embedding_bank_entries" ("id" SERIAL NOT NULL, "bank_id" uuid NOT NULL, "decision_id" uuid NOT NULL, "model_hash" character varying(128) NOT NULL, "embedding" text NOT NULL, "label" character varying(255), "note" text, "source" character varying(16) NOT NULL, "created_by" uuid, "created_at" character varying(24) NOT NULL, CONSTRAINT "pk_moderation_embedding_bank_entries" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_moderation_embedding_bank_entries_bank_id_id" ON "moderation_embedding_bank_entries" ("bank_id", "id")`,
  `CREATE UNIQUE INDEX "uq_moderation_embedding_bank_entries_bank_decision" ON "moderation_embedding_bank_entries" ("bank_id", "decision_id")`,
  `ALTER TABLE "moderation_embedding_bank_entries" ADD CONSTRAINT "fk_moderation_embedding_bank_entries_bank" FOREIGN KEY ("bank_id") REFERENCES "moderation_embedding_banks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
];

// Dropping a table drops its indexes and foreign keys on both databases; entries first.
const DOWN: readonly string[] = [`DROP TABLE "moderation_embedding_bank_entries"`, `DROP TABLE "moderation_embedding_banks"`];

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Creates the embedding banks and their entries. */
export class CreateEmbeddingBanks1795820000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'CreateEmbeddingBanks1795820000000';

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
