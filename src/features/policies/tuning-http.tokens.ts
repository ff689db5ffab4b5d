/** Injection token of the {@link EvaluationStore}. */
export const EVALUATION_STORE = Symbol('EVALUATION_STORE');
