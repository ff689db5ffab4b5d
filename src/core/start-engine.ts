import { Logger } from '@nestjs/common';
import { ModerationEngine } from '../engine/moderation-engine';
import { logPolicyLintSummary } from '../tuning/lint/log-policy-lint';
import { CoreOptions } from './core-options';

/**
 * Starts the engine and lints its policies, so every server and worker says in its log, at start,
 * which policies have prompts that name protected characteristics or people, duplicate each other
 * or lack contrast: one line per policy, the details from `moderate policy lint`. Warnings never
 * stop a start, and neither does a linter failure.
 */
export async function startEngine(options: CoreOptions, logger: Pick<Logger, 'warn'> = new Logger('PolicyLint')): Promise<ModerationEngine> {
  const engine = await ModerationEngine.create(options);
  try {
    await logPolicyLintSummary(engine, (line) => logger.warn(line));
  } catch (error) {
    logger.warn(`policy lint could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
  return engine;
}
