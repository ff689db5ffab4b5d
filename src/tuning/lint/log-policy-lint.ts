import { ModerationEngine } from '../../engine/moderation-engine';
import { lintLoadedPolicies } from './lint-policy';
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
