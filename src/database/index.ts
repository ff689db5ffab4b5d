/** The decision log: TypeORM entities, migrations wiring and the framework-free store. */
export { DEFAULT_SQLITE_PATH, MIGRATIONS_TABLE_NAME, MODERATION_ENTITIES, createDataSourceOptions } from './database-config';
export type { DatabaseConfig } from './database-config';
export { DecisionStore, MAX_PAGE_SIZE } from '../core/decisions/decision.repository';
export { DECISION_MODES } from '../core/decisions/decision.types';
export type { DecisionFilter, DecisionMode, DecisionPage, RecordDecisionInput, ReuseKey, StoredDecision } from '../core/decisions/decision.types';
export * from './entities';
export { isDatabaseUnreachable } from './database-errors';
export type { DecisionRecordHook, RecordedDecision } from '../core/decisions/decision-record-hook';
export type { DecisionStoreOptions } from '../core/decisions/decision.repository';
export type { ReviewOutcome, ReviewOutcomeVerdict } from '../core/decisions/decision.types';
export { MODERATION_MIGRATIONS } from '../../migrations';
