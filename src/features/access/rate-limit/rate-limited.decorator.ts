import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { RateLimitGroup } from './rate-limit-options';

/** Metadata key of {@link RateLimited}. */
export const RATE_LIMIT_GROUP_KEY = 'moderation:rate-limit-group';

/** The OpenAPI extension naming an operation's rate-limit group; the document's 429 answers are derived from it. */
export const RATE_LIMIT_GROUP_EXTENSION = 'x-rate-limit-group';

/**
 * Counts the route's requests against `group`'s limit (when one is configured). Routes without it,
 * health probes and metrics above all, are never limited.
 */
export const RateLimited = (group: RateLimitGroup): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT_GROUP_KEY, group), ApiExtension(RATE_LIMIT_GROUP_EXTENSION, group));
