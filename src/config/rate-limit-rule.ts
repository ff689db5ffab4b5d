import { ValidationOptions, registerDecorator } from 'class-validator';

/** At most `limit` requests in each window of `windowSeconds`. */
export interface RateLimitWindowSetting {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** A route group's limit, with the roles whose keys get another one. */
export interface RateLimitRuleSetting extends RateLimitWindowSetting {
  readonly roles: Readonly<Record<string, RateLimitWindowSetting>>;
}

/** What the parser leaves for text it cannot read, so validation can say what is expected. */
const UNREADABLE = Symbol('unreadable rate limit');

/** The role names an override may use (the access feature's roles; config cannot import them). */
const ROLE_NAMES: readonly string[] = ['submitter', 'reviewer', 'admin'];

const WINDOW_UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/** Longest window: a day. Longer windows are quotas, which this is not. */
const MAX_WINDOW_SECONDS = 86_400;

/**
 * class-transformer step for `MODERATION_RATE_LIMIT_*`: `600/60s` (600 requests per 60 seconds;
 * units s, m, h), optionally followed by per-role overrides: `600/60s,admin=6000/60s`. Text that
 * does not read so, or names a role twice, becomes a marker that {@link IsRateLimitRule} refuses.
 */
export function parseRateLimitRule({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const [first, ...overrides] = value.split(',').map((part) => part.trim());
  const base = readWindow(first ?? '');
  if (!base) return UNREADABLE;
  const roles: Record<string, RateLimitWindowSetting> = {};
  for (const override of overrides) {
    const match = /^([a-z]+)\s*=\s*(.+)$/.exec(override);
    const window = match ? readWindow(match[2]!) : undefined;
    if (!match || !window || !ROLE_NAMES.includes(match[1]!) || match[1]! in roles) return UNREADABLE;
    roles[match[1]!] = window;
  }
  return { ...base, roles } satisfies RateLimitRuleSetting;
}

function readWindow(text: string): RateLimitWindowSetting | undefined {
  const match = /^(\d{1,9})\s*\/\s*(\d{1,6})\s*([smh])$/.exec(text);
  if (!match) return undefined;
  const limit = Number(match[1]);
  const windowSeconds = Number(match[2]) * WINDOW_UNIT_SECONDS[match[3]!]!;
  if (limit < 1 || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) return undefined;
  return { limit, windowSeconds };
}

/** Validates a parsed `MODERATION_RATE_LIMIT_*`. */
export function IsRateLimitRule(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isRateLimitRule',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: 'must be <requests>/<window> with a window of 1s to 24h (units s, m, h), then optional role=<requests>/<window> overrides, e.g. 600/60s or 600/1m,admin=6000/1m',
        ...options,
      },
      validator: {
        validate: (value: unknown): boolean => value !== UNREADABLE && value !== null && typeof value === 'object' && 'limit' in value,
      },
    });
  };
}
