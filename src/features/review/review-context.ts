import { DataSource } from 'typeorm';
import { DatabaseRunner, createDatabaseRunner, isSqliteDataSource } from '../../shared/database/database-runner';
import { ImageStore } from './storage/image-store';
import { ResolvedReviewOptions } from './review-options';

/** What the review workflow functions share: the database, its runner, options and the image store. */
export interface ReviewContext {
  readonly dataSource: DataSource;
  /** Maps unreachable-database errors and serialises work on SQLite; never nest two calls. */
  readonly run: DatabaseRunner;
  readonly sqlite: boolean;
  readonly options: ResolvedReviewOptions;
  readonly images: ImageStore;
}

/** A context over an initialized data source. */
export function createReviewContext(dataSource: DataSource, options: ResolvedReviewOptions, images: ImageStore): ReviewContext {
  return { dataSource, run: createDatabaseRunner(dataSource), sqlite: isSqliteDataSource(dataSource), options, images };
}
