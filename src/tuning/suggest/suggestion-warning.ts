/**
 * Why a suggestion is missing, weaker than it looks, or needs something else to change. Codes are
 * stable (callers branch on them); messages are for people and may change.
 * - `TARGETS_CONFLICT`: a review target needs a threshold above what a block target of the same
 *   run needs; neither is suggested, `alone` says what each would need by itself.
 * - `MOVES_OTHER_THRESHOLD`: moving this threshold alone would cross the policy's other one, which
 *   must move with it.
 * - `TARGET_UNREACHABLE`: no threshold meets the target on these data.
 * - `NO_LABELLED_EXAMPLES`: no example is labelled for the category.
 * - `TOO_FEW_POSITIVES`, `TOO_FEW_NEGATIVES`, `TOO_FEW_DECISIONS`: fewer than the minimum the
 *   target needs; the suggestion is given, but chance could move it far.
 * - `WINDOW_TOO_SHORT`: the decisions span less than the minimum window, so no rate per day is
 *   given (a volume target is not suggested).
 * - `VOLUME_ABOVE_TRAFFIC`: less traffic than the volume asked for, so every threshold meets it;
 *   the current threshold is kept.
 * - `FLAGS_EVERY_EXAMPLE`: the threshold sits at the lowest labelled score and flags every example.
 * - `SHADOW_CATEGORY`: the category runs in shadow, so no enforced action changes yet.
 */
export type SuggestionWarningCode =
  | 'TARGETS_CONFLICT'
  | 'MOVES_OTHER_THRESHOLD'
  | 'TARGET_UNREACHABLE'
  | 'NO_LABELLED_EXAMPLES'
  | 'TOO_FEW_POSITIVES'
  | 'TOO_FEW_NEGATIVES'
  | 'TOO_FEW_DECISIONS'
  | 'WINDOW_TOO_SHORT'
  | 'VOLUME_ABOVE_TRAFFIC'
  | 'FLAGS_EVERY_EXAMPLE'
  | 'SHADOW_CATEGORY';

/** Every {@link SuggestionWarningCode}. */
export const SUGGESTION_WARNING_CODES: readonly SuggestionWarningCode[] = Object.freeze([
  'TARGETS_CONFLICT',
  'MOVES_OTHER_THRESHOLD',
  'TARGET_UNREACHABLE',
  'NO_LABELLED_EXAMPLES',
  'TOO_FEW_POSITIVES',
  'TOO_FEW_NEGATIVES',
  'TOO_FEW_DECISIONS',
  'WINDOW_TOO_SHORT',
  'VOLUME_ABOVE_TRAFFIC',
  'FLAGS_EVERY_EXAMPLE',
  'SHADOW_CATEGORY',
] as const);

/** One warning about a suggestion, or about the data all suggestions were made from. */
export interface SuggestionWarning {
  readonly code: SuggestionWarningCode;
  readonly message: string;
}
