import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { ApiKeyGuard } from './api-key.guard';

/**
 * The one global guard of the API: the API key first, then its rate limit. One guard calling both,
 * rather than two global guards, because Nest orders global guards by module registration, and
 * the limiter must see the key the first one resolved to count per key.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyGuard,
    private readonly rateLimits: RateLimitGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    return (await this.keys.canActivate(context)) && this.rateLimits.canActivate(context);
  }
}
