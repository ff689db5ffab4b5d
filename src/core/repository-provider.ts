import { FactoryProvider } from '@nestjs/common';
import { ModerationDatabase } from '../database/moderation-database';

/**
 * The provider of a repository that needs only the database. Repositories take the database in
 * their constructor and carry no Nest decorator, so the CLI and tests build them without a module.
 */
export function repositoryProvider<T>(repository: new (database: ModerationDatabase) => T): FactoryProvider<T> {
  return { provide: repository, useFactory: (database: ModerationDatabase) => new repository(database), inject: [ModerationDatabase] };
}
