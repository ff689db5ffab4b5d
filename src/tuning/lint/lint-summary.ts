import { PolicyLintWarning } from './policy-lint-warning';

/**
 * One line per policy with warnings, for a start-up log: how many, of which codes, and the command
 * that lists them (with the note on CLIP's biases). Policies without warnings get no line.
 *
 * @example
 * summarisePolicyLint(warnings)
 * // ['policy default: 3 lint warnings (2 no-contrast-prompts, 1 near-duplicate-prompts); details: `moderate policy lint --policy default`']
 */
export function summarisePolicyLint(warnings: readonly PolicyLintWarning[]): string[] {
  const byPolicy = new Map<string, Map<string, number>>();
  for (const warning of warnings) {
    const codes = byPolicy.get(warning.policyId) ?? new Map<string, number>();
    codes.set(warning.code, (codes.get(warning.code) ?? 0) + 1);
    byPolicy.set(warning.policyId, codes);
  }
  return [...byPolicy].map(([policyId, codes]) => {
    const total = [...codes.values()].reduce((sum, count) => sum + count, 0);
    const tally = [...codes].map(([code, count]) => `${count} ${code}`).join(', ');
    return `policy ${policyId}: ${total} lint warning${total === 1 ? '' : 's'} (${tally}); details: \`moderate policy lint --policy ${policyId}\``;
  });
}
