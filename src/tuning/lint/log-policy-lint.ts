import { ModerationEngine } from '../../engine/moderation-engine';
import { lintLoadedPolicies } from './lint-policy';
import { summarisePolicyLint } from './lint-summary';
import { CLIP_BIAS_NOTICE, PolicyLintWarning, formatLintWarning } from './policy-lint-warning';

/**
 * The on-load hook: lints the engine's policies and logs one line per warning, then the bias
 * notice once when there was any warning. Returns the warnings for callers that also count or
 * expose them (a health or admin route, say).
 *
 * @example
 * const engine = await ModerationEngine.create(options);
 * await logPolicyLintWarnings(engine, (line) => logger.warn(line));
 */
export async function logPolicyLintWarnings(engine: Pick<ModerationEngine, 'compile' | 'policies'>, log: (line: string) => void): Promise<PolicyLintWarning[]> {
  const warnings = await lintLoadedPolicies(engine);
  for (const warning of warnings) log(`policy lint: ${formatLintWarning(warning)}`);
  if (warnings.length > 0) log(`policy lint: ${CLIP_BIAS_NOTICE}`);
  return warnings;
}

/**
 * The start-up hook of the server and the workers: lints the engine's policies and logs one line per
 * policy with warnings (see {@link summarisePolicyLint}); `moderate policy lint` lists them. Returns
 * the warnings.
 */
export async function logPolicyLintSummary(engine: Pick<ModerationEngine, 'compile' | 'policies'>, log: (line: string) => void): Promise<PolicyLintWarning[]> {
  const warnings = await lintLoadedPolicies(engine);
  for (const line of summarisePolicyLint(warnings)) log(line);
  return warnings;
}
