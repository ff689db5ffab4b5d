import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { toInteger } from './transforms';

/** How log lines are written: JSON for collectors, pretty for people at a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;

/** One of {@link LOG_FORMATS}. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * Variables of what operators watch: metrics and logs (README: Configuration). A base class of
 * {@link Environment}, so class-validator and class-transformer check these with the rest.
 */
export class ObservabilityEnvironment {
  /** `json` (one JSON object a line) or `pretty` (for people). Default: pretty on a terminal, JSON otherwise. */
  @IsOptional() @IsIn(LOG_FORMATS)
  MODERATION_LOG_FORMAT?: LogFormat;

  /** When set, `GET /metrics` (and the worker's metrics port) require `Authorization: Bearer <token>`; unset, they are open. */
  @IsOptional() @IsString() @MinLength(16, { message: 'must be at least 16 characters' })
  MODERATION_METRICS_TOKEN?: string;

  /** Port the worker serves `GET /metrics` on (on HOST); unset, the worker serves no metrics. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(65535)
  MODERATION_WORKER_METRICS_PORT?: number;
}
