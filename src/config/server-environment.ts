import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { AUTH_MODES, AuthMode, SAMPLE_RATES_PATTERN } from './review-variables';
import { LEASE_BOUNDS } from '../features/review/review-options';
import { QUEUE_ORDERS, QUEUE_SPLITS, QueueOrder, QueueSplit } from '../features/review/review-types';
import { QueueEnvironment } from '../features/jobs/queue/queue-environment';

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value.trim()) : value;

/**
 * The server's variables: the shared engine vocabulary, the queue and webhook variables (the
 * worker reads the same class), plus database, storage and listening.
 */
export class ServerEnvironment extends QueueEnvironment {
  /** `postgres://user@host:5432/db` for PostgreSQL; unset for the embedded SQLite file. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL (leave unset for the embedded SQLite database)' })
  DATABASE_URL?: string;

  /** Folder for the SQLite file and held uploads. Default `./data`. */
  @IsOptional() @IsString() @MinLength(1)
  MODERATION_DATA_DIR?: string;

  /** Port to listen on. Default 3000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  /** Address to listen on. Default 0.0.0.0. */
  @IsOptional() @IsString() @MinLength(1)
  HOST?: string;

  /** Log verbosity. Default `log`. */
  @IsOptional() @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  /** Comma-separated origins allowed to call the API from browsers; unset means no CORS headers. */
  @IsOptional() @Matches(/^\s*https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*\s*$/, { message: 'must be a comma-separated list of http(s) origins' })
  MODERATION_CORS_ORIGINS?: string;

  // Review queue, API keys and image retention (issue 5); mapped by reviewOptionsFromEnvironment.

  /** `enabled` (default): every route needs an API key. `disabled`: local development only. */
  @IsOptional() @IsIn(AUTH_MODES)
  MODERATION_AUTH?: AuthMode;

  /** Share of allow and block decisions sampled for quality review, 0 to 1. Default 0.01. */
  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  MODERATION_REVIEW_SAMPLE_RATE?: number;

  /** Per-policy sample rates, e.g. `default=0.01,marketplace=0.05`. */
  @IsOptional() @Matches(SAMPLE_RATES_PATTERN, { message: 'must be policy=rate pairs separated by commas, rates from 0 to 1 (e.g. default=0.01,marketplace=0.05)' })
  MODERATION_REVIEW_SAMPLE_RATES?: string;

  /** Review queues: `single` (default), one per `policy`, or one per policy and `category`. */
  @IsOptional() @IsIn(QUEUE_SPLITS)
  MODERATION_REVIEW_QUEUES?: QueueSplit;

  /** Serving order of queues not configured through the API: `priority` (default) or `oldest`. */
  @IsOptional() @IsIn(QUEUE_ORDERS)
  MODERATION_REVIEW_ORDER?: QueueOrder;

  /** Lease of a claimed review item, in seconds. Default 300. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(LEASE_BOUNDS.min) @Max(LEASE_BOUNDS.max)
  MODERATION_REVIEW_LEASE_SECONDS?: number;

  /** Days image bytes are kept after their last review. Default 30. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(36500)
  MODERATION_IMAGE_RETENTION_DAYS?: number;

  /** Minutes between purges of expired image bytes; 0 turns the timer off. Default 60. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(10080)
  MODERATION_IMAGE_PURGE_INTERVAL_MINUTES?: number;

  // Policy tuning (issue 7).

  /** Seconds between reads of which policy version is active or in shadow (promotions by other processes); 0: only at start. Default 10. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3600)
  MODERATION_POLICY_REFRESH_SECONDS?: number;
}
