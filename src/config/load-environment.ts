import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { Environment } from './environment';

/** Variables whose values are secrets (webhook secret, hub token, passwords). */
const SECRET_KEY = /SECRET|TOKEN|PASSWORD/i;

/** One bad variable, for the aggregated error. */
export interface ConfigProblem {
  readonly key: string;
  readonly value: string | undefined;
  readonly reasons: readonly string[];
}

/**
 * Reads and checks every variable at once. A bad value stops start-up with one error that lists
 * every bad key, so an operator fixes them in one go rather than one restart per mistake.
 */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const relevant = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const instance = plainToInstance(Environment, relevant, { excludeExtraneousValues: false });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.map((error: ValidationError) => ({
      key: error.property,
      // A secret is never echoed into logs, even a malformed one.
      value: SECRET_KEY.test(error.property) && env[error.property] !== undefined ? '(hidden)' : env[error.property],
      reasons: Object.values(error.constraints ?? {}),
    }));
    throw new ModerationError(
      ModerationErrorCode.ConfigInvalid,
      `Invalid configuration: ${problems.map((problem) => `${problem.key}=${JSON.stringify(problem.value)} (${problem.reasons.join('; ')})`).join(', ')}`,
      { problems },
    );
  }
  return instance;
}
