import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The image store in the decision database (`MODERATION_IMAGE_STORE=database`): review images and,
 * with `MODERATION_UPLOAD_STORE=images`, asynchronous uploads, as real binary columns (blob on
 * SQLite, bytea on PostgreSQL) rather than base64 text. `area` separates the two (`images`,
 * `uploads`), so deleting an upload never touches a review image with the same name.
 *
 * No entity maps this table: TypeORM has no binary column type both drivers accept, so
 * ImageBytesRepository reads and writes it with plain SQL, and the schema drift check (which only
 * compares tables that have entities) leaves it alone.
 */

const SQLITE_UP: readonly string[] = [
  `CREATE TABLE "moderation_image_bytes" ("area" varchar(16) NOT NULL, "sha256" varchar(64) NOT NULL, "bytes" blob NOT NULL, "byte_length" integer NOT NULL, "stored_at" varchar(24) NOT NULL, PRIMARY KEY ("area", "sha256"))`,
];

const POSTGRES_UP: readonly string[] = [
  `CREATE TABLE "moderation_image_bytes" ("area" character varying(16) NOT NULL, "sha256" character varying(64) NOT NULL, "bytes" bytea NOT NULL, "byte_length" integer NOT NULL, "stored_at" character varying(24) NOT NULL, CONSTRAINT "pk_moderation_image_bytes" PRIMARY KEY ("area", "sha256"))`,
  // Images are compressed already: stored out of line without another (wasted) compression pass.
  `ALTER TABLE "moderation_image_bytes" ALTER COLUMN "bytes" SET STORAGE EXTERNAL`,
];

const DOWN: readonly string[] = [`DROP TABLE "moderation_image_bytes"`];

const SQLITE_TYPES: ReadonlySet<string> = new Set(['better-sqlite3', 'sqlite']);

/** Creates the table of image bytes kept in the database. */
export class CreateImageBytes1795722000000 implements MigrationInterface {
  // Set explicitly because TypeORM reads the timestamp off the name, and a bundler may rename classes.
  readonly name = 'CreateImageBytes1795722000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of dialectOf(queryRunner) === 'postgres' ? POSTGRES_UP : SQLITE_UP) await queryRunner.query(sql);
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
