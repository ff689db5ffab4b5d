import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { RateLimitRedisOptions } from './rate-limit-options';

/** What a storage answers for one counted request. */
type CountedRequest = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Longest wait for Redis to count a request; past it the request is served uncounted. */
const COMMAND_TIMEOUT_MS = 500;

/** At most one warning this often while Redis cannot count, so an outage does not flood the log. */
const WARNING_INTERVAL_MS = 30_000;

/**
 * Counts in Redis, so that every server sharing it enforces one limit per key: the counting itself
 * is @nest-lab/throttler-storage-redis (one Lua script per request, atomic in Redis), over a
 * connection of our own whose keys carry the deployment's prefix.
 *
 * When Redis does not answer (down, or slower than {@link COMMAND_TIMEOUT_MS}) the request is
 * served and not counted, with a warning: synchronous moderation needs no Redis, and a rate
 * limiter must not be what takes the API down. Commands fail at once rather than queue while
 * disconnected, so no request waits for Redis to come back.
 */
export class RedisRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly counter: ThrottlerStorageRedisService;
  private lastWarningAt = 0;

  constructor(options: RateLimitRedisOptions) {
    this.redis = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectionName: 'clip-moderation:rate-limit',
    });
    // Without a listener ioredis prints every connection error to stderr itself.
    this.redis.on('error', (error: Error) => this.warn(`Redis connection: ${error.message}`));
    this.counter = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<CountedRequest> {
    try {
      return await this.counter.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.warn(`requests are served uncounted while Redis does not answer: ${error instanceof Error ? error.message : String(error)}`);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(message);
  }
}
