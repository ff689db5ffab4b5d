/**
 * How a policy version first reached the database: `file` (the policy's own file), `candidate-file`
 * (a file in the policies folder's `candidates/` folder), `api` (submitted by an admin), or
 * `decision` (recorded by a decision before policy versions were tracked).
 */
export type PolicyOrigin = 'file' | 'candidate-file' | 'api' | 'decision';

/** Every {@link PolicyOrigin}. */
export const POLICY_ORIGINS: readonly PolicyOrigin[] = Object.freeze(['file', 'candidate-file', 'api', 'decision'] as const);

/** How each origin reads for people, in the CLI and the report page. */
export const POLICY_ORIGIN_LABELS: Readonly<Record<PolicyOrigin, string>> = Object.freeze({
  file: 'policy file',
  'candidate-file': 'candidate file',
  api: 'submitted',
  decision: 'seen in a decision',
});
