import type { EntityManager } from 'typeorm';
import { ModerationDatabase } from '../../../database/moderation-database';
import { isSqliteDataSource } from '../../../shared/database/is-sqlite';
import { toUtcText } from '../../../shared/database/utc-text';

/** The two parts of the database image store: review images, and uploads waiting for their job. */
export type ImageBytesArea = 'images' | 'uploads';

/**
 * Image bytes kept in the decision database (`moderation_image_bytes`: blob on SQLite, bytea on
 * PostgreSQL), by area and sha256. Plain SQL, because no TypeORM column type is binary on both
 * drivers; the placeholders are `?` on SQLite and `$n` on PostgreSQL. The `…Within` variants run in
 * the caller's transaction (the decision being recorded, a purge), which on SQLite is the only
 * way: its one connection is busy with that transaction until it ends.
 */
export class ImageBytesRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /** Stores the bytes; a row already there (same content, same name) is kept as it is. */
  put(area: ImageBytesArea, sha256: string, bytes: Uint8Array, now: Date): Promise<void> {
    return this.database.run('imageBytes.put', () => ImageBytesRepository.putWithin(this.database.dataSource.manager, area, sha256, bytes, now));
  }

  /** The bytes, or null when none are stored under this name. */
  async get(area: ImageBytesArea, sha256: string): Promise<Buffer | null> {
    const rows = await this.database.run('imageBytes.get', () =>
      this.query<{ bytes: Buffer }>(this.database.dataSource.manager, `SELECT "bytes" FROM "moderation_image_bytes" WHERE "area" = {1} AND "sha256" = {2}`, [area, sha256]),
    );
    return rows[0]?.bytes ?? null;
  }

  /** Whether bytes are stored under this name. */
  async has(area: ImageBytesArea, sha256: string): Promise<boolean> {
    const rows = await this.database.run('imageBytes.has', () =>
      this.query<{ found: number }>(this.database.dataSource.manager, `SELECT 1 AS "found" FROM "moderation_image_bytes" WHERE "area" = {1} AND "sha256" = {2}`, [area, sha256]),
    );
    return rows.length > 0;
  }

  /** Removes the bytes; a no-op when there are none. */
  delete(area: ImageBytesArea, sha256: string): Promise<void> {
    return this.database.run('imageBytes.delete', () => ImageBytesRepository.deleteWithin(this.database.dataSource.manager, area, sha256));
  }

  /** {@link put} inside the caller's transaction. */
  static async putWithin(manager: EntityManager, area: ImageBytesArea, sha256: string, bytes: Uint8Array, now: Date): Promise<void> {
    // A view, not a copy: the drivers bind a Buffer as binary.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await runSql(
      manager,
      `INSERT INTO "moderation_image_bytes" ("area", "sha256", "bytes", "byte_length", "stored_at") VALUES ({1}, {2}, {3}, {4}, {5}) ON CONFLICT ("area", "sha256") DO NOTHING`,
      [area, sha256, buffer, buffer.byteLength, toUtcText(now)],
    );
  }

  /** {@link delete} inside the caller's transaction. */
  static async deleteWithin(manager: EntityManager, area: ImageBytesArea, sha256: string): Promise<void> {
    await runSql(manager, `DELETE FROM "moderation_image_bytes" WHERE "area" = {1} AND "sha256" = {2}`, [area, sha256]);
  }

  private query<T>(manager: EntityManager, sql: string, parameters: readonly unknown[]): Promise<T[]> {
    return runSql(manager, sql, parameters) as Promise<T[]>;
  }
}

/** Runs `sql` with `{n}` replaced by the driver's n-th placeholder. */
function runSql(manager: EntityManager, sql: string, parameters: readonly unknown[]): Promise<unknown> {
  const sqlite = isSqliteDataSource(manager.connection);
  return manager.query(
    sql.replace(/\{(\d+)\}/g, (_, index: string) => (sqlite ? '?' : `$${index}`)),
    [...parameters],
  );
}
