/** Injection token of the resolved review options ({@link ResolvedReviewOptions}). */
export const REVIEW_OPTIONS = Symbol('REVIEW_OPTIONS');
/** Injection token of the {@link ReviewContext} the review workflow runs in. */
export const REVIEW_CONTEXT = Symbol('REVIEW_CONTEXT');
