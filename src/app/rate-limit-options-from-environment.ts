import { Environment } from '../config/environment';
import { RateLimitRuleSetting } from '../config/rate-limit-rule';
import { RATE_LIMIT_GROUPS, RateLimitGroup, RateLimitOptions, RateLimitRule, ROLES } from '../features/access';
import { DEFAULT_QUEUE_PREFIX } from '../features/jobs/queue/queue-names';

/** The variable of each route group. */
const GROUP_VARIABLES: Readonly<Record<RateLimitGroup, keyof Environment>> = {
  moderation: 'MODERATION_RATE_LIMIT_MODERATION',
  review: 'MODERATION_RATE_LIMIT_REVIEW',
  admin: 'MODERATION_RATE_LIMIT_ADMIN',
};

/**
 * The rate limits from the validated environment: nothing when no `MODERATION_RATE_LIMIT_*` is
 * set; with `REDIS_URL`, counts in Redis under the queue's key prefix, so servers share them.
 */
export function rateLimitOptionsFromEnvironment(env: Environment): { rateLimits?: RateLimitOptions } {
  const groups: Partial<Record<RateLimitGroup, RateLimitRule>> = {};
  for (const group of RATE_LIMIT_GROUPS) {
    const setting = env[GROUP_VARIABLES[group]] as RateLimitRuleSetting | undefined;
    if (setting) groups[group] = toRule(setting);
  }
  if (Object.keys(groups).length === 0) return {};
  const redis = env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: `${env.MODERATION_QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX}:rate-limit:` } : undefined;
  return { rateLimits: { groups, ...(redis ? { redis } : {}) } };
}

function toRule(setting: RateLimitRuleSetting): RateLimitRule {
  const window = (from: { limit: number; windowSeconds: number }) => ({ limit: from.limit, windowSeconds: from.windowSeconds });
  const roles = Object.fromEntries(ROLES.filter((role) => setting.roles[role] !== undefined).map((role) => [role, window(setting.roles[role]!)]));
  return { ...window(setting), roles };
}
