/** `enforce`: the decision acted. `shadow`: a candidate policy version's verdict, logged beside it and never acted on. */
export type DecisionMode = 'enforce' | 'shadow';

/** Every {@link DecisionMode}. */
export const DECISION_MODES: readonly DecisionMode[] = Object.freeze(['enforce', 'shadow'] as const);
