/** Injection token of the resolved review options ({@link ResolvedReviewOptions}). */
export const REVIEW_OPTIONS = Symbol('REVIEW_OPTIONS');
