import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../../engine/moderation-engine';
import { DatabaseRunner, createDatabaseRunner } from '../../../shared/database/database-runner';
import { ActivePolicies } from './active-policies';

/** What the policy-version steps share: the database, its runner, the served versions, the engine, a clock. */
export interface PolicyVersionsContext {
  readonly dataSource: DataSource;
  /** Maps unreachable-database errors and serialises work on SQLite; never nest two calls. */
  readonly run: DatabaseRunner;
  /** Refreshed after every change, so this process serves it from the next request on. */
  readonly policies: ActivePolicies;
  /** Compiles a version before it is submitted, shadowed or promoted, so a broken one is refused up front. */
  readonly engine: Pick<ModerationEngine, 'compile'>;
  readonly clock: () => Date;
}

/** A context over an initialized data source. */
export function createPolicyVersionsContext(
  dataSource: DataSource,
  policies: ActivePolicies,
  engine: Pick<ModerationEngine, 'compile'>,
  clock: () => Date = () => new Date(),
): PolicyVersionsContext {
  return { dataSource, run: createDatabaseRunner(dataSource), policies, engine, clock };
}
