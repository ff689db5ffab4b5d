import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerOptions } from '@nestjs/throttler';
import { AuthenticatedRequest, Principal } from '../auth/principal';
import { RATE_LIMIT_GROUP_KEY } from './rate-limited.decorator';
import { RateLimitGroup, RateLimitOptions, RateLimitWindow } from './rate-limit-options';

/** The principal whose key is counted: none while auth is disabled, when every caller shares one stand-in identity. */
export function countedPrincipal(request: AuthenticatedRequest): Principal | undefined {
  const principal = request.principal;
  return principal === undefined || principal.authDisabled ? undefined : principal;
}

/**
 * Which limit applies to a request: its route's group (from {@link RateLimited}), then the
 * override for its key's role, if any. Requests counted by client address get the group's own.
 */
export class RateLimitRules {
  constructor(
    private readonly options: RateLimitOptions | undefined,
    private readonly reflector: Reflector,
  ) {}

  /** True when at least one group is limited. */
  get enabled(): boolean {
    return this.options !== undefined && Object.values(this.options.groups).some((rule) => rule !== undefined);
  }

  /** The route's group, or undefined for a route that is never limited. */
  groupOf(context: ExecutionContext): RateLimitGroup | undefined {
    return this.reflector.getAllAndOverride<RateLimitGroup | undefined>(RATE_LIMIT_GROUP_KEY, [context.getHandler(), context.getClass()]);
  }

  /** The limit of this request, or undefined when it is not limited. */
  windowFor(context: ExecutionContext): RateLimitWindow | undefined {
    const group = this.groupOf(context);
    const rule = group === undefined ? undefined : this.options?.groups[group];
    if (!rule) return undefined;
    const principal = countedPrincipal(context.switchToHttp().getRequest<AuthenticatedRequest>());
    return (principal && rule.roles?.[principal.role]) || rule;
  }

  /**
   * The throttler's settings: one throttler whose limit and window are looked up per request, and
   * whose count is per group and caller (not per route, the library's default), so that every
   * route of a group draws on one allowance.
   */
  toThrottlerOptions(): ThrottlerOptions[] {
    const window = (context: ExecutionContext): RateLimitWindow => {
      const found = this.windowFor(context);
      if (!found) throw new Error('A rate limit was looked up for a route that has none');
      return found;
    };
    return [
      {
        limit: (context) => window(context).limit,
        ttl: (context) => window(context).windowSeconds * 1000,
        skipIf: (context) => this.windowFor(context) === undefined,
        generateKey: (context, tracker) => `${this.groupOf(context)}:${tracker}`,
      },
    ];
  }
}
