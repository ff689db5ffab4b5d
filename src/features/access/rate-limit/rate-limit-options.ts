import { Role } from '../auth/role';

/** The route groups counted apart: exhausting one leaves the others open. */
export type RateLimitGroup = 'moderation' | 'review' | 'admin';

/** Every {@link RateLimitGroup}. */
export const RATE_LIMIT_GROUPS: readonly RateLimitGroup[] = Object.freeze(['moderation', 'review', 'admin'] as const);

/** At most `limit` requests in each window of `windowSeconds`. */
export interface RateLimitWindow {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** A group's limit, and the roles whose keys get another one. */
export interface RateLimitRule extends RateLimitWindow {
  readonly roles?: Readonly<Partial<Record<Role, RateLimitWindow>>>;
}

/** Where the counts live when they must hold across servers. */
export interface RateLimitRedisOptions {
  /** `redis://…` or `rediss://…`. */
  readonly url: string;
  /** Put before every key, so deployments and test runs sharing one Redis never share counts. */
  readonly keyPrefix: string;
}

/**
 * Per-key rate limits: requests per window for each route group, counted per API key (per client
 * address on routes used without a key, and while auth is disabled). A group left out is not
 * limited; without this option nothing is.
 */
export interface RateLimitOptions {
  readonly groups: Readonly<Partial<Record<RateLimitGroup, RateLimitRule>>>;
  /** Counts in Redis, shared by every server using it; without it each process counts alone. */
  readonly redis?: RateLimitRedisOptions;
}
