/** Injection token of the module's {@link ModerationEngine}. */
export const MODERATION_ENGINE = Symbol('MODERATION_ENGINE');
/** Injection token of the TypeORM DataSource holding the decision log. */
export const MODERATION_DATA_SOURCE = Symbol('MODERATION_DATA_SOURCE');
/** Injection token of the {@link DecisionStore}. */
export const DECISION_STORE = Symbol('DECISION_STORE');
/** Injection token of the {@link HeldUploadStore}. */
export const HELD_UPLOAD_STORE = Symbol('HELD_UPLOAD_STORE');
