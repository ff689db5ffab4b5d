import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage, getOptionsToken, getStorageToken } from '@nestjs/throttler';
import type { Response } from 'express';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppErrorCode } from '../../../shared/errors/app-error-code';
import { toHttpException } from '../../../shared/http/error-body';
import { AuthenticatedRequest } from '../auth/principal';
import { RateLimitRules, countedPrincipal } from './rate-limit-rules';

/**
 * Counts a request against its route group's limit, per API key (per client address without one),
 * and refuses it past the limit with 429 RATE_LIMITED and `Retry-After` in seconds. Served
 * requests carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`.
 * Runs after the API-key guard (see AccessGuard), which is what lets it count by key.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly rules: RateLimitRules,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http' || !this.rules.enabled;
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = countedPrincipal(request as unknown as AuthenticatedRequest);
    return principal ? `key:${principal.keyId}` : `ip:${await super.getTracker(request)}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    const group = this.rules.groupOf(context);
    // Set here too, so a host app without the moderation error filter still tells clients when to come back.
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds));
    throw toHttpException(
      new ModerationError(AppErrorCode.RateLimited, `Too many ${group} requests: at most ${detail.limit} every ${detail.ttl / 1000} s. Retry after ${retryAfterSeconds} s.`, {
        group,
        limit: detail.limit,
        windowSeconds: detail.ttl / 1000,
        retryAfterSeconds,
      }),
    );
  }
}
