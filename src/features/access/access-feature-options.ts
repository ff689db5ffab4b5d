import { AuthOptions } from './auth/auth-options';
import { RateLimitOptions } from './rate-limit/rate-limit-options';

/** The access feature's part of the module options. */
export interface AccessFeatureOptions {
  /** API keys on the HTTP API; on unless `enabled: false`. */
  readonly auth?: AuthOptions;
  /** Per-key rate limits per route group; none unless given. */
  readonly rateLimits?: RateLimitOptions;
}
