import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { WebhookEnvironment } from '../webhooks/webhook-environment';

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** Where the server runs moderation jobs: in its own process, or only in separate workers. */
export type QueueProcessorsMode = 'inline' | 'off';

/** Every {@link QueueProcessorsMode}. */
export const QUEUE_PROCESSORS_MODES: readonly QueueProcessorsMode[] = Object.freeze(['inline', 'off'] as const);

/**
 * Queue and worker variables, shared by the server and the worker (`npm run worker`). Without
 * `REDIS_URL` there is no queue: synchronous moderation works, asynchronous requests are refused.
 */
export class QueueEnvironment extends WebhookEnvironment {
  /** `redis://[:password@]host:6379[/db]` or `rediss://…`; unset means no queue. */
  @IsOptional() @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL (leave unset to run without a queue)' })
  REDIS_URL?: string;

  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. Default `clip-moderation`. */
  @IsOptional() @Matches(/^[A-Za-z0-9_.{}-]{1,64}$/, { message: 'must be 1 to 64 letters, digits or _ . { } -' })
  MODERATION_QUEUE_PREFIX?: string;

  /** `inline` (default): the server also runs jobs; `off`: it only enqueues, workers run them. */
  @IsOptional() @IsIn(QUEUE_PROCESSORS_MODES)
  MODERATION_QUEUE_PROCESSORS?: QueueProcessorsMode;

  /** Jobs one process runs at once. Default: `MODERATION_BATCH_SIZE`, so a batch can fill. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(256)
  MODERATION_WORKER_CONCURRENCY?: number;

  /** Attempts per moderation job, the first included, for transient failures. Default 3. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(50)
  MODERATION_JOB_ATTEMPTS?: number;

  /** First retry delay of a moderation job; each later one doubles. Default 1000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_JOB_BACKOFF_MS?: number;

  /** How long finished jobs stay queryable at `GET /v1/jobs/:id`. Default 86400 (a day). */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(31_536_000)
  MODERATION_JOB_RETENTION_SECONDS?: number;

  /** How long failed jobs (and their uploads) are kept for inspection and retry. Default 604800 (a week). */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(31_536_000)
  MODERATION_FAILED_JOB_RETENTION_SECONDS?: number;

  /** A worker's lock on a job; a job whose lock lapses (the worker died) is run again. Default 30000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) @Max(3_600_000)
  MODERATION_QUEUE_LOCK_MS?: number;

  /** How often workers look for jobs whose lock lapsed. Default 30000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) @Max(3_600_000)
  MODERATION_QUEUE_STALLED_INTERVAL_MS?: number;

  /** Longest wait for jobs under way when a worker stops; later they are left to another worker. Default 30000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_WORKER_SHUTDOWN_TIMEOUT_MS?: number;

  /**
   * FOR TESTS ONLY: makes every job wait this long before scoring, so a test can kill a worker in
   * the middle of a job. Never set it in production. Default 0.
   */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(600_000)
  MODERATION_TEST_ONLY_JOB_DELAY_MS?: number;
}
