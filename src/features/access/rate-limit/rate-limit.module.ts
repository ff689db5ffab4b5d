import { Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModuleOptions, ThrottlerStorage, ThrottlerStorageService, getOptionsToken, getStorageToken } from '@nestjs/throttler';
import { MODERATION_MODULE_OPTIONS } from '../../../core/core.module-definition';
import { AccessFeatureOptions } from '../access-feature-options';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitRules } from './rate-limit-rules';
import { RedisRateLimitStorage } from './redis-rate-limit-storage';

/**
 * The rate limiter and what it needs: the rules from the module options, the throttler's settings
 * and its storage (Redis when configured, so servers share counts; else this process's memory).
 * Provided here rather than through ThrottlerModule, which is global and would hand our settings
 * to a host app's own throttler.
 */
@Module({
  providers: [
    {
      provide: RateLimitRules,
      useFactory: (options: AccessFeatureOptions, reflector: Reflector) => new RateLimitRules(options.rateLimits, reflector),
      inject: [MODERATION_MODULE_OPTIONS, Reflector],
    },
    {
      provide: getOptionsToken(),
      useFactory: (rules: RateLimitRules): ThrottlerModuleOptions => ({ throttlers: rules.toThrottlerOptions() }),
      inject: [RateLimitRules],
    },
    {
      provide: getStorageToken(),
      useFactory: (options: AccessFeatureOptions, rules: RateLimitRules): ThrottlerStorage => {
        const redis = options.rateLimits?.redis;
        // No connection at all unless something is limited.
        return redis && rules.enabled ? new RedisRateLimitStorage(redis) : new ThrottlerStorageService();
      },
      inject: [MODERATION_MODULE_OPTIONS, RateLimitRules],
    },
    RateLimitGuard,
  ],
  exports: [RateLimitGuard],
})
export class RateLimitModule {}
