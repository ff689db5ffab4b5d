/** The decision log: TypeORM entities, migrations wiring and the framework-free store. */
export { DEFAULT_SQLITE_PATH, MIGRATIONS_TABLE_NAME, MODERATION_ENTITIES, createDataSourceOptions } from './database-config';
export type { DatabaseConfig } from './database-config';
export { DecisionStore, MAX_PAGE_SIZE } from './decision-store';
export { DECISION_MODES } from './decision-store.types';
export type { DecisionFilter, DecisionMode, DecisionPage, RecordDecisionInput, ReuseKey, StoredDecision } from './decision-store.types';
export * from './entities';
export { isDatabaseUnreachable } from './database-errors';
export type { DecisionRecordHook, RecordedDecision } from './decision-record-hook';
export type { DecisionStoreOptions } from './decision-store';
export type { ReviewOutcome, ReviewOutcomeVerdict } from './decision-store.types';
export { MODERATION_MIGRATIONS } from '../../migrations';
