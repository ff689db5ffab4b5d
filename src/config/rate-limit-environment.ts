import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IsRateLimitRule, RateLimitRuleSetting, parseRateLimitRule } from './rate-limit-rule';
import { ObservabilityEnvironment } from './observability-environment';

/**
 * Variables of the per-key rate limits (README: Configuration), checked with the rest of {@link Environment}.
 * Each limits one route group, per API key (per client address without one); a group left unset
 * is not limited, so nothing is limited by default. With `REDIS_URL` the counts live in Redis and
 * hold across servers.
 */
export class RateLimitEnvironment extends ObservabilityEnvironment {
  /** `POST /v1/moderations` and the decision and job reads, e.g. `600/60s` or `600/1m,admin=6000/1m`. */
  @IsOptional() @Transform(parseRateLimitRule) @IsRateLimitRule()
  MODERATION_RATE_LIMIT_MODERATION?: RateLimitRuleSetting;

  /** The review queue (`/v1/review/*`) and appeals. */
  @IsOptional() @Transform(parseRateLimitRule) @IsRateLimitRule()
  MODERATION_RATE_LIMIT_REVIEW?: RateLimitRuleSetting;

  /** Keys, policies and their versions, tuning, the audit trail, queue admin. */
  @IsOptional() @Transform(parseRateLimitRule) @IsRateLimitRule()
  MODERATION_RATE_LIMIT_ADMIN?: RateLimitRuleSetting;
}
